package dev.loopwatch.trends.horizon;

/**
 * A fitted success curve {@code P(success) = sigmoid(intercept + slope * log2(minutes))}.
 *
 * @param intercept b0
 * @param slope b1, the coefficient of log2(human minutes)
 * @param iterations Newton iterations used
 * @param gradientNorm the largest absolute component of the objective's gradient at the result
 */
public record LogisticFit(double intercept, double slope, int iterations, double gradientNorm) {
  /**
   * The task length in minutes at which the predicted success rate is {@code p}: {@code T_p =
   * 2^((ln(p/(1-p)) - b0) / b1)}.
   */
  public double horizon(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1): " + p);
    }
    return Math.pow(2, (Math.log(p / (1 - p)) - intercept) / slope);
  }

  /** The predicted success probability for a task of {@code minutes}. */
  public double successProbability(double minutes) {
    double z = intercept + slope * (Math.log(minutes) / Math.log(2));
    return 1 / (1 + Math.exp(-z));
  }
}
