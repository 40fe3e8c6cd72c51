package dev.loopwatch.app.ladder;

import dev.loopwatch.app.ladder.Ladder.Check;
import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import java.io.PrintWriter;
import java.util.Locale;

/** The text output of {@code loopwatch ladder}: per month the phase held and what is missing. */
final class LadderText {
  private LadderText() {}

  static void print(
      Phases phases,
      java.util.List<MonthVerdict> verdicts,
      java.util.List<IndicatorTrends.Trend> trends,
      PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "phases %s from %s, sha256 %s%n",
        phases.version(),
        phases.file(),
        phases.sha256());
    out.printf(
        Locale.ROOT,
        "gate: interval bound clears the threshold, coverage >= %s (unknown coverage %s; lines"
            + " without AI evidence %s), enter after %d passing months, leave after %d failing%n",
        Definition.Unit.SHARE.format(phases.gate().minCoverage()),
        phases.gate().unknownCoveragePasses() ? "passes" : "fails",
        phases.gate().unattributedHuman() ? "counted as human" : "unknown",
        phases.gate().enterMonths(),
        phases.gate().leaveMonths());
    for (MonthVerdict verdict : verdicts) {
      out.println();
      String phase = verdict.phase().map(id -> id + " " + name(phases, id)).orElse("no phase held");
      out.printf(Locale.ROOT, "%s  %s%n", verdict.month(), phase);
      for (Check check : LadderCommand.shown(verdict, phases)) {
        String label =
            verdict.phase().map(check.phase()::equals).orElse(false)
                ? "failing for " + check.phase() + " (held)"
                : "missing for " + check.phase();
        out.printf(Locale.ROOT, "  %s: %s%n", label, check.reason());
      }
    }
    out.println();
    out.println(
        "Trends over these months (straight-line slope; broken-line test as in loopwatch trend):");
    for (IndicatorTrends.Trend trend : trends) {
      out.printf(Locale.ROOT, "  %s%n", IndicatorTrends.describe(trend));
    }
  }

  private static String name(Phases phases, String id) {
    return phases.phases().stream()
        .filter(p -> p.id().equals(id))
        .map(Phases.Phase::name)
        .findFirst()
        .orElse("");
  }
}
