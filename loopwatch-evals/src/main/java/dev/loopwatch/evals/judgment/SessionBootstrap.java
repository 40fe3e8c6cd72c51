package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap intervals that resample whole sessions (a cluster bootstrap; Davison and
 * Hinkley, Bootstrap Methods and their Application, 1997, section 3.8): items of one session share
 * its context and its human, so resampling items one by one would understate the spread. Sessions
 * are taken in id order and the generator is seeded, so an input and a seed give one interval.
 */
public final class SessionBootstrap {
  private SessionBootstrap() {}

  /**
   * The statistic of {@code items} with a percentile interval over {@code resamples} resamples of
   * their sessions. Resamples where the statistic is not a number (NaN) are left out of the
   * percentiles.
   *
   * @throws IllegalArgumentException if there are no items, resamples is not positive or level is
   *     not in (0, 1)
   */
  public static <T> Bootstrap.Interval interval(
      List<T> items,
      Function<T, String> session,
      ToDoubleFunction<List<T>> statistic,
      double level,
      int resamples,
      long seed) {
    double[] draws = draws(items, session, statistic, resamples, seed);
    return interval(statistic.applyAsDouble(items), draws, level);
  }

  /**
   * The statistic of each of {@code resamples} session resamples, in draw order, NaN where the
   * statistic is undefined.
   */
  public static <T> double[] draws(
      List<T> items,
      Function<T, String> session,
      ToDoubleFunction<List<T>> statistic,
      int resamples,
      long seed) {
    requireNonNull(items, "items is null");
    requireNonNull(session, "session is null");
    requireNonNull(statistic, "statistic is null");
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no items to resample");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be positive: " + resamples);
    }
    Map<String, List<T>> bySession = new TreeMap<>();
    for (T item : items) {
      bySession.computeIfAbsent(session.apply(item), key -> new ArrayList<>()).add(item);
    }
    List<List<T>> clusters = List.copyOf(bySession.values());
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[resamples];
    List<T> sample = new ArrayList<>(items.size() * 2);
    for (int r = 0; r < resamples; r++) {
      sample.clear();
      for (int c = 0; c < clusters.size(); c++) {
        sample.addAll(clusters.get(random.nextInt(clusters.size())));
      }
      draws[r] = statistic.applyAsDouble(sample);
    }
    return draws;
  }

  /** The percentile interval of {@code draws} around {@code estimate}; NaN draws are left out. */
  static Bootstrap.Interval interval(double estimate, double[] draws, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    double[] defined = Arrays.stream(draws).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (defined.length == 0) {
      return new Bootstrap.Interval(estimate, Double.NaN, Double.NaN, level);
    }
    double alpha = (1 - level) / 2;
    return new Bootstrap.Interval(
        estimate, Quantiles.sorted(defined, alpha), Quantiles.sorted(defined, 1 - alpha), level);
  }
}
