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
          "Drop changes above this percentile of added lines (default 99; 100 keeps all).")
  Double outlierPercentile;

  @Option(
      names = "--outlier-max-lines",
      paramLabel = "N",
      description = "Also drop changes with more than N added lines (default 0: no cap).")
  Long outlierMaxLines;

  MetricsOptions resolve(ProvenanceSettings settings) {
    return settings.metrics(
        Optional.ofNullable(granularity),
        Optional.ofNullable(baseline),
        Optional.ofNullable(current),
        Optional.ofNullable(outlierPercentile),
        Optional.ofNullable(outlierMaxLines));
  }
}
