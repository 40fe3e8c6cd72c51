package dev.loopwatch.app.provenance;

import dev.loopwatch.app.report.CsvReport;
import dev.loopwatch.app.report.HtmlReport;
import dev.loopwatch.app.report.JsonReport;
import dev.loopwatch.app.report.RetroRun;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.sessions.store.SessionsReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Writes a provenance report in the format asked for. */
final class ReportFormats {
  private ReportFormats() {}

  /**
   * Writes {@code report} to {@code out}; the HTML page and the JSON get a Sessions section when
   * {@code sessions} is present, and every format a review retrospective section when {@code retro}
   * has rows.
   */
  static void write(
      ProvenanceReport report,
      Optional<SessionsReport> sessions,
      RetroRun retro,
      List<HistoryRow> speedup,
      String format,
      Path out) {
    switch (format) {
      case "html" -> HtmlReport.write(report, sessions, retro, speedup, out);
      case "json" -> JsonReport.write(report, sessions, retro, out);
      case "csv" -> CsvReport.write(report, retro, out);
      default -> throw new IllegalArgumentException("unknown format " + format);
    }
  }

  static void write(
      ProvenanceReport report,
      Optional<SessionsReport> sessions,
      RetroRun retro,
      String format,
      PrintWriter out) {
    switch (format) {
      case "json" -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonReport.write(report, sessions, retro, bytes);
        out.print(bytes.toString(StandardCharsets.UTF_8));
      }
      case "csv" -> CsvReport.write(report, retro, out);
      default -> throw new IllegalArgumentException("format " + format + " cannot go to stdout");
    }
    out.flush();
  }
}
