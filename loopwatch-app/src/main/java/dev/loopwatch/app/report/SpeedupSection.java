package dev.loopwatch.app.report;

import static dev.loopwatch.app.report.HtmlReport.escape;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The speedup task's section of the HTML report: the median speedup of every accepted grading over
 * time, one series per model (or agent, or candidate), with its 95% interval, and a table of every
 * grading with its verdict. Drawn by its own script, which sets {@code
 * data-speedup-charts-expected} and {@code data-speedup-charts-rendered} on the body.
 */
public final class SpeedupSection {
  private SpeedupSection() {}

  /** The section's HTML: heading, explanation, the chart element and the table. */
  public static String html(List<HistoryRow> rows) {
    requireNonNull(rows, "rows is null");
    StringBuilder html = new StringBuilder();
    html.append("<section id=\"speedup\">\n<h2>Speedup task</h2>\n")
        .append(
            "<p class=\"explain\">Gradings of <code>loopwatch speedup</code>: how much faster a ")
        .append(
            "candidate ran than the baseline without changing its outputs on hidden seeds. The chart ")
        .append(
            "shows accepted gradings only (a rejected candidate's speed means nothing), median of the ")
        .append("interleaved pairs with its 95% bootstrap interval, on a log scale.</p>\n")
        .append("<div class=\"chart speedup-chart\" id=\"speedup-history\" role=\"img\" ")
        .append("aria-label=\"Accepted speedups over time\"></div>\n")
        .append(
            "<table class=\"speedup\">\n<thead><tr><th>Graded (UTC)</th><th>Task</th><th>By</th>")
        .append("<th>Seeds</th><th>Result</th><th>Speedup [95% CI]</th><th>Score</th>")
        .append("<th>Checks not passed</th></tr></thead>\n<tbody>\n");
    for (HistoryRow row : rows) {
      html.append("<tr><td>")
          .append(escape(row.gradedAt().toString()))
          .append("</td><td>")
          .append(escape(row.task()))
          .append("</td><td>")
          .append(escape(row.group()))
          .append("</td><td>")
          .append(row.practice() ? "practice" : "hidden")
          .append("</td><td>")
          .append(row.accepted() ? "accepted" : "rejected")
          .append("</td><td>")
          .append(
              row.median().isPresent()
                  ? number(row.median())
                      + "x ["
                      + number(row.low())
                      + "–"
                      + number(row.high())
                      + "]"
                  : "-")
          .append("</td><td>")
          .append(row.score().isPresent() ? number(row.score()) : "-")
          .append("</td><td>")
          .append(escape(notPassed(row.checks())))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n<script type=\"application/json\" id=\"speedup-data\">")
        .append(data(rows).toString().replace("</", "<\\/"))
        .append("</script>\n</section>\n");
    return html.toString();
  }

  /** The script that draws the section's chart; include it after ECharts. */
  public static String script() {
    return SCRIPT;
  }

  private static String notPassed(String checks) {
    StringBuilder failed = new StringBuilder();
    for (String check : checks.split(",")) {
      if (!check.isEmpty() && !check.endsWith("=pass")) {
        failed.append(failed.isEmpty() ? "" : ", ").append(check.replace('=', ' '));
      }
    }
    return failed.isEmpty() ? "-" : failed.toString();
  }

  private static String number(OptionalDouble value) {
    return String.format(Locale.ROOT, "%.2f", value.getAsDouble());
  }

  private static ObjectNode data(List<HistoryRow> rows) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode points = root.putArray("points");
    for (HistoryRow row : rows) {
      if (row.accepted() && !row.practice() && row.median().isPresent()) {
        ObjectNode point = points.addObject();
        point.put("at", row.gradedAt().toEpochMilli());
        point.put("group", row.group());
        point.put("median", row.median().getAsDouble());
        point.put("low", row.low().orElse(row.median().getAsDouble()));
        point.put("high", row.high().orElse(row.median().getAsDouble()));
      }
    }
    return root;
  }

  private static final String SCRIPT =
      """
      (function () {
        var element = document.getElementById('speedup-data');
        var expected = 0;
        var rendered = 0;
        var target = document.getElementById('speedup-history');
        if (element && target) {
          expected++;
          try {
            var data = JSON.parse(element.textContent);
            var groups = [];
            data.points.forEach(function (p) { if (groups.indexOf(p.group) < 0) { groups.push(p.group); } });
            var series = [];
            groups.forEach(function (g) {
              var mine = data.points.filter(function (p) { return p.group === g; });
              series.push({ name: g, type: 'line', symbolSize: 8,
                data: mine.map(function (p) { return [p.at, p.median]; }) });
              series.push({ name: g, type: 'custom', z: 10,
                data: mine.map(function (p) { return [p.at, p.low, p.high]; }),
                renderItem: function (params, api) {
                  var low = api.coord([api.value(0), api.value(1)]);
                  var high = api.coord([api.value(0), api.value(2)]);
                  return { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] },
                    style: { stroke: '#222', lineWidth: 1.5 } };
                } });
            });
            var chart = echarts.init(target, null, { renderer: 'svg' });
            chart.setOption({
              animation: false,
              tooltip: { trigger: 'item' },
              legend: { top: 0, data: groups },
              grid: { left: 60, right: 20, top: 40, bottom: 40 },
              xAxis: { type: 'time' },
              yAxis: { type: 'log', name: 'speedup (x)', logBase: 10 },
              series: series
            });
            if (target.querySelector('svg path')) { rendered++; }
            window.addEventListener('resize', function () { chart.resize(); });
          } catch (e) {
            if (window.__lwRecordError) { window.__lwRecordError('chart speedup-history: ' + e.message); }
          }
        }
        document.body.setAttribute('data-speedup-charts-expected', String(expected));
        document.body.setAttribute('data-speedup-charts-rendered', String(rendered));
      })();
      """;
}
