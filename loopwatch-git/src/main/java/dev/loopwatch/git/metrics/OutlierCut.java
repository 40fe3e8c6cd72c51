package dev.loopwatch.git.metrics;

import dev.loopwatch.core.stats.Quantiles;
import dev.loopwatch.git.metrics.ProvenanceMetrics.ChangeTotals;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoCut;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outlier cut of one repository, computed from that repository's changes alone so that its
 * numbers are the same whether it is scanned alone or into a store shared with others.
 *
 * <p>With at least {@link MetricsOptions#outlierMinChanges()} counted changes (and a percentile
 * below 100), the threshold is the floor of the given percentile (linear interpolation, {@link
 * Quantiles#sorted}) of the counted added lines per change; below that many changes a percentile
 * says little (the 99th percentile of 7 changes is their largest) and none is taken. A line cap,
 * when set, applies to every repository. Changes above the threshold are cut.
 */
final class OutlierCut {
  private OutlierCut() {}

  /**
   * Cuts {@code changes} of repository {@code repo}, adding the cut changes' keys to {@code
   * dropped}.
   */
  static RepoCut cut(
      String repo, List<ChangeTotals> changes, MetricsOptions options, Set<String> dropped) {
    double[] sizes = changes.stream().mapToDouble(ChangeTotals::added).sorted().toArray();
    boolean percentile =
        options.outlierPercentile() < 100
            && sizes.length > 0
            && sizes.length >= options.outlierMinChanges();
    Optional<Long> threshold =
        percentile
            ? Optional.of(
                (long) Math.floor(Quantiles.sorted(sizes, options.outlierPercentile() / 100.0)))
            : Optional.empty();
    if (options.outlierMaxLines() > 0) {
      threshold =
          Optional.of(
              threshold
                  .map(t -> Math.min(t, options.outlierMaxLines()))
                  .orElse(options.outlierMaxLines()));
    }
    long droppedChanges = 0;
    long droppedLines = 0;
    long droppedAi = 0;
    if (threshold.isPresent()) {
      for (ChangeTotals change : changes) {
        if (change.added() > threshold.get()) {
          droppedChanges++;
          droppedLines += change.added();
          droppedAi += change.aiCounted();
          dropped.add(change.key());
        }
      }
    }
    return new RepoCut(
        repo, changes.size(), percentile, threshold, droppedChanges, droppedLines, droppedAi);
  }
}
