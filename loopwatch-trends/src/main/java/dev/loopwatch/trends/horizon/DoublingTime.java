package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A doubling time of the frontier horizon.
 *
 * @param days ln 2 / slope of the OLS fit of ln(horizon) on release day
 * @param interval the bootstrap percentile interval over samples with a positive doubling time,
 *     when bootstrap samples were given and at least one had one
 * @param frontier the frontier agents the fit used, in release order
 */
public record DoublingTime(double days, Optional<Interval> interval, List<String> frontier) {
  /** Checks and copies the fields. */
  public DoublingTime {
    requireNonNull(interval, "interval is null");
    frontier = List.copyOf(requireNonNull(frontier, "frontier is null"));
  }
}
