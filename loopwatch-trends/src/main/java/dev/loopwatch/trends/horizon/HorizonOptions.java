package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How time horizons are fitted.
 *
 * @param weighting the weight scheme (METR uses {@link Weighting#INVSQRT})
 * @param fileWeights use the run file's weight column instead of computing weights
 * @param regularization the slope penalty; C = 1 / regularization
 * @param excludedSources task sources whose runs are dropped before weighting
 * @param continuousScores fit {@code score_cont} instead of the binary score
 * @param successRates the success probabilities to report horizons for, each in (0, 1)
 */
public record HorizonOptions(
    Weighting weighting,
    boolean fileWeights,
    double regularization,
    List<String> excludedSources,
    boolean continuousScores,
    List<Double> successRates) {
  /** Checks and copies the fields. */
  public HorizonOptions {
    requireNonNull(weighting, "weighting is null");
    LogisticRegression.checkedRegularization(regularization);
    excludedSources = List.copyOf(requireNonNull(excludedSources, "excludedSources is null"));
    successRates = List.copyOf(requireNonNull(successRates, "successRates is null"));
    if (successRates.isEmpty()) {
      throw new IllegalArgumentException("successRates is empty");
    }
    for (double p : successRates) {
      if (!(p > 0 && p < 1)) {
        throw new IllegalArgumentException("success rate must be in (0, 1): " + p);
      }
    }
    if (fileWeights && !excludedSources.isEmpty()) {
      throw new IllegalArgumentException(
          "the file's weights cannot be used when task sources are excluded; weights are"
              + " recomputed instead");
    }
  }

  /** METR's defaults: invsqrt weights computed here, regularization 0.1, p50 and p80. */
  public static HorizonOptions defaults() {
    return new HorizonOptions(
        Weighting.INVSQRT,
        false,
        LogisticRegression.DEFAULT_REGULARIZATION,
        List.of(),
        false,
        List.of(0.5, 0.8));
  }

  /** These options with another regularization. */
  public HorizonOptions withRegularization(double value) {
    return new HorizonOptions(
        weighting, fileWeights, value, excludedSources, continuousScores, successRates);
  }

  /** These options with task sources excluded. */
  public HorizonOptions withExcludedSources(List<String> sources) {
    return new HorizonOptions(
        weighting, fileWeights, regularization, sources, continuousScores, successRates);
  }
}
