package dev.loopwatch.app.research;

import dev.loopwatch.app.research.ResearchSummary.Best;
import dev.loopwatch.core.error.LoopwatchException;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The series {@code loopwatch trend} reads from a finalized research run, in the shape {@code
 * judgment run --csv} prints: header {@code model,date,value,low,high}, one row for the run's
 * agents (one command, so one label): {@code value} the best sealed PGR, {@code low} and {@code
 * high} its 95% bootstrap interval over seeds, {@code date} the run's end (UTC). Rows of several
 * runs concatenated (without their headers) make the series a trend fits.
 */
final class TrendSeries {
  /** The header line. */
  static final String HEADER = "model,date,value,low,high";

  private TrendSeries() {}

  /**
   * The CSV text, header included.
   *
   * @throws LoopwatchException (user input) when the run is not finalized or has no sealed score
   */
  static String csv(ResearchSummary summary, String label) {
    if (!summary.sealed()) {
      throw LoopwatchException.userInput(
          summary.folder()
              + " is not finalized: a trend series takes sealed scores only; run 'loopwatch"
              + " research finalize "
              + summary.folder()
              + "' first");
    }
    Best best =
        summary
            .best()
            .orElseThrow(() ->
                LoopwatchException.userInput(
                    summary.folder() + " has no sealed score: no result could be scored"));
    return HEADER
        + "\n"
        + quote(label)
        + ","
        + summary.endedAt().orElse(summary.startedAt()).atZone(ZoneOffset.UTC).toLocalDate()
        + String.format(
            Locale.ROOT,
            ",%.6f,%.6f,%.6f\n",
            best.result().pgr(),
            best.bootstrapLow(),
            best.bootstrapHigh());
  }

  /** The label of a run's agents when none is given: the agent command's first word's file name. */
  static String defaultLabel(String agentCommand) {
    String first = agentCommand.strip().split("\\s+", 2)[0];
    int slash = first.lastIndexOf('/');
    String name = slash >= 0 ? first.substring(slash + 1) : first;
    return name.isEmpty() ? "agents" : name;
  }

  private static String quote(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }
}
