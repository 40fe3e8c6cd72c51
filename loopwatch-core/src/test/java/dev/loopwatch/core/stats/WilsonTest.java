package dev.loopwatch.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Wilson intervals against values computed by hand from the closed form. */
class WilsonTest {
  @Test
  void interval_noneOfSeventeen_doesNotCollapse() {
    Bootstrap.Interval interval = Wilson.interval(0, 17, 0.95);

    assertThat(interval.estimate()).isZero();
    assertThat(interval.low()).isZero();
    assertThat(interval.high()).isCloseTo(0.1843, within(1e-4));
  }

  @Test
  void interval_allOfSeventeen_mirrorsNone() {
    Bootstrap.Interval interval = Wilson.interval(17, 17, 0.95);

    assertThat(interval.low()).isCloseTo(1 - 0.1843, within(1e-4));
    assertThat(interval.high()).isEqualTo(1.0);
  }

  @Test
  void interval_fiveOfTen_knownValues() {
    Bootstrap.Interval interval = Wilson.interval(5, 10, 0.95);

    assertThat(interval.estimate()).isEqualTo(0.5);
    assertThat(interval.low()).isCloseTo(0.2366, within(1e-4));
    assertThat(interval.high()).isCloseTo(0.7634, within(1e-4));
  }

  @Test
  void normalQuantile_commonLevels_matchTables() {
    assertThat(Wilson.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(Wilson.normalQuantile(0.95)).isCloseTo(1.644854, within(1e-6));
  }

  @Test
  void interval_noTrials_throws() {
    assertThatThrownBy(() -> Wilson.interval(0, 0, 0.95))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
