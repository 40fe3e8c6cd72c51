package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinRateTest {

  @Test
  void of_knownCounts_givesWinRateTieRateAndConsistency() {
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      comparisons.add(Judges.consistent("s" + i, Verdict.CANDIDATE, 100, 100));
    }
    comparisons.add(Judges.consistent("s5", Verdict.TIE, 100, 100));
    // A judge that picks the first shown both times: a split verdict, counted as a tie.
    comparisons.add(new Comparison("x", "s6", "model", Pick.FIRST, Pick.FIRST, 100, 100));
    for (int i = 7; i < 10; i++) {
      comparisons.add(Judges.consistent("s" + i, Verdict.HUMAN, 100, 100));
    }

    WinRate rate = WinRate.of(comparisons, 0.95, 500, 1);

    assertThat(rate.items()).isEqualTo(10);
    assertThat(rate.sessions()).isEqualTo(10);
    assertThat(rate.wins()).isEqualTo(5);
    assertThat(rate.ties()).isEqualTo(2);
    assertThat(rate.losses()).isEqualTo(3);
    assertThat(rate.winRate().estimate()).isEqualTo(0.6);
    assertThat(rate.tieRate()).isEqualTo(0.2);
    assertThat(rate.orderConsistency()).isEqualTo(0.9);
    assertThat(rate.winRate().low()).isLessThan(0.6);
    assertThat(rate.winRate().high()).isGreaterThan(0.6);
    // Equal lengths throughout: the length-controlled rate is the plain rate.
    assertThat(rate.lengthControlled().estimate()).isCloseTo(0.6, within(1e-6));
  }

  @Test
  void of_twoSessionsOfOppositeVerdicts_givesTheWholeRangeAsInterval() {
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      comparisons.add(Judges.consistent("won", Verdict.CANDIDATE, 100, 100));
      comparisons.add(Judges.consistent("lost", Verdict.HUMAN, 100, 100));
    }

    WinRate rate = WinRate.of(comparisons, 0.95, 1000, 7);

    // Resampling sessions gives 0, 1/2 or 1; resampling the 100 items would give about ±0.1.
    assertThat(rate.winRate().estimate()).isEqualTo(0.5);
    assertThat(rate.winRate().low()).isEqualTo(0.0);
    assertThat(rate.winRate().high()).isEqualTo(1.0);
  }

  @Test
  void of_oneSession_collapsesTheIntervalToTheEstimate() {
    List<Comparison> comparisons =
        List.of(
            Judges.consistent("only", Verdict.CANDIDATE, 100, 100),
            Judges.consistent("only", Verdict.HUMAN, 100, 100),
            Judges.consistent("only", Verdict.CANDIDATE, 100, 100));

    WinRate rate = WinRate.of(comparisons, 0.95, 200, 3);

    assertThat(rate.winRate().low()).isEqualTo(rate.winRate().estimate());
    assertThat(rate.winRate().high()).isEqualTo(rate.winRate().estimate());
  }

  @Test
  void of_sameSeed_givesTheSameIntervals() {
    List<Comparison> comparisons = Judges.blindToLength(90, 0.6, 11);

    assertThat(WinRate.of(comparisons, 0.95, 300, 42))
        .isEqualTo(WinRate.of(comparisons, 0.95, 300, 42));
  }

  @Test
  void of_twoCandidates_isRejected() {
    List<Comparison> comparisons =
        List.of(
            new Comparison("a", "s", "m1", Pick.TIE, Pick.TIE, 1, 1),
            new Comparison("b", "s", "m2", Pick.TIE, Pick.TIE, 1, 1));

    assertThatThrownBy(() -> WinRate.of(comparisons, 0.95, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m1, m2");
  }
}
