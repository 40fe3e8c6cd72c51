package dev.loopwatch.app.trends;

import static dev.loopwatch.app.report.HtmlReport.escape;

import dev.loopwatch.app.report.HtmlReport;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.trends.horizon.Interval;
import dev.loopwatch.trends.index.BenchmarkParams;
import dev.loopwatch.trends.index.IndexFit;
import dev.loopwatch.trends.index.IndexFlag;
import dev.loopwatch.trends.index.ModelIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The self-contained HTML page of {@code loopwatch index}: the index of every dated model against
 * its release date (with its interval), the model and benchmark tables, and the trend when fitted.
 */
final class IndexHtml {
  private static final long DAY_MILLIS = 86_400_000L;

  private IndexHtml() {}

  /** Writes the page of {@code report} to {@code out}. */
  static void write(IndexCommand.Report report, Path out) {
    try {
      Files.writeString(out, render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /** The page of {@code report}. */
  static String render(IndexCommand.Report report) {
    IndexFit fit = report.fit();
    String level = Math.round(fit.options().level() * 100) + "% CI";
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append(
            "<meta name=\"generator\" content=\"loopwatch\">\n<title>Capability index</title>\n")
        .append("<style>\n")
        .append(HtmlReport.styleSheet())
        .append("td.num { text-align: right; font-variant-numeric: tabular-nums; }\n")
        .append("</style>\n<script>\n")
        .append("window.onerror = function (message, source, line) {\n")
        .append("  var item = document.createElement('div');\n")
        .append("  item.className = 'js-error';\n")
        .append("  item.textContent = 'Script error: ' + message + ' (line ' + line + ')';\n")
        .append("  var box = document.getElementById('js-errors');\n")
        .append("  (box || document.documentElement).appendChild(item);\n")
        .append("};\n</script>\n</head>\n<body>\n")
        .append(
            "<div id=\"js-errors\" role=\"alert\"></div>\n<main>\n<h1>Capability index</h1>\n<p>")
        .append(escape(report.input()))
        .append(": ")
        .append(fit.models().size())
        .append(" models, ")
        .append(fit.benchmarks().size())
        .append(" benchmarks, ")
        .append(fit.scores())
        .append(" scores. Anchor benchmark ")
        .append(escape(fit.options().anchorBenchmark()))
        .append("; scale ")
        .append(escape(fit.options().low().model()))
        .append(" = ")
        .append(Numbers.significant(fit.options().low().value()))
        .append(", ")
        .append(escape(fit.options().high().model()))
        .append(" = ")
        .append(Numbers.significant(fit.options().high().value()))
        .append(". Intervals: ")
        .append(fit.draws() > 0 ? level + " from " + fit.draws() + " bootstrap draws" : "none")
        .append(".</p>\n");
    report
        .trend()
        .ifPresent(t ->
            html.append("<p>Trend of the dated models: ")
                .append(Dates.number(t.broken().before().slope() * 365.25, 2))
                .append(" &rarr; ")
                .append(Dates.number(t.broken().after().slope() * 365.25, 2))
                .append(" per year after ")
                .append(t.breakpointDate())
                .append(", slope ratio ")
                .append(Dates.number(t.slopeRatio(), 2))
                .append(
                    t.ratioInterval()
                        .map(i ->
                            " (95% CI "
                                + Dates.number(i.low(), 2)
                                + "&ndash;"
                                + Dates.number(i.high(), 2)
                                + ")")
                        .orElse(""))
                .append("; verdict: ")
                .append(t.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(".</p>\n"));
    html.append("<div id=\"chart\" style=\"height:440px\"></div>\n");
    html.append("<h2>Models</h2>\n<table>\n<tr><th>model</th><th>released</th><th>benchmarks</th>")
        .append("<th>index</th><th>")
        .append(level)
        .append("</th><th>rmse</th><th>flags</th></tr>\n");
    for (ModelIndex model : fit.models()) {
      html.append("<tr><td>")
          .append(escape(model.model()))
          .append("</td><td>")
          .append(model.date().map(LocalDate::toString).orElse("-"))
          .append("</td><td class=\"num\">")
          .append(model.benchmarks())
          .append("</td><td class=\"num\">")
          .append(format(model.index()))
          .append("</td><td class=\"num\">")
          .append(interval(model.interval()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.3f", model.rmse()))
          .append("</td><td>")
          .append(labels(model.flags()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<h2>Benchmarks</h2>\n<table>\n<tr><th>benchmark</th><th>models</th>")
        .append("<th>difficulty</th><th>")
        .append(level)
        .append("</th><th>slope per point</th><th>rmse</th><th>mean residual</th><th>flags</th>")
        .append("</tr>\n");
    for (BenchmarkParams benchmark : fit.benchmarks()) {
      html.append("<tr><td>")
          .append(escape(benchmark.benchmark()))
          .append(benchmark.anchor() ? " (anchor)" : "")
          .append("</td><td class=\"num\">")
          .append(benchmark.models())
          .append("</td><td class=\"num\">")
          .append(format(benchmark.index()))
          .append("</td><td class=\"num\">")
          .append(interval(benchmark.indexInterval()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.4f", benchmark.slope()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.3f", benchmark.rmse()))
          .append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%+.3f", benchmark.meanResidual()))
          .append("</td><td>")
          .append(labels(benchmark.flags()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<footer>Made by loopwatch. Self-contained page: charts drawn by")
        .append(" Apache ECharts, embedded; nothing is loaded from the network.</footer>\n")
        .append("</main>\n<script>\n")
        .append(HtmlReport.echartsScript())
        .append("\n</script>\n<script type=\"application/json\" id=\"index-data\">")
        .append(TrendsHtml.json(chartData(fit)))
        .append("</script>\n<script>\n")
        .append(SCRIPT)
        .append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static final String SCRIPT =
      """
      (function () {
        var data = JSON.parse(document.getElementById('index-data').textContent);
        var chart = echarts.init(document.getElementById('chart'), null, { renderer: 'svg' });
        chart.setOption({
          animation: false,
          tooltip: { trigger: 'item', formatter: function (p) {
            var d = p.data; return d[3] + '<br>' + new Date(d[0]).toISOString().slice(0, 10)
              + ': ' + d[1].toFixed(2) + (d[4] === null ? '' : ' [' + d[4].toFixed(2) + ', '
              + d[5].toFixed(2) + ']'); } },
          xAxis: { type: 'time', name: 'release date' },
          yAxis: { type: 'value', name: 'index', scale: true },
          series: [
            { type: 'custom', name: 'interval', silent: true, data: data.points.filter(
                function (d) { return d[4] !== null; }),
              renderItem: function (params, api) {
                var low = api.coord([api.value(0), api.value(4)]);
                var high = api.coord([api.value(0), api.value(5)]);
                return { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] },
                  style: { stroke: '#9bb', lineWidth: 1 } };
              }, encode: { x: 0, y: [4, 5] } },
            { type: 'scatter', name: 'index', symbolSize: 6, data: data.points }
          ]
        });
        window.addEventListener('resize', function () { chart.resize(); });
        document.body.dataset.chartsRendered = '1';
      })();
      """;

  private static Map<String, Object> chartData(IndexFit fit) {
    List<List<Object>> points = new ArrayList<>();
    for (ModelIndex model : fit.models()) {
      if (model.date().isEmpty()) {
        continue;
      }
      List<Object> point = new ArrayList<>();
      point.add(model.date().get().toEpochDay() * DAY_MILLIS);
      point.add(model.index());
      point.add(model.benchmarks());
      point.add(model.model());
      point.add(model.interval().map(Interval::low).orElse(null));
      point.add(model.interval().map(Interval::high).orElse(null));
      points.add(point);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("points", points);
    return data;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String interval(Optional<Interval> interval) {
    return interval
        .map(i -> String.format(Locale.ROOT, "%.2f &ndash; %.2f", i.low(), i.high()))
        .orElse("-");
  }

  private static String labels(List<IndexFlag> flags) {
    return flags.stream().map(IndexFlag::label).collect(Collectors.joining(", "));
  }
}
