/**
 * METR-style time horizons: run files, per-agent task weights, the penalised logistic fit, the
 * hierarchical bootstrap and the doubling time of the frontier.
 *
 * <p>The method follows METR's eval-analysis-public ({@code src/horizon/compute_task_weights.py},
 * {@code utils/logistic.py}, {@code wrangle/bootstrap.py}, {@code compute_trendline_ci.py}), solved
 * exactly rather than to sklearn's tolerance.
 */
package dev.loopwatch.trends.horizon;
