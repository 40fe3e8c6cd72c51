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
 * @param band the confidence band of the fitted trend line over the frontier's release dates: at
 *     each date, percentiles of the horizons that the bootstrap samples' refitted lines give (empty
 *     without bootstrap samples)
 * @param floored the frontier agents whose p50 point estimate is below 0.001 minutes and was raised
 *     to it for the fit (their bootstrap samples are raised the same way)
 */
public record DoublingTime(
    double days,
    Optional<Interval> interval,
    List<String> frontier,
    List<BandPoint> band,
    List<String> floored) {
  /** Checks and copies the fields. */
  public DoublingTime {
    requireNonNull(interval, "interval is null");
    frontier = List.copyOf(requireNonNull(frontier, "frontier is null"));
    band = List.copyOf(requireNonNull(band, "band is null"));
    floored = List.copyOf(requireNonNull(floored, "floored is null"));
  }

  /**
   * The trend line's interval at one date.
   *
   * @param date the date
   * @param low lower percentile of the sampled lines' horizons there, in minutes
   * @param high upper percentile, in minutes
   */
  public record BandPoint(java.time.LocalDate date, double low, double high) {
    /** Checks the fields. */
    public BandPoint {
      requireNonNull(date, "date is null");
    }
  }
}
