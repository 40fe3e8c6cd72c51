package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.trends.horizon.Interval;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The fits of one series and what they say.
 *
 * @param points the number of points fitted
 * @param first the earliest date
 * @param last the latest date
 * @param log whether ln(value) was fitted
 * @param single the single OLS line
 * @param broken the broken line
 * @param slopeRatio the broken line's slope after the breakpoint over the slope before it
 * @param ratioInterval the bootstrap percentile interval of the ratio, when bootstrapped
 * @param comparison the single against the broken line
 * @param verdict the verdict
 * @param projections when each target is reached, in target order
 */
public record TrendResult(
    int points,
    LocalDate first,
    LocalDate last,
    boolean log,
    Line single,
    BrokenLine broken,
    double slopeRatio,
    Optional<Interval> ratioInterval,
    ModelComparison comparison,
    Verdict verdict,
    List<Projection> projections) {
  /** Checks and copies the fields. */
  public TrendResult {
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    requireNonNull(single, "single is null");
    requireNonNull(broken, "broken is null");
    requireNonNull(ratioInterval, "ratioInterval is null");
    requireNonNull(comparison, "comparison is null");
    requireNonNull(verdict, "verdict is null");
    projections = List.copyOf(requireNonNull(projections, "projections is null"));
  }

  /** The breakpoint as a date (the last day of the first segment). */
  public LocalDate breakpointDate() {
    return LocalDate.ofEpochDay((long) Math.floor(broken.breakpoint()));
  }
}
