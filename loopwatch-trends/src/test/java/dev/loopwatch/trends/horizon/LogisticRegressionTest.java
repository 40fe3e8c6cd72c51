package dev.loopwatch.trends.horizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogisticRegressionTest {
  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void fit_exactProbabilitiesAsScores_recoversKnownCoefficients(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double b0 = random.nextDouble(-1, 4);
    double b1 = -random.nextDouble(0.2, 1.5);
    int n = 40;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-3, 10);
      y[i] = sigmoid(b0 + b1 * x[i]);
      w[i] = 1.0 / n;
    }
    // With fractional y equal to the true probabilities the unpenalised optimum is the truth; a
    // negligible penalty (C = 1e12) moves it by ~1e-12.
    LogisticFit fit = LogisticRegression.fit(x, y, w, 1e-12);
    assertThat(fit.intercept()).as("seed %d", seed).isCloseTo(b0, within(1e-6));
    assertThat(fit.slope()).as("seed %d", seed).isCloseTo(b1, within(1e-6));
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void fit_largeBernoulliSample_recoversKnownCoefficients(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double b0 = 2.0;
    double b1 = -0.6;
    int n = 40_000;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-2, 12);
      y[i] = random.nextDouble() < sigmoid(b0 + b1 * x[i]) ? 1 : 0;
      w[i] = 1.0 / n;
    }
    LogisticFit fit = LogisticRegression.fit(x, y, w, 1e-9);
    // Standard errors are about 0.03 and 0.005 at this size; allow five of them.
    assertThat(fit.intercept()).as("seed %d", seed).isCloseTo(b0, within(0.15));
    assertThat(fit.slope()).as("seed %d", seed).isCloseTo(b1, within(0.025));
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24, 25, 26})
  void fit_smallData_matchesBruteForceMinimumOfObjective(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 7;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-2, 8);
      y[i] = i == 0 ? 1 : i == 1 ? 0 : random.nextInt(3) / 2.0;
      w[i] = random.nextDouble(0.1, 1);
      total += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= total;
    }
    LogisticFit fit = LogisticRegression.fit(x, y, w, 0.1);
    double[] brute = bruteForce(x, y, w, 0.1);
    assertThat(fit.slope()).as("seed %d", seed).isCloseTo(brute[1], within(1e-6));
    assertThat(fit.intercept()).as("seed %d", seed).isCloseTo(brute[0], within(1e-6));
    assertThat(LogisticRegression.objective(x, y, w, 0.1, fit.intercept(), fit.slope()))
        .as("seed %d", seed)
        .isLessThanOrEqualTo(
            LogisticRegression.objective(x, y, w, 0.1, brute[0], brute[1]) + 1e-13);
  }

  /** Nested golden-section search: the minimum over b0 of a convex function is convex in b1. */
  private static double[] bruteForce(double[] x, double[] y, double[] w, double regularization) {
    double phi = (Math.sqrt(5) - 1) / 2;
    double low = -30;
    double high = 30;
    for (int i = 0; i < 120; i++) {
      double a = high - phi * (high - low);
      double b = low + phi * (high - low);
      if (innerMinimum(x, y, w, regularization, a)[1]
          < innerMinimum(x, y, w, regularization, b)[1]) {
        high = b;
      } else {
        low = a;
      }
    }
    double b1 = (low + high) / 2;
    return new double[] {innerMinimum(x, y, w, regularization, b1)[0], b1};
  }

  private static double[] innerMinimum(
      double[] x, double[] y, double[] w, double regularization, double b1) {
    double phi = (Math.sqrt(5) - 1) / 2;
    double low = -100;
    double high = 100;
    for (int i = 0; i < 120; i++) {
      double a = high - phi * (high - low);
      double b = low + phi * (high - low);
      if (LogisticRegression.objective(x, y, w, regularization, a, b1)
          < LogisticRegression.objective(x, y, w, regularization, b, b1)) {
        high = b;
      } else {
        low = a;
      }
    }
    double b0 = (low + high) / 2;
    return new double[] {b0, LogisticRegression.objective(x, y, w, regularization, b0, b1)};
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 1e-5, 1.0})
  void fit_anyRegularization_gradientOfStatedObjectiveIsZero(double regularization) {
    SplittableRandom random = new SplittableRandom(31);
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-3, 11);
      y[i] = random.nextDouble() < sigmoid(3 - 0.7 * x[i]) ? 1 : 0;
      w[i] = 1.0 / n;
    }
    LogisticFit fit = LogisticRegression.fit(x, y, w, regularization);
    double c = 1 / regularization;
    double g0 = 0;
    double g1 = 0;
    for (int i = 0; i < n; i++) {
      double residual = w[i] * (sigmoid(fit.intercept() + fit.slope() * x[i]) - y[i]);
      g0 += c * residual;
      g1 += c * residual * x[i];
    }
    g1 += fit.slope();
    double scale = Math.max(1, c);
    assertThat(Math.abs(g0) / scale).as("regularization %s", regularization).isLessThan(1e-11);
    assertThat(Math.abs(g1) / scale).as("regularization %s", regularization).isLessThan(1e-11);
    assertThat(fit.gradientNorm()).isLessThanOrEqualTo(1e-12 * scale);
  }

  @Test
  void fit_fractionalScores_equalsMetrSplitIntoWeightedRows() {
    double[] x = {0, 1, 2, 3, 4, 5};
    double[] y = {1, 0.75, 0.5, 1, 0.25, 0};
    double[] w = {0.1, 0.2, 0.2, 0.1, 0.3, 0.1};
    LogisticFit whole = LogisticRegression.fit(x, y, w, 0.1);
    double[] splitX = {0, 1, 1, 2, 2, 3, 4, 4, 5};
    double[] splitY = {1, 0, 1, 0, 1, 1, 0, 1, 0};
    double[] splitW = {0.1, 0.05, 0.15, 0.1, 0.1, 0.1, 0.225, 0.075, 0.1};
    LogisticFit split = LogisticRegression.fit(splitX, splitY, splitW, 0.1);
    assertThat(whole.intercept()).isCloseTo(split.intercept(), within(1e-12));
    assertThat(whole.slope()).isCloseTo(split.slope(), within(1e-12));
  }

  @Test
  void fit_separableDataWithTinyRegularization_staysFinite() {
    double[] x = {0, 1, 2, 3, 4, 5};
    double[] y = {1, 1, 1, 0, 0, 0};
    double[] w = {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0};
    LogisticFit fit = LogisticRegression.fit(x, y, w, 1e-5);
    assertThat(fit.slope()).isFinite().isNegative();
    assertThat(fit.horizon(0.5)).isCloseTo(Math.pow(2, 2.5), within(1e-6));
  }

  @Test
  void fit_oneClass_isRejected() {
    double[] x = {0, 1};
    double[] y = {0, 0};
    double[] w = {0.5, 0.5};
    assertThatThrownBy(() -> LogisticRegression.fit(x, y, w, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both classes");
  }

  @Test
  void horizon_formulaIdentities_hold() {
    LogisticFit fit = new LogisticFit(2.5, -0.5, 0, 0);
    assertThat(fit.horizon(0.5)).isCloseTo(Math.pow(2, 5), within(1e-12));
    double p80 = Math.pow(2, (Math.log(4) - 2.5) / -0.5);
    assertThat(fit.horizon(0.8)).isCloseTo(p80, within(1e-12));
    assertThat(fit.horizon(0.8)).isLessThan(fit.horizon(0.5));
    for (double p : new double[] {0.1, 0.5, 0.8, 0.95}) {
      assertThat(fit.successProbability(fit.horizon(p))).as("p %s", p).isCloseTo(p, within(1e-12));
    }
    // T_p * T_(1-p) = T50^2: logits of p and 1-p are opposite.
    assertThat(fit.horizon(0.2) * fit.horizon(0.8)).isCloseTo(32.0 * 32.0, within(1e-9));
  }
}
