package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * When the trend reaches a target value, under the single line and under the broken line's segment
 * after the breakpoint. A date is empty when the trend never reaches the target (flat or falling)
 * or reaches it after 9999-12-31.
 *
 * @param target the target, in the series' units (not logged)
 * @param single the date under the single line
 * @param singleInterval its bootstrap interval, when bootstrapped
 * @param broken the date under the broken line's last segment
 * @param brokenInterval its bootstrap interval, when bootstrapped
 */
public record Projection(
    double target,
    Optional<LocalDate> single,
    Optional<DateInterval> singleInterval,
    Optional<LocalDate> broken,
    Optional<DateInterval> brokenInterval) {
  /** Checks the fields. */
  public Projection {
    requireNonNull(single, "single is null");
    requireNonNull(singleInterval, "singleInterval is null");
    requireNonNull(broken, "broken is null");
    requireNonNull(brokenInterval, "brokenInterval is null");
  }
}
