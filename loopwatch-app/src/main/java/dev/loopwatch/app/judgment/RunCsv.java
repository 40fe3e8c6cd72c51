package dev.loopwatch.app.judgment;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * The series {@code loopwatch trend} reads from a judgment run: header {@code
 * model,date,value,low,high}, one row per candidate with a win rate; {@code value} is the win rate
 * against the human, {@code low} and {@code high} its 95% session-bootstrap interval, {@code date}
 * the model's release date (by candidate name, then model id) or else the run's date (UTC).
 */
final class RunCsv {
  private RunCsv() {}

  /** The CSV text of {@code report}, header included. */
  static String series(RunReport report, Map<String, LocalDate> releaseDates) {
    StringBuilder csv = new StringBuilder("model,date,value,low,high\n");
    LocalDate runDate = report.runAt().atZone(ZoneOffset.UTC).toLocalDate();
    for (RunReport.Candidate candidate : report.candidates()) {
      if (candidate.winRate().isEmpty()) {
        continue;
      }
      LocalDate date =
          releaseDates.getOrDefault(
              candidate.name(), releaseDates.getOrDefault(candidate.model(), runDate));
      csv.append(quote(candidate.model()))
          .append(',')
          .append(date)
          .append(',')
          .append(String.format(Locale.ROOT, "%.6f", candidate.winRate().getAsDouble()))
          .append(',')
          .append(bound(candidate.winRateLow()))
          .append(',')
          .append(bound(candidate.winRateHigh()))
          .append('\n');
    }
    return csv.toString();
  }

  private static String bound(java.util.OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.6f", value.getAsDouble()) : "";
  }

  private static String quote(String text) {
    return text.contains(",") || text.contains("\"")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }
}
