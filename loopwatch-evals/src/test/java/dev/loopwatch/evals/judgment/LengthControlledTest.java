package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.stats.Bootstrap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LengthControlledTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void winRate_judgeThatPrefersTheLonger_isNearOneHalfWhileTheRawRateIsNot(long seed) {
    List<Comparison> comparisons = Judges.prefersLonger(300, seed);

    double raw = WinRate.meanScore(comparisons);
    double controlled = LengthControlled.winRate(comparisons);

    assertThat(raw).as("raw, seed %d", seed).isGreaterThan(0.65);
    assertThat(controlled).as("controlled, seed %d", seed).isCloseTo(0.5, within(0.05));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void winRate_judgeBlindToLength_staysNearTheRawRate(long seed) {
    List<Comparison> comparisons = Judges.blindToLength(600, 0.7, seed);

    double raw = WinRate.meanScore(comparisons);

    assertThat(LengthControlled.winRate(comparisons))
        .as("seed %d", seed)
        .isCloseTo(raw, within(0.05));
  }

  @Test
  void fit_prefersLonger_hasAPositiveLengthCoefficient() {
    LengthControlled.Fit fit = LengthControlled.fit(Judges.prefersLonger(300, 9));

    assertThat(fit.slope()).isGreaterThan(5);
    assertThat(fit.scale()).isPositive();
  }

  @Test
  void fit_equalLengths_isTheMeanScore() {
    List<Comparison> comparisons =
        List.of(
            Judges.consistent("a", Verdict.CANDIDATE, 10, 10),
            Judges.consistent("b", Verdict.CANDIDATE, 10, 10),
            Judges.consistent("c", Verdict.TIE, 10, 10),
            Judges.consistent("d", Verdict.HUMAN, 10, 10));

    LengthControlled.Fit fit = LengthControlled.fit(comparisons);

    assertThat(fit.winRate()).isCloseTo(0.625, within(1e-9));
    assertThat(fit.scale()).isZero();
  }

  @Test
  void winRate_allWins_isNearOne() {
    List<Comparison> comparisons =
        List.of(
            Judges.consistent("a", Verdict.CANDIDATE, 10, 50),
            Judges.consistent("b", Verdict.CANDIDATE, 90, 20));

    assertThat(LengthControlled.winRate(comparisons)).isGreaterThan(0.99).isLessThanOrEqualTo(1);
  }

  @Test
  void winRate_prefersLongerInterval_coversOneHalf() {
    List<Comparison> comparisons = Judges.prefersLonger(300, 1);

    Bootstrap.Interval interval =
        SessionBootstrap.interval(
            comparisons, Comparison::sessionId, LengthControlled::winRate, 0.95, 200, 5);

    assertThat(interval.low()).isLessThanOrEqualTo(0.5);
    assertThat(interval.high()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void fit_prefersLongerSeedFour_matchesAnIndependentComputation() {
    LengthControlled.Fit fit = LengthControlled.fit(Judges.prefersLonger(300, 4));

    // From numpy/scipy: BFGS on the same penalised cross-entropy (lambda 0.01, tanh(d/sd)) over
    // the same 300 (length difference, score) pairs written out by this generator.
    assertThat(fit.intercept()).isCloseTo(0.01685, within(1e-4));
    assertThat(fit.slope()).isCloseTo(15.4350, within(1e-3));
    assertThat(fit.winRate()).isCloseTo(0.5042, within(1e-4));
  }
}
