package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.trends.horizon.Interval;
import java.util.List;
import java.util.Optional;

/**
 * One benchmark's fitted parameters and residuals.
 *
 * @param benchmark the benchmark's name
 * @param models the models scored on it
 * @param anchor whether it is the anchor benchmark
 * @param difficulty the raw difficulty (the anchor's is pinned)
 * @param discriminability the raw discriminability (the anchor's is pinned)
 * @param index the difficulty on the anchored scale (Epoch's EDI)
 * @param indexInterval the bootstrap interval of {@code index}
 * @param slope the discriminability per index point ({@code discriminability / scale slope};
 *     Epoch's {@code discriminability_scaled})
 * @param slopeInterval the bootstrap interval of {@code slope}
 * @param rmse the root mean squared residual (prediction minus score) of its scores
 * @param meanResidual the mean residual: positive when the fit over-predicts the benchmark
 * @param flags warnings, in enum order
 */
public record BenchmarkParams(
    String benchmark,
    int models,
    boolean anchor,
    double difficulty,
    double discriminability,
    double index,
    Optional<Interval> indexInterval,
    double slope,
    Optional<Interval> slopeInterval,
    double rmse,
    double meanResidual,
    List<IndexFlag> flags) {
  /** Checks and copies the fields. */
  public BenchmarkParams {
    requireNonNull(benchmark, "benchmark is null");
    requireNonNull(indexInterval, "indexInterval is null");
    requireNonNull(slopeInterval, "slopeInterval is null");
    flags = List.copyOf(requireNonNull(flags, "flags is null"));
  }
}
