package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogisticRegressionTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void fit_randomData_gradientVanishesAtTheSolution(long seed) {
    Random random = new Random(seed);
    int n = 300;
    int d = 5;
    double[][] x = new double[n][d];
    double[] targets = new double[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      double z = 0;
      for (int j = 0; j < d; j++) {
        x[i][j] = random.nextGaussian();
        z += (j - 2) * x[i][j];
      }
      targets[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      weights[i] = 0.5 + random.nextDouble();
    }
    double c = 0.7;
    LogisticRegression model = LogisticRegression.fit(x, targets, weights, c);
    double[] gradient = new double[d + 1];
    for (int j = 0; j < d; j++) {
      gradient[j] = model.weights()[j];
    }
    for (int i = 0; i < n; i++) {
      double residual = c * weights[i] * (model.probability(x[i]) - targets[i]);
      for (int j = 0; j < d; j++) {
        gradient[j] += residual * x[i][j];
      }
      gradient[d] += residual;
    }
    for (double g : gradient) {
      assertThat(g).as("seed %d", seed).isCloseTo(0, within(1e-6));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void quantile_matchesLinearInterpolation(long seed) {
    Random random = new Random(seed);
    double[] values = new double[11];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    assertThat(ConfidenceLoss.quantile(values, 0.25)).isCloseTo(2.5, within(1e-12));
    assertThat(ConfidenceLoss.quantile(values, 1)).isCloseTo(10, within(1e-12));
  }
}
