package dev.loopwatch.app.speedup;

import dev.loopwatch.evals.speedup.Check;
import dev.loopwatch.evals.speedup.GradeReport;
import dev.loopwatch.evals.speedup.Speedup;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The human-readable grading report. */
final class GradeText {
  private GradeText() {}

  static void print(GradeReport report, PrintWriter out) {
    for (String warning : report.warnings()) {
      out.println("WARNING: " + warning);
    }
    out.printf(
        Locale.ROOT,
        "task %s, candidate %s (%s seeds, network %s)%n",
        report.task(),
        report.candidate(),
        report.practice() ? "practice" : "hidden grading",
        report.networkIsolated() ? "isolated" : "NOT isolated");
    for (GradeReport.SeedVerdict seed : report.seeds()) {
      out.printf(
          Locale.ROOT,
          "  seed %-6d %s%n",
          seed.seed(),
          seed.matches() ? "outputs match" : "MISMATCH  " + seed.reason());
    }
    report.speedup().ifPresent(speedup -> out.println("speedup   " + describe(speedup)));
    report.referenceSpeedup().ifPresent(speedup -> out.println("reference " + describe(speedup)));
    report
        .score()
        .ifPresent(score ->
            out.printf(
                Locale.ROOT, "score     %.3f (log-time: 0 = baseline, 1 = reference)%n", score));
    usage("baseline ", report.baseline(), out);
    usage("candidate", report.candidateUse(), out);
    out.println("checks:");
    for (Check check : report.checks()) {
      out.printf(
          Locale.ROOT, "  %-7s %-26s %s%n", check.verdict().label(), check.name(), check.reason());
    }
    for (String note : report.notes()) {
      out.println("note: " + note);
    }
    long failed = report.checks().stream().filter(c -> c.verdict() == Check.Verdict.FAIL).count();
    long flagged = report.checks().stream().filter(c -> c.verdict() == Check.Verdict.FLAG).count();
    out.println(
        switch (report.verdict()) {
          case "accepted" -> "verdict: ACCEPTED";
          case "no measurable speedup" ->
              "verdict: NO MEASURABLE SPEEDUP (the interval does not lie above 1; not accepted)";
          default ->
              "verdict: REJECTED (" + failed + " failed, " + flagged + " flagged for review)";
        });
    out.flush();
  }

  private static String describe(Speedup speedup) {
    return String.format(
        Locale.ROOT,
        "%.3fx median (%s %.3f-%.3f over %d pairs; mean %.3fx, best pair %.3fx)",
        speedup.median(),
        speedup.ratios().size() < 5
            ? "range, not a CI: fewer than 5 pairs,"
            : String.format(Locale.ROOT, "%.0f%% CI", speedup.level() * 100),
        speedup.low(),
        speedup.high(),
        speedup.ratios().size(),
        speedup.mean(),
        speedup.best());
  }

  private static void usage(String label, GradeReport.Usage usage, PrintWriter out) {
    if (usage.runs() == 0) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "%s wall %s, cpu %s, peak RSS %s (median of %d runs)%n",
        label,
        seconds(usage.medianWallSeconds()),
        seconds(usage.medianCpuSeconds()),
        kib(usage.peakRssKb()),
        usage.runs());
  }

  private static String seconds(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.3f s", value.getAsDouble()) : "n/a";
  }

  private static String kib(OptionalLong value) {
    return value.isPresent()
        ? String.format(Locale.ROOT, "%.1f MiB", value.getAsLong() / 1024.0)
        : "n/a";
  }
}
