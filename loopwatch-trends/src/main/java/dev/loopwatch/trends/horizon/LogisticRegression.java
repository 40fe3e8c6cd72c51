package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

/**
 * The weighted, slope-penalised logistic regression of METR's utils/logistic.py, solved exactly.
 *
 * <p>It minimises {@code f(b0, b1) = b1^2 / 2 + C * sum_i w_i * logloss(y_i, sigmoid(b0 + b1 *
 * x_i))} with {@code C = 1 / regularization}: an L2 penalty on the slope only, the intercept
 * unpenalised (sklearn's {@code LogisticRegression(C=...)}). METR splits a fractional score y into
 * a y=0 row of weight {@code w(1-y)} and a y=1 row of weight {@code w y}; the cross-entropy {@code
 * w(-y ln p - (1-y) ln(1-p))} is exactly that pair, so rows are kept whole and, further, rows with
 * the same x are merged into one (positive weight, negative weight) pair.
 *
 * <p>The objective is strictly convex whenever both classes have weight (the penalty makes the
 * Hessian's slope entry at least 1), so damped Newton with an Armijo backtracking line search
 * converges to the unique minimiser; iteration stops when the gradient's largest component is at
 * most {@code 1e-12 * max(1, C * sum w)} or when floating point allows no further progress.
 * sklearn's lbfgs stops at tolerance 1e-4, so METR's published horizons can differ from these exact
 * ones by up to a few tenths of a percent.
 */
public final class LogisticRegression {
  /** METR's regularization until February 2026 (C = 10). */
  public static final double DEFAULT_REGULARIZATION = 0.1;

  private static final int MAX_ITERATIONS = 200;
  private static final double TOLERANCE = 1e-12;

  private LogisticRegression() {}

  /**
   * Fits {@code y} (each in [0, 1]) against {@code x} with sample weights {@code w}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a weight is negative, or the
   *     data has no weight on one of the classes (no finite minimiser exists)
   */
  public static LogisticFit fit(double[] x, double[] y, double[] w, double regularization) {
    requireNonNull(x, "x is null");
    requireNonNull(y, "y is null");
    requireNonNull(w, "w is null");
    if (x.length != y.length || x.length != w.length) {
      throw new IllegalArgumentException("x, y and w differ in length");
    }
    double[] positive = new double[x.length];
    double[] negative = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (!(y[i] >= 0 && y[i] <= 1)) {
        throw new IllegalArgumentException("y must be in [0, 1]: " + y[i]);
      }
      if (!(w[i] >= 0)) {
        throw new IllegalArgumentException("weights must be non-negative: " + w[i]);
      }
      positive[i] = w[i] * y[i];
      negative[i] = w[i] * (1 - y[i]);
    }
    return fitGrouped(x, positive, negative, x.length, 1 / checkedRegularization(regularization));
  }

  static double checkedRegularization(double regularization) {
    if (!(regularization > 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException("regularization must be positive: " + regularization);
    }
    return regularization;
  }

  /** The objective at (b0, b1), for cross-checks. */
  public static double objective(
      double[] x, double[] y, double[] w, double regularization, double b0, double b1) {
    double c = 1 / checkedRegularization(regularization);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b0 + b1 * x[i];
      sum += w[i] * (y[i] * softplus(-z) + (1 - y[i]) * softplus(z));
    }
    return 0.5 * b1 * b1 + c * sum;
  }

  /**
   * Fits grouped rows: at {@code x[i]} a total weight {@code positive[i]} of successes and {@code
   * negative[i]} of failures; only the first {@code n} entries are read.
   */
  static LogisticFit fitGrouped(double[] x, double[] positive, double[] negative, int n, double c) {
    double totalPositive = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      totalPositive += positive[i];
      total += positive[i] + negative[i];
    }
    if (!(totalPositive > 0) || !(totalPositive < total)) {
      throw new IllegalArgumentException("both classes need positive weight");
    }
    double tolerance = TOLERANCE * Math.max(1, c * total);
    double b0 = Math.log(totalPositive / (total - totalPositive));
    double b1 = 0;
    double[] state = new double[6];
    evaluate(x, positive, negative, n, c, b0, b1, state);
    int iteration = 0;
    while (iteration < MAX_ITERATIONS && gradientNorm(state) > tolerance) {
      iteration++;
      double f = state[0];
      double g0 = state[1];
      double g1 = state[2];
      double h00 = state[3];
      double h01 = state[4];
      double h11 = state[5];
      double determinant = h00 * h11 - h01 * h01;
      double d0 = -(h11 * g0 - h01 * g1) / determinant;
      double d1 = -(h00 * g1 - h01 * g0) / determinant;
      double slopeAlongStep = g0 * d0 + g1 * d1;
      double oldNorm = gradientNorm(state);
      boolean accepted = false;
      for (double t = 1; t > 1e-12; t /= 2) {
        double nb0 = b0 + t * d0;
        double nb1 = b1 + t * d1;
        evaluate(x, positive, negative, n, c, nb0, nb1, state);
        boolean armijo = state[0] <= f + 1e-4 * t * slopeAlongStep;
        boolean roundingTie =
            Math.abs(state[0] - f) <= 1e-14 * Math.max(1, Math.abs(f))
                && gradientNorm(state) < oldNorm;
        if (armijo || roundingTie) {
          b0 = nb0;
          b1 = nb1;
          accepted = true;
          break;
        }
      }
      if (!accepted) {
        evaluate(x, positive, negative, n, c, b0, b1, state);
        break;
      }
    }
    return new LogisticFit(b0, b1, iteration, gradientNorm(state));
  }

  private static double gradientNorm(double[] state) {
    return Math.max(Math.abs(state[1]), Math.abs(state[2]));
  }

  /** Writes f, gradient (2) and Hessian (h00, h01, h11) at (b0, b1) into {@code state}. */
  private static void evaluate(
      double[] x,
      double[] positive,
      double[] negative,
      int n,
      double c,
      double b0,
      double b1,
      double[] state) {
    double loss = 0;
    double g0 = 0;
    double g1 = 0;
    double h00 = 0;
    double h01 = 0;
    double h11 = 0;
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      double pos = positive[i];
      double neg = negative[i];
      double z = b0 + b1 * xi;
      double e = Math.exp(-Math.abs(z));
      double log1p = Math.log1p(e);
      // softplus(z) = max(z, 0) + log1p(exp(-|z|)); softplus(-z) = softplus(z) - z.
      double softplusZ = Math.max(z, 0) + log1p;
      loss += pos * (softplusZ - z) + neg * softplusZ;
      double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      double residual = (pos + neg) * p - pos;
      double onePlus = 1 + e;
      double curvature = (pos + neg) * e / (onePlus * onePlus); // w p (1 - p)
      g0 += residual;
      g1 += residual * xi;
      h00 += curvature;
      h01 += curvature * xi;
      h11 += curvature * xi * xi;
    }
    state[0] = 0.5 * b1 * b1 + c * loss;
    state[1] = c * g0;
    state[2] = b1 + c * g1;
    state[3] = c * h00;
    state[4] = c * h01;
    state[5] = 1 + c * h11;
  }

  static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
