package dev.loopwatch.core.stats;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals (Efron and Tibshirani, An Introduction to the
 * Bootstrap, 1993, ch. 13). Seeded, so the same input and seed always give the same interval.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * The ratio of two totals-per-unit, {@code sum(a)/count(a)} over {@code sum(b)/count(b)}, with a
   * percentile interval from resampling the units of each group independently.
   *
   * @param current per-unit values of the current group (e.g. one engineer's lines per day)
   * @param baseline per-unit values of the baseline group
   * @param level confidence level, e.g. 0.95
   * @param resamples number of bootstrap resamples, e.g. 2000
   * @param seed random seed
   */
  public static Interval ratioOfMeans(
      double[] current, double[] baseline, double level, int resamples, long seed) {
    requireNonNull(current, "current is null");
    requireNonNull(baseline, "baseline is null");
    if (current.length == 0 || baseline.length == 0) {
      throw new IllegalArgumentException("both groups need at least one value");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be positive: " + resamples);
    }
    double estimate = mean(current) / mean(baseline);
    SplittableRandom random = new SplittableRandom(seed);
    double[] ratios = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      ratios[r] = resampledMean(current, random) / resampledMean(baseline, random);
    }
    Arrays.sort(ratios);
    double alpha = (1 - level) / 2;
    return new Interval(
        estimate, Quantiles.sorted(ratios, alpha), Quantiles.sorted(ratios, 1 - alpha), level);
  }

  private static double resampledMean(double[] values, SplittableRandom random) {
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[random.nextInt(values.length)];
    }
    return sum / values.length;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  /**
   * A point estimate with its confidence interval.
   *
   * @param estimate the statistic on the original data
   * @param low lower bound
   * @param high upper bound
   * @param level confidence level
   */
  public record Interval(double estimate, double low, double high, double level) {}
}
