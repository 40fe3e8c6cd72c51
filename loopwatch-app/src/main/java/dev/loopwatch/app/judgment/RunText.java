package dev.loopwatch.app.judgment;

import dev.loopwatch.evals.judgment.BradleyTerry;
import java.util.Locale;
import java.util.OptionalDouble;

/** The human-readable text of a judgment run. */
final class RunText {
  private RunText() {}

  /** The text of {@code report}, one block per candidate, then the ratings. */
  static String text(RunReport report) {
    StringBuilder text = new StringBuilder();
    line(
        text,
        "Judged %d items from %s (%d sessions) with judge %s (%s); prompts %s",
        report.items(),
        report.itemsFile(),
        report.sessions(),
        report.judge(),
        report.judgeModel(),
        report.promptVersion());
    line(
        text,
        "Redacted %d secrets before sending%s",
        report.redactions(),
        report.redactionsByKind().isEmpty()
            ? ""
            : " (" + JudgmentRunCommand.list(report.redactionsByKind()) + ")");
    for (RunReport.Candidate c : report.candidates()) {
      text.append('\n');
      line(text, "Candidate %s (%s)", c.name(), c.model());
      line(
          text,
          "  win rate vs human   %s %s (95%%, %d session resamples)",
          number(c.winRate()),
          interval(c.winRateLow(), c.winRateHigh()),
          report.bootstrap());
      line(
          text,
          "  judged              %d: %d wins, %d ties, %d losses; tie rate %s",
          c.judged(),
          c.wins(),
          c.ties(),
          c.losses(),
          number(c.tieRate()));
      line(text, "  order consistency   %s", number(c.orderConsistency()));
      line(
          text,
          "  length-controlled   %s %s",
          number(c.lengthControlled()),
          interval(c.lengthControlledLow(), c.lengthControlledHigh()));
      if (c.labelledItems() > 0) {
        line(
            text,
            "  judge-human agreement %s on %d labelled items, kappa %s",
            number(c.agreement()),
            c.labelledItems(),
            number(c.kappa()));
      }
      line(
          text,
          "  not judged          %d judge errors, %d candidate errors, %d stopped by budget",
          c.judgeErrors(),
          c.candidateErrors(),
          c.stoppedByBudget());
      long unknown = c.candidateSpend().unknownCostCalls() + c.judgeSpend().unknownCostCalls();
      line(
          text,
          "  cost                $%.4f (candidate $%.4f, judge $%.4f)%s",
          c.costUsd(),
          c.candidateSpend().costUsd(),
          c.judgeSpend().costUsd(),
          unknown == 0 ? "" : "; " + unknown + " calls of unknown cost");
      line(
          text,
          "  cache               %d hits, cost avoided $%.4f; %d calls sent, %d retries",
          c.cacheHits(),
          c.costAvoidedUsd(),
          c.candidateSpend().calls() + c.judgeSpend().calls(),
          c.candidateSpend().retries() + c.judgeSpend().retries());
    }
    if (!report.bradleyTerry().isEmpty()) {
      text.append('\n');
      line(text, "Bradley-Terry ratings (Arena scale, mean 1000; 95%% session bootstrap)");
      for (BradleyTerry.Rating rating : report.bradleyTerry()) {
        line(
            text,
            "  %-20s %7.1f [%.1f, %.1f]",
            rating.player(),
            rating.rating(),
            rating.low(),
            rating.high());
      }
    }
    if (report.stoppedByBudget()) {
      text.append('\n');
      line(
          text,
          "stopped_by_budget: the budget refused some calls; the results above cover what was"
              + " done");
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String format, Object... args) {
    text.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  static String number(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "n/a";
  }

  static String interval(OptionalDouble low, OptionalDouble high) {
    return low.isPresent() && high.isPresent()
        ? String.format(Locale.ROOT, "[%.3f, %.3f]", low.getAsDouble(), high.getAsDouble())
        : "";
  }
}
