package dev.loopwatch.app.provenance;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.core.time.Period;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.scan.GitSettings;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code [git]}, {@code [identities]} and {@code [report]} tables of loopwatch.toml
 * (documented in docs/CONFIG.md). Command-line options override them.
 */
final class ProvenanceSettings {
  private static final Set<String> REPORT_KEYS =
      Set.of(
          "granularity",
          "baseline",
          "current",
          "outlier-percentile",
          "outlier-max-lines",
          "outlier-min-changes",
          "coverage-window",
          "coverage-min-evidence",
          "coverage-quiet-changes",
          "baseline-all-repositories",
          "teams",
          "bootstrap-resamples",
          "seed");

  private final Config config;
  private final GitSettings git;
  private final ConfigSection report;

  ProvenanceSettings(Config config) {
    this.config = config;
    this.git = GitSettings.read(config);
    this.report = config.section("report");
    report.requireKnownKeys(REPORT_KEYS);
  }

  /** The identity table with configured additions. */
  IdentityTable identities() {
    return GitSettings.identities(config);
  }

  Optional<String> branch() {
    return git.branch();
  }

  List<String> excludeGlobs() {
    return git.excludeGlobs();
  }

  Optional<Integer> parallelism() {
    return git.parallelism();
  }

  /** Metrics options: configuration, then the given overrides. */
  MetricsOptions metrics(
      Optional<String> granularity,
      Optional<String> baseline,
      Optional<String> current,
      Optional<Double> outlierPercentile,
      Optional<Long> outlierMaxLines,
      Optional<Integer> outlierMinChanges,
      Optional<Integer> coverageWindow,
      Optional<Integer> coverageMinEvidence,
      Optional<Integer> coverageQuietChanges,
      Optional<Boolean> baselineAllRepositories) {
    MetricsOptions defaults = MetricsOptions.defaults();
    Granularity chosenGranularity =
        granularity
            .or(() -> report.string("granularity"))
            .map(Granularity::parse)
            .orElse(defaults.granularity());
    Optional<Period> chosenBaseline =
        baseline.or(() -> report.string("baseline")).map(Period::parse);
    Optional<Period> chosenCurrent = current.or(() -> report.string("current")).map(Period::parse);
    double percentile =
        outlierPercentile
            .or(() -> report.number("outlier-percentile"))
            .orElse(defaults.outlierPercentile());
    long maxLines =
        outlierMaxLines
            .or(() -> report.number("outlier-max-lines").map(Double::longValue))
            .orElse(defaults.outlierMaxLines());
    int resamples =
        report
            .number("bootstrap-resamples")
            .map(Double::intValue)
            .orElse(defaults.bootstrapResamples());
    long seed = report.number("seed").map(Double::longValue).orElse(defaults.seed());
    int minChanges =
        integer(outlierMinChanges, "outlier-min-changes", defaults.outlierMinChanges());
    MetricsOptions.CoverageRule rule = defaults.coverage();
    MetricsOptions.CoverageRule coverage;
    try {
      coverage =
          new MetricsOptions.CoverageRule(
              integer(coverageWindow, "coverage-window", rule.window()),
              integer(coverageMinEvidence, "coverage-min-evidence", rule.minEvidence()),
              integer(coverageQuietChanges, "coverage-quiet-changes", rule.quietChanges()));
    } catch (IllegalArgumentException e) {
      throw LoopwatchException.userInput(e.getMessage());
    }
    if (minChanges < 0) {
      throw LoopwatchException.userInput("outlier-min-changes must not be negative: " + minChanges);
    }
    boolean allRepositories =
        baselineAllRepositories
            .or(() -> report.bool("baseline-all-repositories"))
            .orElse(defaults.baselineAllRepositories());
    return new MetricsOptions(
        chosenGranularity,
        chosenBaseline,
        chosenCurrent,
        percentile,
        maxLines,
        minChanges,
        report.stringLists("teams"),
        resamples,
        seed,
        coverage,
        allRepositories);
  }

  private int integer(Optional<Integer> flag, String key, int fallback) {
    return flag.or(() -> report.number(key).map(Double::intValue)).orElse(fallback);
  }
}
