package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One observation of a dated series.
 *
 * @param date the date of the observation
 * @param value the observed value, finite
 * @param group the series the point belongs to, when the file has a group column
 */
public record SeriesPoint(LocalDate date, double value, Optional<String> group) {
  /** Checks the fields. */
  public SeriesPoint {
    requireNonNull(date, "date is null");
    requireNonNull(group, "group is null");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite: " + value);
    }
  }

  /** A point without a group. */
  public static SeriesPoint of(LocalDate date, double value) {
    return new SeriesPoint(date, value, Optional.empty());
  }
}
