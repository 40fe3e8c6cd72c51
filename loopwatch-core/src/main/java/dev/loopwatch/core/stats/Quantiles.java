package dev.loopwatch.core.stats;

import java.util.Arrays;

/**
 * Quantiles with linear interpolation between order statistics (Hyndman and Fan type 7, R's and
 * numpy's default).
 */
public final class Quantiles {
  private Quantiles() {}

  /** The {@code p}-quantile of {@code values}, which is not modified. */
  public static double of(double[] values, double p) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return sorted(copy, p);
  }

  /** The {@code p}-quantile of already sorted {@code values}. */
  public static double sorted(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1]: " + p);
    }
    double h = (values.length - 1) * p;
    int below = (int) Math.floor(h);
    int above = Math.min(values.length - 1, below + 1);
    return values[below] + (h - below) * (values[above] - values[below]);
  }
}
