package dev.loopwatch.app.report;

import static dev.loopwatch.app.report.HtmlReport.escape;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.RetroResult.Rate;
import dev.loopwatch.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.retro.review.ModelCalls;
import dev.loopwatch.retro.store.RetroStore.IncidentRow;
import dev.loopwatch.retro.store.RetroStore.ReviewCell;
import dev.loopwatch.retro.store.RetroStore.ReviewerRow;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The review retrospective's section of the HTML report: the funnel per reviewer and the strict and
 * judged catch rates with their 95% intervals as ECharts charts, and the same numbers in a table.
 * Drawn by its own small script, which sets {@code data-retro-charts-expected} and {@code
 * data-retro-charts-rendered} on the body.
 */
public final class RetroSection {
  /** At most this many incidents are listed; the JSON output has them all. */
  static final int MAX_INCIDENTS = 200;

  private RetroSection() {}

  /** The reviewer rows of a run, as the store keeps them. */
  public static List<ReviewerRow> rows(RetroResult result) {
    requireNonNull(result, "result is null");
    List<ReviewerRow> rows = new ArrayList<>();
    for (ReviewerSummary summary : result.summaries()) {
      rows.add(
          new ReviewerRow(
              summary.reviewer(),
              summary.funnel().incidents(),
              summary.funnel().fixFound(),
              summary.funnel().introducingFound(),
              summary.funnel().rebuilt(),
              summary.funnel().traceable(),
              summary.funnel().notApplicable(),
              summary.funnel().errors(),
              summary.funnel().reviewed(),
              summary.funnel().strictCaught(),
              summary.strict().interval(),
              summary.judgedRate().map(Rate::caught),
              summary.judgedRate().map(Rate::reviewed),
              summary.judgedRate().flatMap(Rate::interval),
              summary.controls().perChange(),
              summary.wallTime().toMillis(),
              summary.costReports() == 0 ? Optional.empty() : Optional.of(summary.costUsd()),
              summary.funnel().stoppedByBudget(),
              summary.modelCalls()));
    }
    return List.copyOf(rows);
  }

  /**
   * The section's HTML: heading, explanation, two chart elements, the reviewers' table, strict
   * catches by severity, and each incident's evidence.
   */
  public static String html(RetroRun run) {
    requireNonNull(run, "run is null");
    List<ReviewerRow> rows = run.reviewers();
    StringBuilder html = new StringBuilder();
    html.append("<section id=\"retro\">\n<h2>Review retrospective</h2>\n")
        .append(
            "<p class=\"explain\">Would each reviewer have caught the changes that caused our incidents? ")
        .append(
            "Funnel: incidents, those whose fix was found, whose introducing change was found (SZZ or ")
        .append(
            "declared), rebuilt for review, with a traceable buggy line, applicable (the reviewer reads ")
        .append(
            "at least one changed file), reviewed (reviewer errors apart), and caught. Only reviewed ")
        .append(
            "incidents are in a rate's denominator. Strict: a finding within the window of a buggy line. ")
        .append(
            "Judged: a judge scored a finding 2 or more. Whiskers: 95% Wilson intervals.</p>\n");
    if (rows.isEmpty()) {
      html.append("<p class=\"empty\">No reviewer in this run.</p>\n</section>\n");
      return html.toString();
    }
    html.append(
            "<div class=\"chart retro-chart\" id=\"retro-funnel\" data-retro-chart=\"funnel\" role=\"img\" ")
        .append("aria-label=\"Incidents to catches per reviewer\"></div>\n")
        .append(
            "<div class=\"chart retro-chart\" id=\"retro-rates\" data-retro-chart=\"rates\" role=\"img\" ")
        .append("aria-label=\"Catch rate per reviewer with 95% intervals\"></div>\n");
    html.append("<table class=\"retro\">\n<thead><tr><th>Reviewer</th><th>Incidents</th>")
        .append("<th>Fix found</th><th>Introducing found</th><th>Rebuilt</th>")
        .append("<th>Traceable buggy line</th><th>Not applicable</th><th>Applicable</th>")
        .append("<th>Errors</th><th>Reviewed</th>")
        .append("<th>Caught (strict)</th><th>Strict rate [95% CI]</th><th>Caught (judged)</th>")
        .append("<th>Judged rate [95% CI]</th><th>Findings per clean change</th>")
        .append("<th>Wall time</th><th>Cost (USD)</th>");
    boolean models = rows.stream().anyMatch(row -> row.modelCalls().isPresent());
    if (models) {
      html.append("<th>Stopped by budget</th><th>Model calls</th><th>Cache hits</th>")
          .append("<th>Tokens in / out</th><th>Model cost (USD)</th>")
          .append("<th>Cost avoided (USD, cache)</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (ReviewerRow row : rows) {
      html.append("<tr><td>")
          .append(escape(row.reviewer()))
          .append("</td><td>")
          .append(row.incidents())
          .append("</td><td>")
          .append(row.fixFound())
          .append("</td><td>")
          .append(row.introducingFound())
          .append("</td><td>")
          .append(row.rebuilt())
          .append("</td><td>")
          .append(row.traceable())
          .append("</td><td>")
          .append(row.notApplicable())
          .append("</td><td>")
          .append(row.traceable() - row.notApplicable())
          .append("</td><td>")
          .append(row.errors())
          .append("</td><td>")
          .append(row.reviewed())
          .append("</td><td>")
          .append(row.strictCaught())
          .append("</td><td>")
          .append(rate(row.strictCaught(), row.reviewed(), row.strict()))
          .append("</td><td>")
          .append(row.judgedCaught().map(String::valueOf).orElse("-"))
          .append("</td><td>")
          .append(
              row.judgedCaught().isPresent() && row.judgedReviewed().isPresent()
                  ? rate(row.judgedCaught().get(), row.judgedReviewed().get(), row.judged())
                  : percent(row.judged()))
          .append("</td><td>")
          .append(
              row.findingsPerClean()
                  .map(i ->
                      String.format(
                          Locale.ROOT, "%.2f [%.2f–%.2f]", i.estimate(), i.low(), i.high()))
                  .orElse("-"))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f s", row.wallMillis() / 1000.0))
          .append("</td><td>")
          .append(
              row.costUsd().map(c -> escape(c.stripTrailingZeros().toPlainString())).orElse("-"))
          .append("</td>");
      if (models) {
        html.append("<td>").append(row.stoppedByBudget()).append("</td>");
        modelCells(html, row.modelCalls());
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    run.models()
        .judgeModelCalls()
        .ifPresent(calls -> {
          html.append("<h3>Judge model</h3>\n<table class=\"retro-judge\">\n<thead><tr>")
              .append("<th>Model calls</th><th>Cache hits</th><th>Tokens in / out</th>")
              .append("<th>Model cost (USD)</th><th>Cost avoided (USD, cache)</th></tr></thead>\n")
              .append("<tbody>\n<tr>");
          modelCells(html, Optional.of(calls));
          html.append("</tr>\n</tbody>\n</table>\n");
        });
    if (run.models().stoppedByBudget()) {
      html.append("<p class=\"explain\">stopped_by_budget: the model budget ran out during this")
          .append(" run; the reviews not made are not in any rate's denominator.</p>\n");
    }
    bySeverity(html, rows, run.incidents());
    incidents(html, rows, run.incidents());
    html.append("<script type=\"application/json\" id=\"retro-data\">")
        .append(data(rows).toString().replace("</", "<\\/"))
        .append("</script>\n</section>\n");
    return html.toString();
  }

  /** The script that draws the section's charts; include it after ECharts. */
  public static String script() {
    return SCRIPT;
  }

  /** Strict catches over reviewed incidents per severity and reviewer (no interval: few rows). */
  private static void bySeverity(
      StringBuilder html, List<ReviewerRow> rows, List<IncidentRow> incidents) {
    Map<String, int[][]> counts = new TreeMap<>();
    for (IncidentRow incident : incidents) {
      int[][] perReviewer =
          counts.computeIfAbsent(incident.severity(), k -> new int[rows.size()][2]);
      for (ReviewCell cell : incident.reviews()) {
        int index = reviewerIndex(rows, cell.reviewer());
        if (index >= 0
            && !incident.buggyLines().isEmpty()
            && cell.notApplicable().isEmpty()
            && cell.error().isEmpty()
            && cell.stoppedByBudget().isEmpty()) {
          perReviewer[index][1]++;
          perReviewer[index][0] += cell.strictCatch().isPresent() ? 1 : 0;
        }
      }
    }
    if (counts.isEmpty()) {
      return;
    }
    html.append("<h3>Strict catches by severity</h3>\n<table class=\"retro-severity\">\n")
        .append("<thead><tr><th>Severity</th>");
    rows.forEach(row -> html.append("<th>").append(escape(row.reviewer())).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    counts.forEach((severity, perReviewer) -> {
      html.append("<tr><td>").append(escape(severity)).append("</td>");
      for (int[] count : perReviewer) {
        html.append("<td>")
            .append(
                count[1] == 0
                    ? "-"
                    : String.format(
                        Locale.ROOT,
                        "%d/%d (%.0f%%)",
                        count[0],
                        count[1],
                        100.0 * count[0] / count[1]))
            .append("</td>");
      }
      html.append("</tr>\n");
    });
    html.append("</tbody>\n</table>\n");
  }

  /** Each incident's evidence: stage, introducing commit, buggy lines, each reviewer's verdict. */
  private static void incidents(
      StringBuilder html, List<ReviewerRow> rows, List<IncidentRow> incidents) {
    if (incidents.isEmpty()) {
      return;
    }
    html.append("<h3>Incidents</h3>\n<table class=\"retro-incidents\">\n<thead><tr>")
        .append("<th>Incident</th><th>Severity</th><th>Stage</th><th>Introducing change</th>")
        .append("<th>Buggy lines</th>");
    rows.forEach(row -> html.append("<th>").append(escape(row.reviewer())).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    int shown = Math.min(incidents.size(), MAX_INCIDENTS);
    for (IncidentRow incident : incidents.subList(0, shown)) {
      html.append("<tr><td>")
          .append(escape(incident.incidentId()))
          .append("</td><td>")
          .append(escape(incident.severity()))
          .append("</td><td>")
          .append(escape(incident.stage()))
          .append("</td><td><code>")
          .append(
              escape(
                  incident
                      .introducing()
                      .map(c -> c.substring(0, Math.min(12, c.length())))
                      .orElse("-")))
          .append("</code>")
          .append(incident.declared() ? " (declared)" : "")
          .append("</td><td>")
          .append(
              escape(
                  incident.buggyLines().isEmpty() ? "none traced" : shorten(incident.buggyLines())))
          .append("</td>");
      for (ReviewerRow row : rows) {
        html.append("<td>").append(escape(verdict(incident, row.reviewer()))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (shown < incidents.size()) {
      html.append("<p class=\"explain\">The first ")
          .append(shown)
          .append(" of ")
          .append(incidents.size())
          .append(" incidents; <code>loopwatch retro --json</code> lists them all.</p>\n");
    }
  }

  private static String verdict(IncidentRow incident, String reviewer) {
    for (ReviewCell cell : incident.reviews()) {
      if (cell.reviewer().equals(reviewer)) {
        if (cell.notApplicable().isPresent()) {
          return "not applicable: " + shorten(cell.notApplicable().get());
        }
        if (cell.error().isPresent()) {
          return "reviewer error: " + shorten(cell.error().get());
        }
        if (cell.stoppedByBudget().isPresent()) {
          return "not reviewed (stopped_by_budget)";
        }
        if (incident.buggyLines().isEmpty()) {
          return "not counted: no traceable buggy line ("
              + cell.findings()
              + (cell.findings() == 1 ? " finding)" : " findings)");
        }
        String judged = cell.judgedScore().map(score -> "; judged " + score).orElse("");
        return cell.strictCatch().map(f -> "caught by " + shorten(f)).orElse("missed")
            + judged
            + " ("
            + cell.findings()
            + (cell.findings() == 1 ? " finding)" : " findings)");
      }
    }
    return "-";
  }

  private static String shorten(String text) {
    return text.length() <= 160 ? text : text.substring(0, 157) + "...";
  }

  private static int reviewerIndex(List<ReviewerRow> rows, String reviewer) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).reviewer().equals(reviewer)) {
        return i;
      }
    }
    return -1;
  }

  /** A self-contained page holding only the retrospective section, written atomically. */
  public static void writePage(RetroRun run, Path out) {
    requireNonNull(run, "run is null");
    requireNonNull(out, "out is null");
    String page =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"generator\" content=\"loopwatch\">\n"
            + "<title>Review retrospective</title>\n<style>\n"
            + HtmlReport.styleSheet()
            + "</style>\n</head>\n<body>\n<main>\n"
            + html(run)
            + "</main>\n<script>\n"
            + HtmlReport.echartsScript()
            + "\n</script>\n<script>\n"
            + SCRIPT
            + "</script>\n</body>\n</html>\n";
    ReportFiles.writeAtomically(out, stream -> stream.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The model-call cells: calls, cache hits, tokens, cost (with the calls of unknown cost, never
   * counted as 0) and cost avoided; "-" in each for a reviewer that called no model.
   */
  private static void modelCells(StringBuilder html, Optional<ModelCalls> calls) {
    if (calls.isEmpty()) {
      html.append("<td>-</td>".repeat(5));
      return;
    }
    ModelCalls c = calls.get();
    String cost = usd(c.costUsd());
    if (c.unknownCostCalls() > 0) {
      cost += " (+" + c.unknownCostCalls() + " of unknown cost)";
    }
    html.append("<td>")
        .append(c.calls())
        .append("</td><td>")
        .append(c.cacheHits())
        .append("</td><td>")
        .append(c.inputTokens())
        .append(" / ")
        .append(c.outputTokens())
        .append("</td><td>")
        .append(escape(cost))
        .append("</td><td>")
        .append(escape(usd(c.costAvoidedUsd())))
        .append("</td>");
  }

  private static String usd(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  /** {@code caught/reviewed pct [low-high]}, the denominator next to the rate; "-" for 0/0. */
  private static String rate(int caught, int reviewed, Optional<Bootstrap.Interval> interval) {
    if (reviewed == 0) {
      return "- (0 reviewed)";
    }
    return caught + "/" + reviewed + " " + percent(interval);
  }

  private static String percent(Optional<Bootstrap.Interval> interval) {
    return interval
        .map(i ->
            String.format(
                Locale.ROOT,
                "%.0f%% [%.0f–%.0f]",
                i.estimate() * 100,
                i.low() * 100,
                i.high() * 100))
        .orElse("-");
  }

  private static ObjectNode data(List<ReviewerRow> rows) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode reviewers = root.putArray("reviewers");
    for (ReviewerRow row : rows) {
      ObjectNode node = reviewers.addObject();
      node.put("name", row.reviewer());
      ArrayNode funnel = node.putArray("funnel");
      funnel.add(row.incidents()).add(row.fixFound()).add(row.introducingFound());
      funnel.add(row.rebuilt()).add(row.traceable()).add(row.traceable() - row.notApplicable());
      funnel.add(row.reviewed()).add(row.strictCaught());
      node.put("errors", row.errors());
      interval(node, "strict", row.strict());
      interval(node, "judged", row.judged());
    }
    return root;
  }

  private static void interval(ObjectNode node, String name, Optional<Bootstrap.Interval> value) {
    if (value.isEmpty()) {
      node.putNull(name);
      return;
    }
    ArrayNode array = node.putArray(name);
    array.add(value.get().estimate()).add(value.get().low()).add(value.get().high());
  }

  private static final String SCRIPT =
      """
      (function () {
        var element = document.getElementById('retro-data');
        var expected = 0;
        var rendered = 0;
        if (element) {
          var data = JSON.parse(element.textContent);
          var names = data.reviewers.map(function (r) { return r.name; });
          var stages = ['incidents', 'fix found', 'introducing found', 'rebuilt', 'traceable',
            'applicable', 'reviewed', 'caught (strict)'];
          function draw(id, option) {
            var target = document.getElementById(id);
            if (!target) { return; }
            expected++;
            try {
              var chart = echarts.init(target, null, { renderer: 'svg' });
              chart.setOption(option);
              if (target.querySelector('svg path')) { rendered++; }
              window.addEventListener('resize', function () { chart.resize(); });
            } catch (e) {
              if (window.__lwRecordError) { window.__lwRecordError('chart ' + id + ': ' + e.message); }
            }
          }
          draw('retro-funnel', {
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 50, right: 20, top: 40, bottom: 40 },
            xAxis: { type: 'category', data: stages },
            yAxis: { type: 'value', name: 'incidents', minInterval: 1 },
            series: data.reviewers.map(function (r) {
              return { name: r.name, type: 'bar', data: r.funnel };
            })
          });
          function whiskers(kind, offset) {
            return {
              name: kind + ' 95% CI', type: 'custom',
              data: data.reviewers.map(function (r, i) {
                var v = r[kind];
                return v ? [i, v[1] * 100, v[2] * 100] : [i, null, null];
              }),
              renderItem: function (params, api) {
                if (api.value(1) === null || isNaN(api.value(1))) { return null; }
                var low = api.coord([api.value(0), api.value(1)]);
                var high = api.coord([api.value(0), api.value(2)]);
                var x = low[0] + offset * api.size([1, 0])[0] * 0.2;
                return { type: 'group', children: [
                  { type: 'line', shape: { x1: x, y1: low[1], x2: x, y2: high[1] }, style: { stroke: '#222', lineWidth: 1.5 } },
                  { type: 'line', shape: { x1: x - 5, y1: low[1], x2: x + 5, y2: low[1] }, style: { stroke: '#222', lineWidth: 1.5 } },
                  { type: 'line', shape: { x1: x - 5, y1: high[1], x2: x + 5, y2: high[1] }, style: { stroke: '#222', lineWidth: 1.5 } }
                ] };
              },
              z: 10
            };
          }
          var judged = data.reviewers.some(function (r) { return r.judged; });
          var series = [
            { name: 'strict', type: 'bar', data: data.reviewers.map(function (r) { return r.strict ? r.strict[0] * 100 : null; }) },
            whiskers('strict', judged ? -1 : 0)
          ];
          if (judged) {
            series.push({ name: 'judged', type: 'bar', data: data.reviewers.map(function (r) { return r.judged ? r.judged[0] * 100 : null; }) });
            series.push(whiskers('judged', 1));
          }
          draw('retro-rates', {
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 50, right: 20, top: 40, bottom: 40 },
            xAxis: { type: 'category', data: names },
            yAxis: { type: 'value', name: 'catch rate %', min: 0, max: 100 },
            series: series
          });
        }
        document.body.setAttribute('data-retro-charts-expected', String(expected));
        document.body.setAttribute('data-retro-charts-rendered', String(rendered));
      })();
      """;
}
