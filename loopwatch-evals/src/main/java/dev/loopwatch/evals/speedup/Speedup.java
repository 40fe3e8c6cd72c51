package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Quantiles;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The speedup of a candidate over the baseline from interleaved timed pairs: per pair the ratio
 * baseline time / candidate time; the headline is the median ratio with a paired percentile
 * bootstrap interval (pairs resampled with replacement, seeded); also the mean and best pair ratio
 * (the "best" is what a report of a single best run would show) and the ratio of mean times with
 * the core two-group bootstrap.
 *
 * @param median median of the per-pair ratios
 * @param low lower bound of the interval for the median
 * @param high upper bound
 * @param level confidence level
 * @param mean mean of the per-pair ratios
 * @param best the largest per-pair ratio
 * @param ratioOfMeans mean baseline time over mean candidate time, with its own interval
 * @param ratios the per-pair ratios, in run order
 */
public record Speedup(
    double median,
    double low,
    double high,
    double level,
    double mean,
    double best,
    Bootstrap.Interval ratioOfMeans,
    List<Double> ratios) {
  /** Bootstrap resamples. */
  static final int RESAMPLES = 4000;

  /** Bootstrap seed, fixed so a report is reproducible from its timings. */
  static final long SEED = 20_250_301L;

  public Speedup {
    requireNonNull(ratioOfMeans, "ratioOfMeans is null");
    ratios = List.copyOf(requireNonNull(ratios, "ratios is null"));
  }

  /** The speedup from paired wall times in seconds (same length, at least one pair). */
  public static Speedup of(double[] baselineSeconds, double[] candidateSeconds) {
    if (baselineSeconds.length != candidateSeconds.length || baselineSeconds.length == 0) {
      throw new IllegalArgumentException(
          "need the same positive number of baseline and candidate times: "
              + baselineSeconds.length
              + " and "
              + candidateSeconds.length);
    }
    int n = baselineSeconds.length;
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      ratios[i] = baselineSeconds[i] / candidateSeconds[i];
    }
    double level = 0.95;
    SplittableRandom random = new SplittableRandom(SEED);
    double[] medians = new double[RESAMPLES];
    double[] sample = new double[n];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < n; i++) {
        sample[i] = ratios[random.nextInt(n)];
      }
      medians[r] = Quantiles.of(sample, 0.5);
    }
    Arrays.sort(medians);
    double alpha = (1 - level) / 2;
    double sum = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (double ratio : ratios) {
      sum += ratio;
      best = Math.max(best, ratio);
    }
    return new Speedup(
        Quantiles.of(ratios, 0.5),
        Quantiles.sorted(medians, alpha),
        Quantiles.sorted(medians, 1 - alpha),
        level,
        sum / n,
        best,
        Bootstrap.ratioOfMeans(baselineSeconds, candidateSeconds, level, RESAMPLES, SEED),
        Arrays.stream(ratios).boxed().toList());
  }

  /** Whether the interval lies entirely above 1 (the candidate is faster). */
  public boolean excludesOne() {
    return low > 1 || high < 1;
  }
}
