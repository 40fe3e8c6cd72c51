package dev.loopwatch.git.metrics;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.core.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to compute the provenance metrics.
 *
 * @param granularity time bucket size
 * @param baseline the throughput baseline period (e.g. 2024), if any
 * @param current the period compared with the baseline (empty: the 365 days up to the newest
 *     change)
 * @param outlierPercentile changes above this percentile of counted added lines are dropped (100
 *     keeps all)
 * @param outlierMaxLines changes above this many counted added lines are dropped (0: no cap)
 * @param teams team name to path prefixes; paths in no team are grouped by their first folder
 * @param bootstrapResamples resamples for the throughput ratio's interval
 * @param seed random seed for the bootstrap
 */
public record MetricsOptions(
    Granularity granularity,
    Optional<Period> baseline,
    Optional<Period> current,
    double outlierPercentile,
    long outlierMaxLines,
    Map<String, List<String>> teams,
    int bootstrapResamples,
    long seed) {
  public MetricsOptions {
    requireNonNull(granularity, "granularity is null");
    requireNonNull(baseline, "baseline is null");
    requireNonNull(current, "current is null");
    if (!(outlierPercentile > 0 && outlierPercentile <= 100)) {
      throw new IllegalArgumentException(
          "outlier percentile must be in (0, 100]: " + outlierPercentile);
    }
    if (outlierMaxLines < 0) {
      throw new IllegalArgumentException(
          "outlier line cap must not be negative: " + outlierMaxLines);
    }
    teams = Map.copyOf(teams);
  }

  /** Quarterly buckets, no baseline, 99th-percentile outlier filter, 2000 resamples, seed 42. */
  public static MetricsOptions defaults() {
    return new MetricsOptions(
        Granularity.QUARTER, Optional.empty(), Optional.empty(), 99.0, 0, Map.of(), 2000, 42L);
  }
}
