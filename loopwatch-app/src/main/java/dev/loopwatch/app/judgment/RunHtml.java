package dev.loopwatch.app.judgment;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.judgment.BradleyTerry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A self-contained HTML page of a judgment run: one table of candidates, one of ratings. */
final class RunHtml {
  private RunHtml() {}

  /** Writes the page of {@code report} to {@code file}. */
  static void write(Path file, RunReport report) {
    try {
      Files.writeString(file, page(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The page's HTML. */
  static String page(RunReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Loopwatch judgment run</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:right}td:first-child,th:first-child{text-align:left}</style>")
        .append("</head><body><h1>Research judgment at detour points</h1><p>")
        .append(escape(report.items() + " items from " + report.itemsFile()))
        .append(", judge ")
        .append(escape(report.judge() + " (" + report.judgeModel() + ")"))
        .append(", prompts ")
        .append(escape(report.promptVersion()))
        .append(report.stoppedByBudget() ? "; <b>stopped_by_budget</b>" : "")
        .append("</p><table><tr><th>candidate</th><th>win rate vs human</th><th>95% interval</th>")
        .append("<th>tie rate</th><th>order consistency</th><th>length-controlled</th>")
        .append("<th>judged</th><th>judge errors</th><th>cost (USD)</th><th>cache hits</th></tr>");
    for (RunReport.Candidate c : report.candidates()) {
      html.append("<tr><td>")
          .append(escape(c.name() + " (" + c.model() + ")"))
          .append("</td><td>")
          .append(RunText.number(c.winRate()))
          .append("</td><td>")
          .append(RunText.interval(c.winRateLow(), c.winRateHigh()))
          .append("</td><td>")
          .append(RunText.number(c.tieRate()))
          .append("</td><td>")
          .append(RunText.number(c.orderConsistency()))
          .append("</td><td>")
          .append(RunText.number(c.lengthControlled()))
          .append("</td><td>")
          .append(c.judged())
          .append("</td><td>")
          .append(c.judgeErrors())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", c.costUsd()))
          .append("</td><td>")
          .append(c.cacheHits())
          .append("</td></tr>");
    }
    html.append("</table>");
    if (!report.bradleyTerry().isEmpty()) {
      html.append("<h2>Bradley&ndash;Terry ratings</h2><table><tr><th>player</th><th>rating</th>")
          .append("<th>95% interval</th></tr>");
      for (BradleyTerry.Rating r : report.bradleyTerry()) {
        html.append("<tr><td>")
            .append(escape(r.player()))
            .append(
                String.format(
                    Locale.ROOT,
                    "</td><td>%.1f</td><td>[%.1f, %.1f]",
                    r.rating(),
                    r.low(),
                    r.high()))
            .append("</td></tr>");
      }
      html.append("</table>");
    }
    return html.append("</body></html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
