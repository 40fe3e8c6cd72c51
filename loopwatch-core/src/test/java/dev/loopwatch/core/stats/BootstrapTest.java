package dev.loopwatch.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapTest {
  @Test
  void ratioOfMeans_constantGroups_givesExactRatioAndDegenerateInterval() {
    Bootstrap.Interval interval =
        Bootstrap.ratioOfMeans(new double[] {8, 8, 8}, new double[] {2, 2}, 0.95, 500, 1);
    assertThat(interval.estimate()).isEqualTo(4);
    assertThat(interval.low()).isEqualTo(4);
    assertThat(interval.high()).isEqualTo(4);
  }

  @Test
  void ratioOfMeans_sameSeed_sameInterval() {
    double[] current = {3, 9, 12, 40, 7};
    double[] baseline = {1, 2, 5, 3};
    assertThat(Bootstrap.ratioOfMeans(current, baseline, 0.9, 1000, 7))
        .isEqualTo(Bootstrap.ratioOfMeans(current, baseline, 0.9, 1000, 7));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void ratioOfMeans_randomGroups_intervalBracketsEstimateAndCoversTruthMostly(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] current = new double[60];
    double[] baseline = new double[60];
    for (int i = 0; i < 60; i++) {
      current[i] = 8 + random.nextGaussian();
      baseline[i] = 2 + random.nextGaussian() * 0.25;
    }
    Bootstrap.Interval interval = Bootstrap.ratioOfMeans(current, baseline, 0.95, 2000, seed);
    assertThat(interval.low()).as("seed %d", seed).isLessThanOrEqualTo(interval.estimate());
    assertThat(interval.high()).as("seed %d", seed).isGreaterThanOrEqualTo(interval.estimate());
    assertThat(interval.estimate()).as("seed %d", seed).isCloseTo(4, within(0.3));
    assertThat(interval.high() - interval.low()).as("seed %d", seed).isLessThan(0.6);
  }

  @Test
  void ratioOfMeans_emptyGroup_isRejected() {
    assertThatThrownBy(() -> Bootstrap.ratioOfMeans(new double[0], new double[] {1}, 0.95, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void median_oddValues_estimatesMiddleValueInsideItsInterval() {
    Bootstrap.Interval interval = Bootstrap.median(new double[] {1, 2, 3, 4, 100}, 0.95, 2000, 7);
    assertThat(interval.estimate()).isEqualTo(3.0);
    assertThat(interval.low()).isLessThanOrEqualTo(3.0).isGreaterThanOrEqualTo(1.0);
    assertThat(interval.high()).isGreaterThanOrEqualTo(3.0).isLessThanOrEqualTo(100.0);
  }

  @Test
  void median_constantValues_givesDegenerateInterval() {
    Bootstrap.Interval interval = Bootstrap.median(new double[] {5, 5, 5}, 0.95, 100, 1);
    assertThat(interval.low()).isEqualTo(5.0);
    assertThat(interval.high()).isEqualTo(5.0);
  }

  @Test
  void ratioOfSums_pairs_givesRatioOfTotals() {
    Bootstrap.Interval interval =
        Bootstrap.ratioOfSums(new double[] {1, 3}, new double[] {4, 4}, 0.95, 500, 3);
    assertThat(interval.estimate()).isEqualTo(0.5);
    assertThat(interval.low()).isBetween(0.25, 0.5);
    assertThat(interval.high()).isBetween(0.5, 0.75);
  }

  @Test
  void ratioOfSums_zeroDenominators_isRejected() {
    assertThatThrownBy(() -> Bootstrap.ratioOfSums(new double[] {1}, new double[] {0}, 0.95, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
