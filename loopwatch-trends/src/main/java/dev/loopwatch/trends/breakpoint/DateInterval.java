package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A bootstrap percentile interval of projected dates. A bound is empty when it falls after
 * 9999-12-31, which includes resamples whose trend never reaches the target (flat or falling).
 *
 * @param low the lower percentile date
 * @param high the upper percentile date
 * @param samples how many bootstrap resamples gave a fit
 */
public record DateInterval(Optional<LocalDate> low, Optional<LocalDate> high, int samples) {
  /** Checks the fields. */
  public DateInterval {
    requireNonNull(low, "low is null");
    requireNonNull(high, "high is null");
  }
}
