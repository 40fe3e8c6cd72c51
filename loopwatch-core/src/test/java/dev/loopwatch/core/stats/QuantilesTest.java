package dev.loopwatch.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantilesTest {
  @Test
  void of_matchesNumpyLinearInterpolation() {
    // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 90, 99, 100]) = 1, 2, 3, 7.6, 9.76, 10
    double[] values = {10, 1, 3, 2, 4};
    assertThat(Quantiles.of(values, 0)).isEqualTo(1);
    assertThat(Quantiles.of(values, 0.25)).isEqualTo(2);
    assertThat(Quantiles.of(values, 0.5)).isEqualTo(3);
    assertThat(Quantiles.of(values, 0.9)).isCloseTo(7.6, within(1e-12));
    assertThat(Quantiles.of(values, 0.99)).isCloseTo(9.76, within(1e-12));
    assertThat(Quantiles.of(values, 1)).isEqualTo(10);
    assertThat(values[0]).isEqualTo(10);
  }

  @Test
  void of_singleValue_isThatValue() {
    assertThat(Quantiles.of(new double[] {5}, 0.37)).isEqualTo(5);
  }
}
