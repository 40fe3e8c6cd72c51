package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeedSplitTest {
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3, 4})
  void devCut_secretSalt_sameSizeOtherPositions(long seed) {
    boolean[] reproducible = SeedSplit.devCut(1511, seed, 0.5, 0);
    boolean[] salted = SeedSplit.devCut(1511, seed, 0.5, 0x5eed_1234_abcdL);
    assertThat(count(salted)).isEqualTo(count(reproducible)).isEqualTo(756);
    assertThat(Arrays.equals(salted, reproducible)).isFalse();
    assertThat(SeedSplit.devCut(1511, seed, 0.5, 0x5eed_1234_abcdL)).isEqualTo(salted);
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean flag : flags) {
      if (flag) {
        n++;
      }
    }
    return n;
  }
}
