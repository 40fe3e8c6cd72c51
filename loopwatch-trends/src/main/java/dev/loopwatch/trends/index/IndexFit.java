package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A fitted capability index.
 *
 * @param models every model, by index descending (name ascending on ties)
 * @param benchmarks every benchmark, by difficulty ascending (name ascending on ties)
 * @param scores the scores fitted
 * @param offset the scale's intercept: {@code index = offset + scale * capability}
 * @param scale the scale's slope
 * @param cost the objective at the optimum (squared residuals plus penalty)
 * @param iterations the solver's steps for the central fit
 * @param converged whether the central fit met a stopping rule before the iteration cap
 * @param draws bootstrap draws that gave a scale
 * @param failedDraws bootstrap draws left out: the solver hit its cap, or the draw's two anchor
 *     models did not keep their order (no scale)
 * @param options the options used
 */
public record IndexFit(
    List<ModelIndex> models,
    List<BenchmarkParams> benchmarks,
    int scores,
    double offset,
    double scale,
    double cost,
    int iterations,
    boolean converged,
    int draws,
    int failedDraws,
    IndexOptions options) {
  /** Checks and copies the fields. */
  public IndexFit {
    models = List.copyOf(requireNonNull(models, "models is null"));
    benchmarks = List.copyOf(requireNonNull(benchmarks, "benchmarks is null"));
    requireNonNull(options, "options is null");
  }
}
