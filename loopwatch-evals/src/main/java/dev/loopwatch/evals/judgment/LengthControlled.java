package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The length-controlled win rate, after AlpacaEval LC (Dubois et al. 2024, "Length-Controlled
 * AlpacaEval", section 3): a logistic model of the candidate's score on the length difference, read
 * off at a difference of zero, so a judge that rewards longer answers does not lift the rate.
 *
 * <p><b>Model.</b> {@code P(candidate wins) = σ(θ + φ·tanh(Δ/s))}, where Δ is the candidate's
 * length minus the human's in characters and s the standard deviation of Δ over the items (the
 * feature AlpacaEval uses; tanh bounds the pull of outliers). The target is the verdict's score (1,
 * ½ or 0), so ties enter as half wins in the cross-entropy. The length-controlled rate is σ(θ).
 * AlpacaEval's per-instruction difficulty term is left out: each item has one baseline (the human)
 * and one proposal per candidate, so there is no second model to separate difficulty from.
 *
 * <p><b>Fit.</b> Newton's method with a backtracking line search on the negative log-likelihood
 * plus a ridge term (λ/2)φ² with λ = {@value #LAMBDA}. The objective is convex; the ridge keeps it
 * strictly convex and the estimate finite when length separates the verdicts exactly (a judge that
 * always prefers the longer proposal), where the unpenalised maximum does not exist. θ is not
 * penalised. Stops when the Newton step is below 1e-10 or after 200 iterations. When every length
 * difference is equal the feature is constant and the rate is the plain mean score.
 */
public final class LengthControlled {
  /** The ridge weight on the length coefficient. */
  public static final double LAMBDA = 0.01;

  private static final int MAX_ITERATIONS = 200;

  private LengthControlled() {}

  /**
   * The fitted coefficients.
   *
   * @param intercept θ, the log-odds of a candidate win at equal length
   * @param slope φ, the change in log-odds per unit of the length feature
   * @param scale s, the standard deviation of the length differences
   */
  public record Fit(double intercept, double slope, double scale) {
    /** Returns the length-controlled win rate σ(θ). */
    public double winRate() {
      return sigmoid(intercept);
    }
  }

  /** Returns the length-controlled win rate of {@code comparisons}, NaN when there are none. */
  public static double winRate(List<Comparison> comparisons) {
    return comparisons.isEmpty() ? Double.NaN : fit(comparisons).winRate();
  }

  /**
   * Fits the model to {@code comparisons}.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static Fit fit(List<Comparison> comparisons) {
    requireNonNull(comparisons, "comparisons is null");
    int n = comparisons.size();
    if (n == 0) {
      throw new IllegalArgumentException("no comparisons to fit");
    }
    double[] y = new double[n];
    double[] d = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      Comparison comparison = comparisons.get(i);
      y[i] = comparison.verdict().score();
      d[i] = comparison.lengthDifference();
      mean += d[i] / n;
    }
    double variance = 0;
    for (double value : d) {
      variance += (value - mean) * (value - mean) / n;
    }
    double scale = Math.sqrt(variance);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = scale > 0 ? Math.tanh(d[i] / scale) : 0;
    }
    double theta = 0;
    double phi = 0;
    double objective = objective(theta, phi, x, y);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double g0 = 0;
      double g1 = LAMBDA * phi;
      double h00 = 1e-12;
      double h01 = 0;
      double h11 = LAMBDA;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(theta + phi * x[i]);
        double w = p * (1 - p);
        g0 += p - y[i];
        g1 += (p - y[i]) * x[i];
        h00 += w;
        h01 += w * x[i];
        h11 += w * x[i] * x[i];
      }
      double det = h00 * h11 - h01 * h01;
      double step0 = (h11 * g0 - h01 * g1) / det;
      double step1 = (h00 * g1 - h01 * g0) / det;
      if (!Double.isFinite(step0) || !Double.isFinite(step1)) {
        // Curvature vanished (all scores 0 or 1 and saturated): follow the gradient instead.
        step0 = g0;
        step1 = g1;
      }
      double size = 1;
      double next = objective(theta - step0, phi - step1, x, y);
      while (next > objective && size > 1e-12) {
        size /= 2;
        next = objective(theta - size * step0, phi - size * step1, x, y);
      }
      if (next > objective) {
        break;
      }
      theta -= size * step0;
      phi -= size * step1;
      objective = next;
      if (Math.abs(size * step0) + Math.abs(size * step1) < 1e-10) {
        break;
      }
    }
    return new Fit(theta, phi, scale);
  }

  private static double objective(double theta, double phi, double[] x, double[] y) {
    double total = LAMBDA / 2 * phi * phi;
    for (int i = 0; i < x.length; i++) {
      double z = theta + phi * x[i];
      // -[y log σ(z) + (1 - y) log σ(-z)], written to stay finite for large |z|.
      total += y[i] * softplus(-z) + (1 - y[i]) * softplus(z);
    }
    return total;
  }

  private static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
