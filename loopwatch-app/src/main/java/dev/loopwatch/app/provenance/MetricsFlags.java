package dev.loopwatch.app.provenance;

import dev.loopwatch.git.metrics.MetricsOptions;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Command-line options that shape the metrics; each overrides the {@code [report]} table of
 * loopwatch.toml.
 */
final class MetricsFlags {
  @Option(
      names = "--granularity",
      paramLabel = "week|month|quarter",
      description = "Time bucket size (default quarter).")
  String granularity;

  @Option(
      names = "--baseline",
      paramLabel = "PERIOD",
      description = "Throughput baseline period: 2024, 2024-Q3, 2024-05 or 2024-01-01..2024-06-30.")
  String baseline;

  @Option(
      names = "--current",
      paramLabel = "PERIOD",
      description =
          "Period compared with the baseline (default: the 365 days up to the newest change).")
  String current;

  @Option(
      names = "--outlier-percentile",
      paramLabel = "P",
      description =
          "Outlier cut for throughput and the trimmed share, per repository: changes above this"
              + " percentile of added lines (default 99; 100 keeps all). The headline share"
              + " counts every change.")
  Double outlierPercentile;

  @Option(
      names = "--outlier-min-changes",
      paramLabel = "N",
      description =
          "No percentile cut in a repository with fewer than N counted changes (default 200).")
  Integer outlierMinChanges;

  @Option(
      names = "--outlier-max-lines",
      paramLabel = "N",
      description = "Also cut changes with more than N added lines (default 0: no cap).")
  Long outlierMaxLines;

  @Option(
      names = "--coverage-window",
      paramLabel = "N",
      description =
          "Coverage breaks: changes looked at on the side where an agent's evidence is present"
              + " (default 50).")
  Integer coverageWindow;

  @Option(
      names = "--coverage-min-evidence",
      paramLabel = "K",
      description =
          "Coverage breaks: changes with the agent's evidence needed in that window (default 5).")
  Integer coverageMinEvidence;

  @Option(
      names = "--coverage-quiet-changes",
      paramLabel = "M",
      description =
          "Coverage breaks: merged changes without the agent's evidence needed on the other side"
              + " (default 50).")
  Integer coverageQuietChanges;

  @Option(
      names = "--baseline-all-repositories",
      description =
          "Compare the baseline over every repository, not only those with changes in both"
              + " periods.")
  Boolean baselineAllRepositories;

  @Option(
      names = "--by-repository",
      description =
          "Text output: also print each repository's headline, outlier cut and baseline"
              + " comparison.")
  boolean byRepository;

  MetricsOptions resolve(ProvenanceSettings settings) {
    return settings.metrics(
        Optional.ofNullable(granularity),
        Optional.ofNullable(baseline),
        Optional.ofNullable(current),
        Optional.ofNullable(outlierPercentile),
        Optional.ofNullable(outlierMaxLines),
        Optional.ofNullable(outlierMinChanges),
        Optional.ofNullable(coverageWindow),
        Optional.ofNullable(coverageMinEvidence),
        Optional.ofNullable(coverageQuietChanges),
        Optional.ofNullable(baselineAllRepositories));
  }
}
