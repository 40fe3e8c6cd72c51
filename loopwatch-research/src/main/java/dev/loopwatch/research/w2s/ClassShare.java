package dev.loopwatch.research.w2s;

/**
 * Estimates how much of a sample belongs to the upper of two groups in one score: a two-component
 * Gaussian mixture on the scores, fitted by expectation-maximisation (Dempster, Laird and Rubin
 * 1977), and the weight of the component with the higher mean.
 *
 * <p>Start: every score above the mean is in the upper component (responsibility 1), the rest in
 * the lower (0). Each round computes the components' weights, means and variances (floored at
 * {@code 1e-6}) from the responsibilities, then the responsibilities from those, in log space; it
 * stops when no responsibility moves by more than {@code 1e-9} or after 500 rounds. The start and
 * the rule are fixed so that {@code bench/agents/reference.sh} (numpy) computes the same estimate.
 */
final class ClassShare {
  private static final int MAX_ROUNDS = 500;
  private static final double MIN_VARIANCE = 1e-6;
  private static final double TOLERANCE = 1e-9;

  private ClassShare() {}

  /** The weight of the higher-mean component of a two-Gaussian mixture fitted to {@code scores}. */
  static double upper(double[] scores) {
    int n = scores.length;
    if (n < 2) {
      throw new IllegalArgumentException("need at least two scores");
    }
    double mean = 0;
    for (double z : scores) {
      mean += z;
    }
    mean /= n;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = scores[i] > mean ? 1 : 0;
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Moments m = Moments.of(scores, r);
      if (m.degenerate()) {
        break;
      }
      double change = 0;
      for (int i = 0; i < n; i++) {
        double z = scores[i];
        double upper =
            Math.log(m.share())
                - 0.5 * Math.log(2 * Math.PI * m.upperVariance())
                - (z - m.upperMean()) * (z - m.upperMean()) / (2 * m.upperVariance());
        double lower =
            Math.log(1 - m.share())
                - 0.5 * Math.log(2 * Math.PI * m.lowerVariance())
                - (z - m.lowerMean()) * (z - m.lowerMean()) / (2 * m.lowerVariance());
        double top = Math.max(upper, lower);
        double a = Math.exp(upper - top);
        double next = a / (a + Math.exp(lower - top));
        change = Math.max(change, Math.abs(next - r[i]));
        r[i] = next;
      }
      if (change < TOLERANCE) {
        break;
      }
    }
    Moments m = Moments.of(scores, r);
    return m.upperMean() >= m.lowerMean() ? m.share() : 1 - m.share();
  }

  /** The weighted moments of the two components under responsibilities {@code r}. */
  private record Moments(
      double share,
      double upperMean,
      double upperVariance,
      double lowerMean,
      double lowerVariance,
      boolean degenerate) {
    static Moments of(double[] z, double[] r) {
      double upperWeight = 0;
      double upperSum = 0;
      double lowerSum = 0;
      for (int i = 0; i < z.length; i++) {
        upperWeight += r[i];
        upperSum += r[i] * z[i];
        lowerSum += (1 - r[i]) * z[i];
      }
      double lowerWeight = z.length - upperWeight;
      if (upperWeight <= 0 || lowerWeight <= 0) {
        return new Moments(upperWeight / z.length, 0, 1, 0, 1, true);
      }
      double upperMean = upperSum / upperWeight;
      double lowerMean = lowerSum / lowerWeight;
      double upperSquares = 0;
      double lowerSquares = 0;
      for (int i = 0; i < z.length; i++) {
        upperSquares += r[i] * (z[i] - upperMean) * (z[i] - upperMean);
        lowerSquares += (1 - r[i]) * (z[i] - lowerMean) * (z[i] - lowerMean);
      }
      return new Moments(
          upperWeight / z.length,
          upperMean,
          Math.max(upperSquares / upperWeight, MIN_VARIANCE),
          lowerMean,
          Math.max(lowerSquares / lowerWeight, MIN_VARIANCE),
          false);
    }
  }
}
