package dev.loopwatch.research.scoring;

/** Two-sided 95% quantiles of Student's t distribution, for confidence intervals over seeds. */
public final class StudentT {
  /** t(0.975, df) for df = 1..30 (standard tables). */
  private static final double[] QUANTILE_975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  private StudentT() {}

  /** t(0.975, df); the normal 1.96 beyond 30 degrees of freedom, 0 for none. */
  public static double quantile975(int degreesOfFreedom) {
    if (degreesOfFreedom < 1) {
      return 0;
    }
    return degreesOfFreedom <= QUANTILE_975.length ? QUANTILE_975[degreesOfFreedom - 1] : 1.96;
  }
}
