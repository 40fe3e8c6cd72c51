package dev.loopwatch.trends.breakpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.error.LoopwatchException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrendAnalysisTest {
  private static final LocalDate START = LocalDate.of(2020, 1, 1);
  private static final LocalDate BREAK = LocalDate.of(2023, 1, 1);

  /**
   * ln(value) rises ln 2 per {@code before} days until the breakpoint, then ln 2 per {@code after}
   * days, one point every 30 days for 6 years, with Gaussian noise of sd {@code noise} on ln.
   */
  private static List<SeriesPoint> brokenSeries(
      double before, double after, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SeriesPoint> points = new ArrayList<>();
    double breakDay = BREAK.toEpochDay() - START.toEpochDay();
    for (int day = 0; day <= 6 * 365; day += 30) {
      double ln =
          Math.log(10)
              + Math.log(2) * Math.min(day, breakDay) / before
              + Math.log(2) * Math.max(0, day - breakDay) / after;
      points.add(SeriesPoint.of(START.plusDays(day), Math.exp(ln + noise * random.nextGaussian())));
    }
    return points;
  }

  private static TrendOptions logOptions() {
    return TrendOptions.defaults().withLog(true).withBootstrap(300, 7);
  }

  @Test
  void analyze_flatAfterBreak_ratioIntervalNeverNegative() {
    // Rising, then flat with noise: many resamples have a falling second segment, a negative
    // ratio. The interval is taken on ln(ratio), so it cannot go below 0.
    List<SeriesPoint> points = brokenSeries(200, 1e12, 0.3, 11);
    TrendResult result =
        TrendAnalysis.analyze(
            points, logOptions().withBreakpoint(new Breakpoint.Fixed(BREAK)).withBootstrap(400, 3));
    var interval = result.ratioInterval().orElseThrow();
    assertThat(interval.low()).isGreaterThanOrEqualTo(0);
    assertThat(interval.high()).isGreaterThan(interval.low());
    assertThat(interval.low()).isLessThan(Math.max(result.slopeRatio(), 0) + 1e-12);
  }

  @Test
  void ols_exactLine_recoversInterceptAndSlope() {
    double[] x = {0, 1, 2, 3};
    double[] y = {1, 3, 5, 7};
    Line line = LineFits.ols(x, y, 4).orElseThrow();
    assertThat(line.intercept()).isCloseTo(1, within(1e-12));
    assertThat(line.slope()).isCloseTo(2, within(1e-12));
  }

  @Test
  void continuous_exactBrokenLine_recoversBothSlopesAndMeetsAtBreakpoint() {
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7};
    double[] y = new double[8];
    for (int i = 0; i < 8; i++) {
      y[i] = i <= 3 ? 2 + 0.5 * i : 3.5 + 3 * (i - 3);
    }
    BrokenLine fit = LineFits.continuous(x, y, 8, 3).orElseThrow();
    assertThat(fit.before().slope()).isCloseTo(0.5, within(1e-9));
    assertThat(fit.after().slope()).isCloseTo(3, within(1e-9));
    assertThat(fit.after().at(3)).isCloseTo(fit.before().at(3), within(1e-9));
    assertThat(fit.slopeRatio()).isCloseTo(6, within(1e-9));
    assertThat(LineFits.sse(fit, x, y, 8)).isCloseTo(0, within(1e-12));
  }

  @Test
  void discontinuous_jump_fitsTwoIndependentLines() {
    double[] x = {0, 1, 2, 3, 4, 5, 6};
    double[] y = {0, 1, 2, 10, 12, 14, 16};
    BrokenLine fit = LineFits.discontinuous(x, y, 7, 2).orElseThrow();
    assertThat(fit.continuous()).isFalse();
    assertThat(fit.before().slope()).isCloseTo(1, within(1e-12));
    assertThat(fit.before().intercept()).isCloseTo(0, within(1e-12));
    assertThat(fit.after().slope()).isCloseTo(2, within(1e-12));
    assertThat(fit.after().intercept()).isCloseTo(4, within(1e-12));
  }

  @Test
  void search_exactBrokenLine_findsTheBreakDay() {
    double[] x = new double[20];
    double[] y = new double[20];
    for (int i = 0; i < 20; i++) {
      x[i] = 10 * i;
      y[i] = x[i] <= 120 ? x[i] : 120 + 4 * (x[i] - 120);
    }
    BrokenLine fit = LineFits.search(x, y, 20, true, 3).orElseThrow();
    assertThat(fit.breakpoint()).isEqualTo(120);
    assertThat(fit.slopeRatio()).isCloseTo(4, within(1e-9));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void analyze_noisyBrokenLine_recoversBreakpointRatioAndAccelerates(long seed) {
    TrendResult result = TrendAnalysis.analyze(brokenSeries(200, 100, 0.1, seed), logOptions());
    String description = "seed " + seed + ": " + result;
    assertThat(Math.abs(result.breakpointDate().toEpochDay() - BREAK.toEpochDay()))
        .as(description)
        .isLessThanOrEqualTo(90);
    assertThat(result.slopeRatio()).as(description).isBetween(1.6, 2.5);
    assertThat(result.ratioInterval().orElseThrow().low()).as(description).isGreaterThan(1);
    assertThat(result.comparison().brokenWins()).as(description).isTrue();
    assertThat(result.verdict()).as(description).isEqualTo(Verdict.ACCELERATED);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void analyze_noisyStraightLine_showsNoChangeOfSlope(long seed) {
    TrendResult result = TrendAnalysis.analyze(brokenSeries(150, 150, 0.2, seed), logOptions());
    assertThat(result.verdict()).as("seed " + seed + ": " + result).isEqualTo(Verdict.NOT_SHOWN);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void analyze_straightLineWithFixedMidBreakpoint_showsNoBreak(long seed) {
    TrendOptions options = logOptions().withBreakpoint(new Breakpoint.Fixed(BREAK));
    TrendResult result = TrendAnalysis.analyze(brokenSeries(150, 150, 0.2, seed), options);
    assertThat(result.verdict()).as("seed " + seed + ": " + result).isEqualTo(Verdict.NOT_SHOWN);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void analyze_fixedDiscontinuousBreakpoint_recoversRatio(long seed) {
    TrendOptions options =
        logOptions().withBreakpoint(new Breakpoint.Fixed(BREAK)).withContinuous(false);
    TrendResult result = TrendAnalysis.analyze(brokenSeries(200, 100, 0.05, seed), options);
    assertThat(result.breakpointDate()).isEqualTo(BREAK);
    assertThat(result.broken().continuous()).isFalse();
    assertThat(result.slopeRatio()).as("seed " + seed).isBetween(1.7, 2.3);
    assertThat(result.verdict()).as("seed " + seed).isEqualTo(Verdict.ACCELERATED);
  }

  @Test
  void analyze_sameSeed_isDeterministic() {
    List<SeriesPoint> points = brokenSeries(200, 100, 0.1, 11);
    assertThat(TrendAnalysis.analyze(points, logOptions()))
        .isEqualTo(TrendAnalysis.analyze(points, logOptions()));
    assertThat(TrendAnalysis.analyze(points, logOptions()).ratioInterval())
        .isNotEqualTo(
            TrendAnalysis.analyze(points, logOptions().withBootstrap(300, 8)).ratioInterval());
  }

  @Test
  void analyze_breakpointOutsideData_failsNamingTheRange() {
    TrendOptions options =
        logOptions().withBreakpoint(new Breakpoint.Fixed(LocalDate.of(2030, 1, 1)));
    assertThatThrownBy(() -> TrendAnalysis.analyze(brokenSeries(200, 100, 0, 1), options))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "breakpoint 2030-01-01 is outside the data range 2020-01-01..2025-12-30; it must"
                + " fall after the first date and before the last");
  }

  @Test
  void analyze_breakpointLeavingTwoPoints_failsNamingTheCounts() {
    TrendOptions options = logOptions().withBreakpoint(new Breakpoint.Fixed(START.plusDays(30)));
    assertThatThrownBy(() -> TrendAnalysis.analyze(brokenSeries(200, 100, 0, 1), options))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "breakpoint 2020-01-31 leaves 2 point(s) up to it and 72 after it; each side needs at"
                + " least 3");
  }

  @Test
  void analyze_logWithZero_failsNamingTheDate() {
    List<SeriesPoint> points = new ArrayList<>(brokenSeries(200, 100, 0, 1));
    points.set(4, SeriesPoint.of(points.get(4).date(), 0));
    assertThatThrownBy(() -> TrendAnalysis.analyze(points, logOptions()))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("log space needs positive values; the value on 2020-04-30 is 0.0");
  }

  @Test
  void analyze_tooFewPoints_fails() {
    assertThatThrownBy(
            () -> TrendAnalysis.analyze(brokenSeries(200, 100, 0, 1).subList(0, 5), logOptions()))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("a broken-line fit needs at least 6 points, found 5");
  }

  @Test
  void projections_exactDoubling_reachTargetsOnTheSolvedDays() {
    // Doubling every 200 days before the break and every 100 days after, from 10 minutes.
    TrendResult result = TrendAnalysis.analyze(brokenSeries(200, 100, 0, 1), logOptions());
    Projection eightHours = result.projections().get(0);
    assertThat(eightHours.target()).isEqualTo(480);
    // Broken line: 10 * 2^(1096 / 200) at the break, then doubling every 100 days.
    long breakDay = BREAK.toEpochDay();
    double atBreak = Math.log(10) + Math.log(2) * (breakDay - START.toEpochDay()) / 200;
    for (Projection projection : result.projections()) {
      double days = (Math.log(projection.target()) - atBreak) / (Math.log(2) / 100);
      assertThat(projection.broken().orElseThrow())
          .as("target " + projection.target())
          .isEqualTo(LocalDate.ofEpochDay(Math.round(breakDay + days)));
      // The single line's date solves the single line.
      Line single = result.single();
      assertThat(single.at(projection.single().orElseThrow().toEpochDay()))
          .isCloseTo(Math.log(projection.target()), within(Math.abs(single.slope()) * 0.5));
      // Noise-free data: every resample that fits gives the same broken-line date.
      DateInterval interval = projection.brokenInterval().orElseThrow();
      assertThat(interval.low()).isEqualTo(projection.broken());
      assertThat(interval.high()).isEqualTo(projection.broken());
    }
  }

  @Test
  void projections_exactExponential_singleLineHitsEightHoursAfterThreeDoublings() {
    List<SeriesPoint> points = new ArrayList<>();
    for (int day = 0; day <= 400; day += 20) {
      points.add(SeriesPoint.of(START.plusDays(day), 60 * Math.pow(2, day / 200.0)));
    }
    TrendResult result = TrendAnalysis.analyze(points, logOptions());
    assertThat(result.projections().get(0).single()).contains(START.plusDays(600));
    assertThat(result.projections().get(1).single())
        .contains(START.plusDays(Math.round(200 * Math.log(40) / Math.log(2))));
  }

  @Test
  void projections_fallingLine_neverReachTheTarget() {
    List<SeriesPoint> points = new ArrayList<>();
    for (int day = 0; day <= 400; day += 20) {
      points.add(SeriesPoint.of(START.plusDays(day), 1000 - day));
    }
    TrendResult result =
        TrendAnalysis.analyze(points, TrendOptions.defaults().withBootstrap(50, 1));
    assertThat(result.projections().get(1).single()).isEmpty();
    assertThat(result.projections().get(1).singleInterval().orElseThrow().low()).isEmpty();
  }

  @Test
  void bic_morePenaltyForMoreParameters() {
    assertThat(TrendAnalysis.bic(10, 20, 3) - TrendAnalysis.bic(10, 20, 2))
        .isCloseTo(Math.log(20), within(1e-12));
    assertThat(TrendAnalysis.bic(10, 20, 2))
        .isCloseTo(20 * Math.log(0.5) + 2 * Math.log(20), within(1e-12));
  }
}
