package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Speedup statistics over timed pairs. */
class SpeedupTest {
  @Test
  void of_pairs_medianMeanBestAndInterval() {
    Speedup speedup =
        Speedup.of(new double[] {2.0, 3.0, 4.0, 2.2, 6.0}, new double[] {1.0, 1.0, 2.0, 1.0, 2.0});

    assertThat(speedup.ratios()).containsExactly(2.0, 3.0, 2.0, 2.2, 3.0);
    assertThat(speedup.median()).isEqualTo(2.2);
    assertThat(speedup.mean()).isEqualTo(2.44, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(speedup.best()).isEqualTo(3.0);
    assertThat(speedup.low()).isEqualTo(2.0);
    assertThat(speedup.high()).isEqualTo(3.0);
    assertThat(speedup.excludesOne()).isTrue();
    assertThat(speedup.ratioOfMeans().estimate())
        .isEqualTo(17.2 / 7.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void of_ratiosOnBothSidesOfOne_intervalIncludesOne() {
    Speedup speedup = Speedup.of(new double[] {1.0, 1.1, 0.9}, new double[] {1.05, 1.0, 1.0});

    assertThat(speedup.low()).isLessThan(1.0);
    assertThat(speedup.high()).isGreaterThan(1.0);
    assertThat(speedup.excludesOne()).isFalse();
  }

  @Test
  void of_unequalLengths_throws() {
    assertThatThrownBy(() -> Speedup.of(new double[] {1}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
