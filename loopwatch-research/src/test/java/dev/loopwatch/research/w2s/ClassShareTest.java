package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassShareTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void upper_twoSeparatedGroups_recoversTheUpperGroupsShare(long seed) {
    Random random = new Random(seed);
    double share = 0.15 + 0.4 * random.nextDouble();
    double[] scores = new double[4000];
    int upper = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean high = random.nextDouble() < share;
      if (high) {
        upper++;
      }
      scores[i] = high ? 2 + 0.8 * random.nextGaussian() : -3 + 1.5 * random.nextGaussian();
    }
    assertThat(ClassShare.upper(scores))
        .as("seed %d", seed)
        .isCloseTo((double) upper / scores.length, within(0.01));
  }

  @Test
  void upper_equalScores_staysAProportion() {
    double[] scores = new double[50];
    assertThat(ClassShare.upper(scores)).isBetween(0.0, 1.0);
  }

  @Test
  void upper_upperGroupFirstOrLast_sameAnswer() {
    double[] scores = {-2.1, -1.9, -2.0, -2.2, 3.0, 3.1, 2.9, -1.8};
    double[] reversed = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      reversed[i] = scores[scores.length - 1 - i];
    }
    assertThat(ClassShare.upper(scores)).isCloseTo(0.375, within(1e-6));
    assertThat(ClassShare.upper(reversed)).isCloseTo(ClassShare.upper(scores), within(1e-12));
  }
}
