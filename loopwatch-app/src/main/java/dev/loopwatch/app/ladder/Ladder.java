package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.ladder.Phases.Op;
import dev.loopwatch.app.ladder.Phases.Phase;
import dev.loopwatch.app.ladder.Phases.Threshold;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Gates each month's indicators with a {@link Phases} ladder and holds phases with hysteresis.
 *
 * <p>A threshold passes in a month when its indicator is known, its 95% interval clears the value
 * (the lower bound for {@code >=}, the upper bound for {@code <=}) and, for a coverage-gated
 * indicator, its coverage is at least the gate's minimum. An indicator that is a lower bound of the
 * true value (the AI share: lines without evidence may be AI) needs no coverage to clear {@code
 * >=}; to clear {@code <=} it needs the coverage, or the gate's assertion that unattributed lines
 * are human. A month passes a phase when every threshold of the phase passes. Each phase is held on
 * its own: it is entered after {@code enter-months} consecutive passing months and left after
 * {@code leave-months} consecutive failing ones. A month's phase is the highest phase held.
 */
final class Ladder {
  private Ladder() {}

  /**
   * One threshold checked in one month.
   *
   * @param phase the phase id
   * @param threshold the threshold
   * @param passed whether it passed
   * @param reason why it failed, or the value when it passed
   */
  record Check(String phase, Threshold threshold, boolean passed, String reason) {
    Check {
      requireNonNull(phase, "phase is null");
      requireNonNull(threshold, "threshold is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * The verdict for one month.
   *
   * @param month the month
   * @param phase the highest phase held; empty when none is
   * @param passing per phase id, in ladder order, whether the month passed it
   * @param held per phase id, in ladder order, whether the phase is held after this month
   * @param checks every threshold checked, in ladder order
   * @param indicators the month's indicators
   */
  record MonthVerdict(
      YearMonth month,
      Optional<String> phase,
      Map<String, Boolean> passing,
      Map<String, Boolean> held,
      List<Check> checks,
      List<Indicator> indicators) {
    MonthVerdict {
      requireNonNull(month, "month is null");
      requireNonNull(phase, "phase is null");
      passing = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(passing));
      held = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(held));
      checks = List.copyOf(checks);
      indicators = List.copyOf(indicators);
    }

    /** The failing checks of {@code phaseId}, in ladder order. */
    List<Check> failing(String phaseId) {
      return checks.stream().filter(c -> c.phase().equals(phaseId) && !c.passed()).toList();
    }
  }

  /** The verdicts for {@code indicators}' months in month order, which must be consecutive. */
  static List<MonthVerdict> evaluate(Phases phases, Map<YearMonth, List<Indicator>> indicators) {
    requireNonNull(phases, "phases is null");
    requireNonNull(indicators, "indicators is null");
    List<YearMonth> months = indicators.keySet().stream().sorted().toList();
    for (int i = 1; i < months.size(); i++) {
      if (!months.get(i).equals(months.get(i - 1).plusMonths(1))) {
        throw new IllegalArgumentException(
            "months must be consecutive: " + months.get(i - 1) + " then " + months.get(i));
      }
    }
    Map<String, Hold> holds = new LinkedHashMap<>();
    phases.phases().forEach(p -> holds.put(p.id(), new Hold()));
    List<MonthVerdict> verdicts = new ArrayList<>();
    for (YearMonth month : months) {
      List<Indicator> own = indicators.get(month);
      Map<String, Indicator> byId = new LinkedHashMap<>();
      own.forEach(indicator -> byId.put(indicator.id(), indicator));
      List<Check> checks = new ArrayList<>();
      Map<String, Boolean> passing = new LinkedHashMap<>();
      Map<String, Boolean> held = new LinkedHashMap<>();
      Optional<String> phase = Optional.empty();
      for (Phase candidate : phases.phases()) {
        boolean all = true;
        for (Threshold threshold : candidate.thresholds()) {
          Check check =
              check(
                  candidate.id(),
                  threshold,
                  Optional.ofNullable(byId.get(threshold.indicator().id())),
                  phases.gate());
          checks.add(check);
          all &= check.passed();
        }
        passing.put(candidate.id(), all);
        boolean isHeld = holds.get(candidate.id()).next(all, phases.gate());
        held.put(candidate.id(), isHeld);
        if (isHeld) {
          phase = Optional.of(candidate.id());
        }
      }
      verdicts.add(new MonthVerdict(month, phase, passing, held, checks, own));
    }
    return List.copyOf(verdicts);
  }

  /** Whether one phase is held, with the current streak of months against the held state. */
  private static final class Hold {
    boolean held;
    int streak;

    boolean next(boolean passed, Phases.Gate gate) {
      if (passed != held) {
        streak++;
        if (streak >= (held ? gate.leaveMonths() : gate.enterMonths())) {
          held = !held;
          streak = 0;
        }
      } else {
        streak = 0;
      }
      return held;
    }
  }

  /** Checks one threshold against the month's indicator (absent: unknown). */
  static Check check(
      String phase, Threshold threshold, Optional<Indicator> found, Phases.Gate gate) {
    Definition definition = threshold.indicator();
    Definition.Unit unit = definition.unit();
    String limit = unit.format(threshold.value());
    if (found.isEmpty() || found.get().value().isEmpty()) {
      String why = found.flatMap(Indicator::note).orElse("not measured");
      return new Check(
          phase,
          threshold,
          false,
          definition.name()
              + " unknown ("
              + why
              + "), needs "
              + threshold.op().symbol
              + " "
              + limit);
    }
    Indicator indicator = found.get();
    double value = indicator.value().getAsDouble();
    double low = indicator.low().orElse(value);
    double high = indicator.high().orElse(value);
    String shown =
        definition.name()
            + " "
            + unit.format(value)
            + " ["
            + unit.bare(low)
            + "-"
            + unit.bare(high)
            + "]";
    String needs = "; needs " + threshold.op().symbol + " " + limit;
    boolean atLeast = threshold.op() == Op.AT_LEAST;
    // A lower bound that clears ">=" clears it whatever the unmeasured rest holds.
    if (definition.coverageGated() && !(definition.lowerBound() && atLeast)) {
      OptionalDouble coverage =
          definition.lowerBound() && gate.unattributedHuman()
              ? OptionalDouble.of(1)
              : indicator.coverage();
      if (coverage.isEmpty()) {
        if (!gate.unknownCoveragePasses()) {
          return new Check(phase, threshold, false, shown + ", coverage unknown" + needs);
        }
      } else if (coverage.getAsDouble() < gate.minCoverage()) {
        return new Check(
            phase,
            threshold,
            false,
            shown
                + ", coverage "
                + Definition.Unit.SHARE.format(coverage.getAsDouble())
                + " < "
                + Definition.Unit.SHARE.format(gate.minCoverage())
                + needs);
      }
    }
    double bound = atLeast ? low : high;
    boolean clears = atLeast ? bound >= threshold.value() : bound <= threshold.value();
    if (clears) {
      return new Check(phase, threshold, true, shown + " " + threshold.op().symbol + " " + limit);
    }
    boolean pointClears = atLeast ? value >= threshold.value() : value <= threshold.value();
    String reason =
        pointClears
            ? shown + ": the interval straddles " + limit
            : shown + " " + threshold.op().failing() + " " + limit;
    return new Check(phase, threshold, false, reason);
  }
}
