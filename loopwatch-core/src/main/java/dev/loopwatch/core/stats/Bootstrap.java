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

  /**
   * The median of {@code values} with a percentile interval from resampling the values.
   *
   * @param values the observations, at least one
   * @param level confidence level, e.g. 0.95
   * @param resamples number of bootstrap resamples, e.g. 2000
   * @param seed random seed
   */
  public static Interval median(double[] values, double level, int resamples, long seed) {
    requireNonNull(values, "values is null");
    if (values.length == 0) {
      throw new IllegalArgumentException("the median needs at least one value");
    }
    checkLevelAndResamples(level, resamples);
    double estimate = Quantiles.of(values, 0.5);
    SplittableRandom random = new SplittableRandom(seed);
    double[] medians = new double[resamples];
    double[] sample = new double[values.length];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < sample.length; i++) {
        sample[i] = values[random.nextInt(values.length)];
      }
      medians[r] = Quantiles.of(sample, 0.5);
    }
    Arrays.sort(medians);
    double alpha = (1 - level) / 2;
    return new Interval(
        estimate, Quantiles.sorted(medians, alpha), Quantiles.sorted(medians, 1 - alpha), level);
  }

  /**
   * The ratio of sums {@code sum(numerators) / sum(denominators)} over paired units (e.g. each
   * session's delegated time and its own work time), with a percentile interval from resampling the
   * pairs together. Resamples whose denominators sum to zero are left out.
   *
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or the
   *     denominators sum to zero
   */
  public static Interval ratioOfSums(
      double[] numerators, double[] denominators, double level, int resamples, long seed) {
    requireNonNull(numerators, "numerators is null");
    requireNonNull(denominators, "denominators is null");
    if (numerators.length != denominators.length || numerators.length == 0) {
      throw new IllegalArgumentException(
          "need paired, non-empty values: "
              + numerators.length
              + " numerators, "
              + denominators.length
              + " denominators");
    }
    checkLevelAndResamples(level, resamples);
    double denominator = sum(denominators);
    if (denominator == 0) {
      throw new IllegalArgumentException("the denominators sum to zero");
    }
    double estimate = sum(numerators) / denominator;
    SplittableRandom random = new SplittableRandom(seed);
    double[] ratios = new double[resamples];
    int kept = 0;
    for (int r = 0; r < resamples; r++) {
      double top = 0;
      double bottom = 0;
      for (int i = 0; i < numerators.length; i++) {
        int pick = random.nextInt(numerators.length);
        top += numerators[pick];
        bottom += denominators[pick];
      }
      if (bottom > 0) {
        ratios[kept++] = top / bottom;
      }
    }
    double[] sorted = Arrays.copyOf(ratios, kept);
    Arrays.sort(sorted);
    double alpha = (1 - level) / 2;
    return new Interval(
        estimate, Quantiles.sorted(sorted, alpha), Quantiles.sorted(sorted, 1 - alpha), level);
  }

  private static void checkLevelAndResamples(double level, int resamples) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be positive: " + resamples);
    }
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
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
