package dev.loopwatch.app.report;

import static dev.loopwatch.app.report.HtmlReport.escape;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.judgment.JudgmentStore.StoredCandidate;
import dev.loopwatch.app.judgment.JudgmentStore.StoredRun;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The research-judgment section of the HTML report: the latest {@code judgment run}, each
 * candidate's win rate against the human's actual next step with its 95% session-bootstrap
 * interval, drawn against the 50% line, and a table with ties, order consistency, the
 * length-controlled rate, ratings and cost. Drawn by its own script, which sets {@code
 * data-judgment-charts-expected} and {@code data-judgment-charts-rendered} on the body.
 */
public final class JudgmentSection {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

  private JudgmentSection() {}

  /** The section's HTML: heading, caveats, the chart element and the table. */
  public static String html(StoredRun run) {
    requireNonNull(run, "run is null");
    StringBuilder html = new StringBuilder();
    html.append("<section id=\"judgment\">\n<h2>Research judgment</h2>\n")
        .append("<p class=\"explain\">The latest <code>loopwatch judgment run</code>, ")
        .append(escape(MINUTE.format(run.runAt().atOffset(ZoneOffset.UTC))))
        .append(": ")
        .append(run.items())
        .append(" decision points from ")
        .append(run.sessions())
        .append(" sessions (")
        .append(escape(run.itemsFile()))
        .append("), judge ")
        .append(escape(run.judge()))
        .append(" (")
        .append(escape(run.judgeModel()))
        .append("), prompts ")
        .append(escape(run.promptVersion()))
        .append(". A win means the judge, who knows how the session turned out, preferred the ")
        .append("candidate's proposed next step to the human's in both orders; a verdict that ")
        .append("flips with the order is a tie and counts half. Intervals are 95%, from ")
        .append(run.bootstrap())
        .append(" resamples of whole sessions. The length-controlled rate is the one to quote when")
        .append(" the candidate writes longer proposals than the human.")
        .append(
            run.stoppedByBudget()
                ? " <strong>The budget stopped this run early</strong>: the rates cover the items"
                    + " judged before it."
                : "")
        .append("</p>\n")
        .append("<div class=\"chart judgment-chart\" id=\"judgment-win-rates\" role=\"img\" ")
        .append("aria-label=\"Win rate against the human per candidate\"></div>\n")
        .append("<table class=\"judgment\">\n<thead><tr><th>Candidate</th><th>Model</th>")
        .append("<th>Judged</th><th>Win rate [95% CI]</th><th>Wins / ties / losses</th>")
        .append("<th>Order consistency</th><th>Length-controlled [95% CI]</th>")
        .append("<th>Rating [95% CI]</th><th>Not judged</th><th>Cost</th></tr></thead>\n<tbody>\n");
    for (StoredCandidate c : run.candidates()) {
      html.append("<tr><td>")
          .append(escape(c.candidate()))
          .append("</td><td>")
          .append(escape(c.model()))
          .append("</td><td>")
          .append(c.judged())
          .append("</td><td>")
          .append(percent(c.winRate(), c.winRateLow(), c.winRateHigh()))
          .append("</td><td>")
          .append(c.wins())
          .append(" / ")
          .append(c.ties())
          .append(" / ")
          .append(c.losses())
          .append("</td><td>")
          .append(percent(c.orderConsistency(), OptionalDouble.empty(), OptionalDouble.empty()))
          .append("</td><td>")
          .append(percent(c.lengthControlled(), c.lengthControlledLow(), c.lengthControlledHigh()))
          .append("</td><td>")
          .append(rating(c))
          .append("</td><td>")
          .append(c.notJudged())
          .append("</td><td>")
          .append(cost(c))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n<script type=\"application/json\" id=\"judgment-data\">")
        .append(data(run).toString().replace("</", "<\\/"))
        .append("</script>\n</section>\n");
    return html.toString();
  }

  /** The script that draws the section's chart; include it after ECharts. */
  public static String script() {
    return SCRIPT;
  }

  private static String percent(OptionalDouble value, OptionalDouble low, OptionalDouble high) {
    if (value.isEmpty()) {
      return "unknown";
    }
    String text = String.format(Locale.ROOT, "%.1f%%", 100 * value.getAsDouble());
    return low.isPresent() && high.isPresent()
        ? text
            + String.format(
                Locale.ROOT, " [%.1f–%.1f]", 100 * low.getAsDouble(), 100 * high.getAsDouble())
        : text;
  }

  private static String rating(StoredCandidate c) {
    if (c.rating().isEmpty()) {
      return "-";
    }
    String text = String.format(Locale.ROOT, "%.0f", c.rating().getAsDouble());
    return c.ratingLow().isPresent() && c.ratingHigh().isPresent()
        ? text
            + String.format(
                Locale.ROOT,
                " [%.0f–%.0f]",
                c.ratingLow().getAsDouble(),
                c.ratingHigh().getAsDouble())
        : text;
  }

  private static String cost(StoredCandidate c) {
    String text = String.format(Locale.ROOT, "$%.4f", c.costUsd());
    return c.unknownCostCalls() == 0
        ? text
        : text + " + " + c.unknownCostCalls() + " calls of unknown cost";
  }

  private static ObjectNode data(StoredRun run) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode points = root.putArray("candidates");
    for (StoredCandidate c : run.candidates()) {
      if (c.winRate().isPresent()) {
        ObjectNode point = points.addObject();
        point.put("name", c.candidate());
        point.put("rate", c.winRate().getAsDouble());
        point.put("low", c.winRateLow().orElse(c.winRate().getAsDouble()));
        point.put("high", c.winRateHigh().orElse(c.winRate().getAsDouble()));
      }
    }
    return root;
  }

  private static final String SCRIPT =
      """
      (function () {
        var element = document.getElementById('judgment-data');
        var target = document.getElementById('judgment-win-rates');
        var expected = 0;
        var rendered = 0;
        if (element && target) {
          try {
            var data = JSON.parse(element.textContent);
            if (data.candidates.length > 0) {
              expected++;
              var names = data.candidates.map(function (c) { return c.name; });
              var chart = echarts.init(target, null, { renderer: 'svg' });
              chart.setOption({
                animation: false,
                tooltip: { trigger: 'item' },
                grid: { left: 140, right: 30, top: 20, bottom: 40 },
                xAxis: { type: 'value', min: 0, max: 1, name: 'win rate vs human',
                  axisLabel: { formatter: function (v) { return Math.round(v * 100) + '%'; } } },
                yAxis: { type: 'category', data: names },
                series: [
                  { type: 'scatter', symbolSize: 10,
                    data: data.candidates.map(function (c, i) { return [c.rate, i]; }),
                    markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0.5 }],
                      label: { formatter: 'parity' } } },
                  { type: 'custom', z: 10,
                    data: data.candidates.map(function (c, i) { return [c.low, c.high, i]; }),
                    renderItem: function (params, api) {
                      var low = api.coord([api.value(0), api.value(2)]);
                      var high = api.coord([api.value(1), api.value(2)]);
                      return { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] },
                        style: { stroke: '#222', lineWidth: 1.5 } };
                    } }
                ]
              });
              if (target.querySelector('svg path')) { rendered++; }
              window.addEventListener('resize', function () { chart.resize(); });
            }
          } catch (e) {
            if (window.__lwRecordError) { window.__lwRecordError('chart judgment-win-rates: ' + e.message); }
          }
        }
        document.body.setAttribute('data-judgment-charts-expected', String(expected));
        document.body.setAttribute('data-judgment-charts-rendered', String(rendered));
      })();
      """;
}
