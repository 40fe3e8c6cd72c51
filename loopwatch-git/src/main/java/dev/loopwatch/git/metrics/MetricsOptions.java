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
 * @param outlierPercentile in each repository, changes above this percentile of counted added lines
 *     are outliers (100 keeps all)
 * @param outlierMaxLines changes above this many counted added lines are outliers (0: no cap)
 * @param outlierMinChanges a repository with fewer counted changes than this gets no percentile cut
 *     (the line cap still applies)
 * @param teams team name to path prefixes; paths in no team are grouped by their first folder
 * @param bootstrapResamples resamples for the throughput ratio's and the share buckets' intervals
 * @param seed random seed for the bootstrap
 * @param coverage when an agent's evidence counts as stopping or starting abruptly
 * @param baselineAllRepositories compare the baseline over every repository, not only those with
 *     changes in both periods
 */
public record MetricsOptions(
    Granularity granularity,
    Optional<Period> baseline,
    Optional<Period> current,
    double outlierPercentile,
    long outlierMaxLines,
    int outlierMinChanges,
    Map<String, List<String>> teams,
    int bootstrapResamples,
    long seed,
    CoverageRule coverage,
    boolean baselineAllRepositories) {
  /** Default for {@link #outlierMinChanges}. */
  public static final int DEFAULT_OUTLIER_MIN_CHANGES = 200;

  public MetricsOptions {
    requireNonNull(granularity, "granularity is null");
    requireNonNull(baseline, "baseline is null");
    requireNonNull(current, "current is null");
    requireNonNull(coverage, "coverage is null");
    if (!(outlierPercentile > 0 && outlierPercentile <= 100)) {
      throw new IllegalArgumentException(
          "outlier percentile must be in (0, 100]: " + outlierPercentile);
    }
    if (outlierMaxLines < 0) {
      throw new IllegalArgumentException(
          "outlier line cap must not be negative: " + outlierMaxLines);
    }
    if (outlierMinChanges < 0) {
      throw new IllegalArgumentException(
          "outlier minimum changes must not be negative: " + outlierMinChanges);
    }
    teams = Map.copyOf(teams);
  }

  /** The options before coverage and baseline rules existed, with their defaults for those. */
  public MetricsOptions(
      Granularity granularity,
      Optional<Period> baseline,
      Optional<Period> current,
      double outlierPercentile,
      long outlierMaxLines,
      Map<String, List<String>> teams,
      int bootstrapResamples,
      long seed) {
    this(
        granularity,
        baseline,
        current,
        outlierPercentile,
        outlierMaxLines,
        DEFAULT_OUTLIER_MIN_CHANGES,
        teams,
        bootstrapResamples,
        seed,
        CoverageRule.defaults(),
        false);
  }

  /**
   * Quarterly buckets, no baseline, 99th-percentile outlier cut per repository of at least 200
   * changes, 2000 resamples, seed 42, default coverage rule, same repositories in both baseline
   * periods.
   */
  public static MetricsOptions defaults() {
    return new MetricsOptions(
        Granularity.QUARTER, Optional.empty(), Optional.empty(), 99.0, 0, Map.of(), 2000, 42L);
  }

  /** These options with another minimum number of changes for the percentile cut. */
  public MetricsOptions withOutlierMinChanges(int minChanges) {
    return new MetricsOptions(
        granularity,
        baseline,
        current,
        outlierPercentile,
        outlierMaxLines,
        minChanges,
        teams,
        bootstrapResamples,
        seed,
        coverage,
        baselineAllRepositories);
  }

  /** These options with another coverage rule. */
  public MetricsOptions withCoverage(CoverageRule rule) {
    return new MetricsOptions(
        granularity,
        baseline,
        current,
        outlierPercentile,
        outlierMaxLines,
        outlierMinChanges,
        teams,
        bootstrapResamples,
        seed,
        rule,
        baselineAllRepositories);
  }

  /** These options comparing the baseline over all repositories ({@code true}) or the same ones. */
  public MetricsOptions withBaselineAllRepositories(boolean all) {
    return new MetricsOptions(
        granularity,
        baseline,
        current,
        outlierPercentile,
        outlierMaxLines,
        outlierMinChanges,
        teams,
        bootstrapResamples,
        seed,
        coverage,
        all);
  }

  /**
   * When an agent's evidence counts as stopping or starting abruptly in a repository, in changes
   * (merged changes in that repository, in merge order): it stops when the agent had evidence in at
   * least {@code minEvidence} of the {@code window} changes up to and including its last evidenced
   * change before a gap, and then none in at least the next {@code quietChanges} changes; it starts
   * when at least {@code quietChanges} changes without its evidence are followed by at least {@code
   * minEvidence} evidenced changes among the next {@code window}.
   *
   * @param window changes looked at on the active side
   * @param minEvidence evidenced changes needed on the active side
   * @param quietChanges changes without the agent's evidence needed on the quiet side
   */
  public record CoverageRule(int window, int minEvidence, int quietChanges) {
    public CoverageRule {
      if (window < 1 || minEvidence < 1 || quietChanges < 1 || minEvidence > window) {
        throw new IllegalArgumentException(
            "coverage rule needs 1 <= min-evidence <= window and quiet changes >= 1: window "
                + window
                + ", min-evidence "
                + minEvidence
                + ", quiet "
                + quietChanges);
      }
    }

    /** Window 50, at least 5 evidenced changes in it, then 50 changes without. */
    public static CoverageRule defaults() {
      return new CoverageRule(50, 5, 50);
    }
  }
}
