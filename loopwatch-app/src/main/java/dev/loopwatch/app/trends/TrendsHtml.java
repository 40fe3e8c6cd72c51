package dev.loopwatch.app.trends;

import static dev.loopwatch.app.report.HtmlReport.escape;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.report.HtmlReport;
import dev.loopwatch.app.report.ReportFiles;
import dev.loopwatch.app.trends.HorizonCommand.AgentRow;
import dev.loopwatch.app.trends.HorizonCommand.HorizonRow;
import dev.loopwatch.app.trends.HorizonCommand.Window;
import dev.loopwatch.trends.breakpoint.BrokenLine;
import dev.loopwatch.trends.breakpoint.DateInterval;
import dev.loopwatch.trends.breakpoint.Line;
import dev.loopwatch.trends.breakpoint.ModelComparison;
import dev.loopwatch.trends.breakpoint.Projection;
import dev.loopwatch.trends.breakpoint.SeriesPoint;
import dev.loopwatch.trends.breakpoint.TrendResult;
import dev.loopwatch.trends.horizon.DoublingTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The self-contained HTML pages of {@code loopwatch horizon --report} and {@code loopwatch trend
 * --report}: the report style sheet, Apache ECharts and {@code trends.js} inlined, the chart data
 * embedded as JSON with {@code <} written as {@code \u003c}, nothing loaded from the network.
 *
 * <p>For tests, the page's script sets {@code data-charts-rendered} on {@code <body>} to the number
 * of charts initialised and adds an element with class {@code js-error} to {@code #js-errors} for
 * every script error.
 */
final class TrendsHtml {
  private static final double FLOOR = 1e-3;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final Pattern SCRIPT_END = Pattern.compile("(?i)</(script)");
  private static final String SCRIPT = scriptSafe(resource("trends.js"));

  private TrendsHtml() {}

  /** Writes the horizon page for {@code report} to {@code out} atomically. */
  static void writeHorizon(HorizonCommand.Report report, Path out) {
    String page = renderHorizon(report);
    ReportFiles.writeAtomically(out, stream -> stream.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes the trend page for {@code report} to {@code out} atomically. */
  static void writeTrend(TrendCommand.Report report, List<SeriesPoint> points, Path out) {
    String page = renderTrend(report, points);
    ReportFiles.writeAtomically(out, stream -> stream.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  /** The horizon page: the horizons against release dates, the doubling lines, the agents. */
  static String renderHorizon(HorizonCommand.Report report) {
    requireNonNull(report, "report is null");
    Set<String> frontier = new LinkedHashSet<>();
    for (Window window : report.doublingTimes()) {
      window.doublingTime().ifPresent(d -> frontier.addAll(d.frontier()));
    }
    Map<String, Point> points = new LinkedHashMap<>();
    List<Map<String, Object>> agents = new ArrayList<>();
    for (AgentRow row : report.agents()) {
      HorizonRow p50 = p50(row);
      if (row.released().isEmpty() || p50.minutes().isEmpty()) {
        continue;
      }
      Point point = new Point(row.released().get(), Math.max(p50.minutes().get(), FLOOR));
      points.put(row.agent(), point);
      Map<String, Object> agent = new LinkedHashMap<>();
      agent.put("agent", row.agent());
      agent.put("released", millis(point.released().toEpochDay()));
      agent.put("minutes", point.minutes());
      agent.put("low", p50.interval().map(i -> Math.max(i.low(), FLOOR)));
      agent.put("high", p50.interval().map(i -> Math.max(i.high(), FLOOR)));
      agent.put("frontier", frontier.contains(row.agent()));
      agents.add(agent);
    }
    List<Map<String, Object>> windows = new ArrayList<>();
    for (Window window : report.doublingTimes()) {
      if (window.doublingTime().isPresent()) {
        windows.add(line(window.label(), window.doublingTime().get(), points));
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("agents", agents);
    data.put("windows", windows);

    StringBuilder html = new StringBuilder(1 << 21);
    head(html, "Time horizons and doubling time");
    html.append("<header>\n<h1>Time horizons and doubling time</h1>\n<p class=\"meta\">")
        .append(report.agents().size())
        .append(" agents; ")
        .append(
            report.bootstrap() == 0
                ? "no bootstrap"
                : report.bootstrap() + " bootstrap samples (seed " + report.seed() + ")")
        .append("; slope penalty ")
        .append(Dates.number(report.regularization(), 2))
        .append(".</p>\n</header>\n");
    html.append(
        "<section>\n<h2>Doubling time of the p50 frontier</h2>\n<ul class=\"headlines\">\n");
    for (Window window : report.doublingTimes()) {
      html.append("<li>").append(escape(headline(window))).append("</li>\n");
    }
    html.append("</ul>\n<p class=\"explain\">The frontier holds each agent whose p50 horizon is at")
        .append(" least the best of every agent released up to its date. The doubling time is")
        .append(" ln 2 over the slope of the least-squares line of ln(horizon) on release date.")
        .append("</p>\n</section>\n");
    html.append("<section>\n<h2>Horizon against release date</h2>\n")
        .append("<p class=\"explain\">p50 horizon in minutes (log scale), with bootstrap 95%")
        .append(" intervals; frontier agents filled, others hollow; one line per window; dashed")
        .append(
            " lines bound its 95% band: at each date, the percentiles of the trend lines refitted")
        .append(" to the bootstrap samples.</p>\n");
    if (agents.isEmpty()) {
      html.append("<p class=\"empty\">No agent has both a release date and a finite p50 horizon.")
          .append("</p>\n");
    } else {
      html.append("<div class=\"chart\" id=\"chart-horizon\" data-chart=\"horizon\"></div>\n");
    }
    html.append("</section>\n");
    agentsTable(html, report, frontier);
    foot(html, data);
    return html.toString();
  }

  /** The trend page: the series, the single and broken lines, the verdict and projections. */
  static String renderTrend(TrendCommand.Report report, List<SeriesPoint> points) {
    requireNonNull(report, "report is null");
    requireNonNull(points, "points is null");
    TrendResult result = report.result();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("log", result.log());
    data.put(
        "points",
        points.stream().map(p -> List.of(millis(p.date().toEpochDay()), p.value())).toList());
    double first = result.first().toEpochDay();
    double last = result.last().toEpochDay();
    BrokenLine broken = result.broken();
    data.put(
        "single", List.of(xy(result.single(), first, result), xy(result.single(), last, result)));
    data.put(
        "before",
        List.of(
            xy(broken.before(), first, result), xy(broken.before(), broken.breakpoint(), result)));
    data.put(
        "after",
        List.of(xy(broken.after(), broken.breakpoint(), result), xy(broken.after(), last, result)));
    data.put("breakpoint", millis(broken.breakpoint()));

    StringBuilder html = new StringBuilder(1 << 21);
    head(html, "Trend: single line or broken line");
    html.append("<header>\n<h1>Trend: single line or broken line</h1>\n<p class=\"meta\">")
        .append(result.points())
        .append(" points, ")
        .append(result.first())
        .append(" to ")
        .append(result.last())
        .append(report.group().map(g -> ", group " + escape(g)).orElse(""))
        .append(result.log() ? ", fitted as ln(value)" : "")
        .append(".</p>\n</header>\n");
    html.append("<section class=\"verdict\">\n<h2>Verdict</h2>\n<p class=\"headline\">")
        .append(escape(verdict(result)))
        .append("</p>\n<ul>\n<li>Single line: ")
        .append(escape(slope(result.single(), result.log())))
        .append("</li>\n<li>Broken line (")
        .append(broken.continuous() ? "continuous" : "discontinuous")
        .append(", ")
        .append(report.searched() ? "searched" : "fixed")
        .append(" breakpoint ")
        .append(result.breakpointDate())
        .append("): ")
        .append(escape(slope(broken.before(), result.log())))
        .append(" before, ")
        .append(escape(slope(broken.after(), result.log())))
        .append(" after</li>\n<li>Slope ratio (after/before): ")
        .append(Dates.number(result.slopeRatio(), 2))
        .append(
            result
                .ratioInterval()
                .map(i ->
                    ", 95% CI " + Dates.number(i.low(), 2) + " to " + Dates.number(i.high(), 2))
                .orElse(", no interval (no bootstrap)"))
        .append("</li>\n</ul>\n</section>\n");
    html.append("<section>\n<h2>Series and fits</h2>\n<p class=\"explain\">Points of the series")
        .append(result.log() ? " (log scale)" : "")
        .append("; the single line in grey, the broken line in blue, the breakpoint dashed.")
        .append("</p>\n<div class=\"chart\" id=\"chart-trend\" data-chart=\"trend\"></div>\n")
        .append("</section>\n");
    ModelComparison comparison = result.comparison();
    html.append("<section>\n<h2>Model comparison</h2>\n<table class=\"numbers compact\">\n")
        .append("<thead><tr><th>model</th><th>LOO-CV MSE</th><th>BIC</th></tr></thead>\n<tbody>\n")
        .append("<tr><th>single line</th><td>")
        .append(Dates.number(comparison.singleCvError(), 4))
        .append("</td><td>")
        .append(Dates.number(comparison.singleBic(), 1))
        .append("</td></tr>\n<tr><th>broken line</th><td>")
        .append(Dates.number(comparison.brokenCvError(), 4))
        .append("</td><td>")
        .append(Dates.number(comparison.brokenBic(), 1))
        .append("</td></tr>\n</tbody>\n</table>\n</section>\n");
    html.append("<section>\n<h2>Projections</h2>\n<p class=\"explain\">The date each line")
        .append(" reaches the target (the broken line's last segment), with bootstrap 95%")
        .append(" intervals; never when the line does not rise.</p>\n")
        .append("<table class=\"numbers compact\">\n<thead><tr><th>target (")
        .append(escape(report.unit()))
        .append(")</th>")
        .append("<th>single line</th><th>95% CI</th><th>broken line</th><th>95% CI</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (Projection projection : result.projections()) {
      html.append("<tr><th>")
          .append(Dates.number(projection.target(), 0))
          .append("</th><td>")
          .append(projection.single().map(LocalDate::toString).orElse("never"))
          .append("</td><td>")
          .append(interval(projection.singleInterval()))
          .append("</td><td>")
          .append(projection.broken().map(LocalDate::toString).orElse("never"))
          .append("</td><td>")
          .append(interval(projection.brokenInterval()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
    foot(html, data);
    return html.toString();
  }

  /** The verdict in words. */
  static String verdict(TrendResult result) {
    return switch (result.verdict()) {
      case ACCELERATED ->
          "Accelerated: the broken line beats the single line on both LOO-CV error and BIC, and"
              + " the whole 95% interval of the slope ratio lies above 1.";
      case DECELERATED ->
          "Decelerated: the broken line beats the single line on both LOO-CV error and BIC, and"
              + " the whole 95% interval of the slope ratio lies below 1.";
      case NOT_SHOWN ->
          "No change of trend shown: "
              + (result.ratioInterval().isEmpty()
                  ? "without a bootstrap there is no interval for the slope ratio."
                  : result.comparison().brokenWins()
                      ? "the 95% interval of the slope ratio includes 1."
                      : "the broken line does not beat the single line on both LOO-CV error and"
                          + " BIC.");
    };
  }

  /** One window's headline, e.g. {@code all data: doubling every 43.5 days}. */
  static String headline(Window window) {
    if (window.doublingTime().isEmpty()) {
      return window.label() + ": no doubling time, " + window.skipped().orElse("");
    }
    DoublingTime doubling = window.doublingTime().get();
    return window.label()
        + ": doubling every "
        + Dates.number(doubling.days(), 1)
        + " days"
        + doubling
            .interval()
            .map(i -> " (95% CI " + Dates.days(i.low()) + " to " + Dates.days(i.high()) + ")")
            .orElse("")
        + "; frontier "
        + String.join(", ", doubling.frontier())
        + (doubling.floored().isEmpty()
            ? ""
            : "; floored to 0.001 minutes: " + String.join(", ", doubling.floored()));
  }

  private record Point(LocalDate released, double minutes) {}

  private static HorizonRow p50(AgentRow row) {
    return row.horizons().stream()
        .filter(h -> h.percent() == 50)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no p50 horizon for " + row.agent()));
  }

  /**
   * The window's fitted line over its frontier's dates and, when bootstrapped, the edges of its
   * confidence band (percentiles of the sampled lines at each date).
   */
  private static Map<String, Object> line(
      String label, DoublingTime doubling, Map<String, Point> points) {
    List<Point> frontier = doubling.frontier().stream().map(points::get).toList();
    double meanX = 0;
    double meanY = 0;
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    for (Point point : frontier) {
      double x = point.released().toEpochDay();
      meanX += x;
      meanY += Math.log(point.minutes());
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
    }
    double centerX = meanX / frontier.size();
    double centerY = meanY / frontier.size();
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("label", label + ": " + Dates.number(doubling.days(), 1) + " days");
    window.put("line", segment(centerX, centerY, Math.log(2) / doubling.days(), minX, maxX));
    if (!doubling.band().isEmpty()) {
      window.put("low", band(doubling, true));
      window.put("high", band(doubling, false));
    }
    return window;
  }

  private static List<List<Double>> band(DoublingTime doubling, boolean low) {
    return doubling.band().stream()
        .map(p -> List.of(millis(p.date().toEpochDay()), low ? p.low() : p.high()))
        .toList();
  }

  private static List<List<Double>> segment(
      double meanX, double meanY, double slope, double fromX, double toX) {
    return List.of(
        List.of(millis(fromX), Math.exp(meanY + slope * (fromX - meanX))),
        List.of(millis(toX), Math.exp(meanY + slope * (toX - meanX))));
  }

  private static List<Double> xy(Line line, double day, TrendResult result) {
    double y = line.at(day);
    return List.of(millis(day), result.log() ? Math.exp(y) : y);
  }

  private static double millis(double epochDay) {
    return epochDay * DAY_MILLIS;
  }

  private static String slope(Line line, boolean log) {
    String text = Dates.number(line.slope() * 365.25, 4) + " per year";
    if (log && line.slope() > 0) {
      text += " (doubling every " + Dates.number(Math.log(2) / line.slope(), 1) + " days)";
    }
    return text;
  }

  private static String interval(Optional<DateInterval> interval) {
    return interval
        .map(i ->
            i.low().map(LocalDate::toString).orElse("never")
                + " to "
                + i.high().map(LocalDate::toString).orElse("never"))
        .orElse("-");
  }

  private static void agentsTable(
      StringBuilder html, HorizonCommand.Report report, Set<String> frontier) {
    html.append("<section>\n<h2>Agents</h2>\n<table class=\"numbers\">\n<thead><tr>")
        .append("<th>agent</th><th>released</th><th>runs</th><th>status</th>");
    List<Integer> percents =
        report.agents().isEmpty()
            ? List.of()
            : report.agents().get(0).horizons().stream().map(HorizonRow::percent).toList();
    for (int percent : percents) {
      html.append("<th>p").append(percent).append(" minutes</th><th>95% CI</th>");
    }
    html.append("<th>frontier</th></tr></thead>\n<tbody>\n");
    for (AgentRow row : byReleaseDate(report.agents())) {
      html.append("<tr><th>")
          .append(escape(row.agent()))
          .append("</th><td class=\"text date\">")
          .append(row.released().map(LocalDate::toString).orElse("undated"))
          .append("</td><td>")
          .append(row.runs())
          .append("</td><td class=\"text\">")
          .append(row.status().replace('_', ' '))
          .append("</td>");
      for (HorizonRow horizon : row.horizons()) {
        html.append("<td>")
            .append(
                horizon
                    .minutes()
                    .map(TrendsHtml::minutes)
                    .orElse(row.status().equals("flat") ? "flat" : "unbounded"))
            .append("</td><td>")
            .append(
                horizon
                    .interval()
                    .map(i -> minutes(i.low()) + " to " + minutes(i.high()))
                    .orElse("-"))
            .append("</td>");
      }
      html.append("<td class=\"text\">")
          .append(frontier.contains(row.agent()) ? "yes" : "")
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (!report.undated().isEmpty()) {
      html.append("<p class=\"warning\">No release date, left out of the trend: ")
          .append(escape(String.join(", ", report.undated())))
          .append("</p>\n");
    }
    if (!report.unbounded().isEmpty()) {
      html.append("<p class=\"warning\">Every run succeeded, horizon unbounded, left out: ")
          .append(escape(String.join(", ", report.unbounded())))
          .append("</p>\n");
    }
    if (!report.rising().isEmpty()) {
      html.append("<p class=\"warning\">Success rises with task length (positive slope), so the")
          .append(" horizon is not a horizon; ")
          .append(report.includeRising() ? "kept in" : "left out of")
          .append(" the doubling fit: ")
          .append(escape(String.join(", ", report.rising())))
          .append("</p>\n");
    }
    if (!report.extrapolated().isEmpty()) {
      html.append("<p class=\"warning\">p50 extrapolated below a quarter of the agent's shortest")
          .append(" task: ")
          .append(escape(String.join(", ", report.extrapolated())))
          .append("</p>\n");
    }
    if (!report.flat().isEmpty()) {
      html.append("<p class=\"warning\">Flat fitted curve (success does not change with task")
          .append(" length), no horizon, left out: ")
          .append(escape(String.join(", ", report.flat())))
          .append("</p>\n");
    }
    html.append("</section>\n");
  }

  /** The agents by release date, then alias; undated agents last. */
  static List<AgentRow> byReleaseDate(List<AgentRow> agents) {
    List<AgentRow> sorted = new ArrayList<>(agents);
    sorted.sort(
        Comparator.comparing(
                (AgentRow row) -> row.released().orElse(LocalDate.MAX), Comparator.naturalOrder())
            .thenComparing(AgentRow::agent));
    return sorted;
  }

  private static String minutes(double value) {
    return Numbers.significant(value);
  }

  private static void head(StringBuilder html, String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"loopwatch\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(HtmlReport.styleSheet())
        .append(".headlines li { font-size: 17px; margin: 4px 0; }\n")
        .append(".verdict .headline { font-size: 18px; font-weight: 600; }\n")
        .append("td.date { white-space: nowrap; }\n")
        .append("</style>\n<script>\n")
        .append("window.__lwRecordError = function (message) {\n")
        .append("  var box = document.getElementById('js-errors');\n")
        .append("  var item = document.createElement('div');\n")
        .append("  item.className = 'js-error';\n")
        .append("  item.textContent = 'Script error: ' + message;\n")
        .append("  if (box) { box.appendChild(item); }")
        .append(" else { document.documentElement.appendChild(item); }\n")
        .append("};\n")
        .append("window.onerror = function (message, source, line) {\n")
        .append("  window.__lwRecordError(message + ' (line ' + line + ')');\n")
        .append("};\n</script>\n</head>\n<body>\n")
        .append("<div id=\"js-errors\" role=\"alert\"></div>\n<main>\n");
  }

  private static void foot(StringBuilder html, Map<String, Object> data) {
    html.append("<footer>Made by loopwatch. Self-contained page: charts drawn by Apache ECharts,")
        .append(" embedded; nothing is loaded from the network.</footer>\n</main>\n")
        .append("<script>\n")
        .append(HtmlReport.echartsScript())
        .append("\n</script>\n<script type=\"application/json\" id=\"trend-data\">")
        .append(json(data))
        .append("</script>\n<script>\n")
        .append(SCRIPT)
        .append("</script>\n</body>\n</html>\n");
  }

  /** The data as JSON safe inside a script element: '<' only occurs in strings, as \u003c. */
  static String json(Object data) {
    try {
      return Json.mapper().writeValueAsString(data).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the page data", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = TrendsHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  private static String scriptSafe(String script) {
    return SCRIPT_END.matcher(script).replaceAll("<\\\\/$1").replace("<!--", "<\\!--");
  }
}
