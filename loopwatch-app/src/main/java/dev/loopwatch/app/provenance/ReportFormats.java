package dev.loopwatch.app.provenance;

import dev.loopwatch.app.report.CsvReport;
import dev.loopwatch.app.report.HtmlReport;
import dev.loopwatch.app.report.JsonReport;
import dev.loopwatch.app.report.ReportSections;
import dev.loopwatch.git.metrics.ProvenanceReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a provenance report in the format asked for. */
final class ReportFormats {
  private ReportFormats() {}

  /** Writes {@code report} with the {@code sections} that have data to the file {@code out}. */
  static void write(ProvenanceReport report, ReportSections sections, String format, Path out) {
    switch (format) {
      case "html" -> HtmlReport.write(report, sections, out);
      case "json" -> JsonReport.write(report, sections, out);
      case "csv" -> CsvReport.write(report, sections, out);
      default -> throw new IllegalArgumentException("unknown format " + format);
    }
  }

  /** Writes {@code report} with the {@code sections} that have data to stdout (JSON or CSV). */
  static void write(
      ProvenanceReport report, ReportSections sections, String format, PrintWriter out) {
    switch (format) {
      case "json" -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonReport.write(report, sections, bytes);
        out.print(bytes.toString(StandardCharsets.UTF_8));
      }
      case "csv" -> CsvReport.write(report, sections, out);
      default -> throw new IllegalArgumentException("format " + format + " cannot go to stdout");
    }
    out.flush();
  }
}
