package dev.loopwatch.core.stats;

/**
 * Wilson score intervals for a proportion (Wilson, "Probable inference, the law of succession, and
 * statistical inference", JASA 22, 1927). Unlike a bootstrap or the normal (Wald) interval it does
 * not collapse to a point at 0/n or n/n: 0 of 17 is [0, 18.4%] at 95%.
 */
public final class Wilson {
  private Wilson() {}

  /**
   * The share {@code successes / trials} with its Wilson score interval at {@code level}.
   *
   * @throws IllegalArgumentException if trials is not positive, successes is outside 0..trials or
   *     level is not in (0, 1)
   */
  public static Bootstrap.Interval interval(int successes, int trials, double level) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be positive: " + trials);
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException("successes must be 0 to " + trials + ", got " + successes);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    double z = normalQuantile(0.5 + level / 2);
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    double low = successes == 0 ? 0 : Math.max(0, center - half);
    double high = successes == trials ? 1 : Math.min(1, center + half);
    return new Bootstrap.Interval(p, low, high, level);
  }

  /** The standard normal quantile for {@code q} in (0.5, 1), by bisection on the CDF. */
  static double normalQuantile(double q) {
    double low = 0;
    double high = 40;
    for (int i = 0; i < 100; i++) {
      double mid = (low + high) / 2;
      if (normalCdf(mid) < q) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /** The standard normal CDF for {@code x >= 0}, by Simpson's rule on the density from 0. */
  private static double normalCdf(double x) {
    double upper = Math.min(x, 12);
    int steps = 4000;
    double h = upper / steps;
    double sum = density(0) + density(upper);
    for (int i = 1; i < steps; i++) {
      sum += density(i * h) * (i % 2 == 1 ? 4 : 2);
    }
    return 0.5 + sum * h / 3;
  }

  private static double density(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }
}
