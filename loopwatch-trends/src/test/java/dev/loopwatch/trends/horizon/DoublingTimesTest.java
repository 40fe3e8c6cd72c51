package dev.loopwatch.trends.horizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.error.LoopwatchException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoublingTimesTest {
  private static final LocalDate FROM_2023 = LocalDate.of(2023, 1, 1);
  private static final LocalDate UNTIL_2030 = LocalDate.of(2030, 1, 1);

  /**
   * METR's published Time Horizon 1.1 per-model p50 estimates (minutes) and release dates, from
   * benchmark_results.yaml (METR-Horizon-v1.1, January 2026; copy in IAPS-AI/METR-Time-Horizons at
   * commit f61e32d). Its from_2023_on doubling time is 130.801 days [107.334, 161.422].
   */
  static final List<AgentPoint> METR_TH11 =
      List.of(
          point("claude_3_5_sonnet_20240620_inspect", "2024-06-20", 10.771603),
          point("claude_3_5_sonnet_20241022_inspect", "2024-10-22", 19.776241),
          point("claude_3_7_sonnet_inspect", "2025-02-24", 59.763762),
          point("claude_3_opus_inspect", "2024-03-04", 3.575399),
          point("claude_4_opus_inspect", "2025-05-22", 101.182643),
          point("claude_opus_4_5_inspect", "2025-11-24", 320.422486),
          point("davinci_002", "2020-05-28", 0.148793),
          point("gpt2", "2019-02-14", 0.039762),
          point("gpt_3_5_turbo_instruct", "2022-03-15", 0.604245),
          point("gpt_4", "2023-03-14", 3.524514),
          point("gpt_4_1106_inspect", "2023-11-06", 3.609578),
          point("gpt_4_turbo_inspect", "2024-04-09", 3.225159),
          point("gpt_4o_inspect", "2024-05-13", 6.404471),
          point("gpt_5_2025_08_07_inspect", "2025-08-07", 213.954459),
          point("o1_inspect", "2024-12-05", 37.937543),
          point("o1_preview", "2024-09-12", 19.395096),
          point("o3_inspect", "2025-04-16", 120.730463));

  private static AgentPoint point(String agent, String date, double horizon) {
    return new AgentPoint(agent, LocalDate.parse(date), horizon);
  }

  @Test
  void estimate_metrTimeHorizon11From2023_reproducesPublishedDoublingTime() {
    DoublingTime doubling = DoublingTimes.estimate(METR_TH11, FROM_2023, UNTIL_2030);
    assertThat(doubling.days()).isCloseTo(130.801, within(0.001));
    assertThat(doubling.frontier())
        .containsExactly(
            "gpt_4",
            "gpt_4_1106_inspect",
            "gpt_4o_inspect",
            "claude_3_5_sonnet_20240620_inspect",
            "o1_preview",
            "claude_3_5_sonnet_20241022_inspect",
            "o1_inspect",
            "claude_3_7_sonnet_inspect",
            "o3_inspect",
            "gpt_5_2025_08_07_inspect",
            "claude_opus_4_5_inspect");
  }

  @Test
  void frontier_tiesOnOneDate_keepsAllAtTheMaximum() {
    List<AgentPoint> points =
        List.of(
            point("b", "2024-01-01", 5),
            point("a", "2024-01-01", 5),
            point("c", "2024-01-01", 4),
            point("d", "2023-06-01", 6),
            point("e", "2024-02-01", 6));
    // d sets the maximum at 6; on 2024-01-01 the best is 5 < 6, so none; e ties 6.
    assertThat(DoublingTimes.frontier(points, FROM_2023, UNTIL_2030))
        .extracting(AgentPoint::agent)
        .containsExactly("d", "e");
    assertThat(DoublingTimes.frontier(points, LocalDate.of(2023, 7, 1), UNTIL_2030))
        .extracting(AgentPoint::agent)
        .containsExactly("b", "a", "e");
  }

  @Test
  void frontier_window_isHalfOpen() {
    List<AgentPoint> points =
        List.of(
            point("a", "2023-01-01", 1), point("b", "2024-01-01", 2), point("c", "2025-01-01", 3));
    assertThat(DoublingTimes.frontier(points, FROM_2023, LocalDate.of(2025, 1, 1)))
        .extracting(AgentPoint::agent)
        .containsExactly("a", "b");
  }

  @Test
  void fit_exactExponential_givesItsDoublingTime() {
    LocalDate start = LocalDate.of(2024, 1, 1);
    List<AgentPoint> points =
        List.of(
            new AgentPoint("a", start, 2),
            new AgentPoint("b", start.plusDays(100), 4),
            new AgentPoint("c", start.plusDays(300), 16));
    assertThat(DoublingTimes.fit(points)).isCloseTo(100, within(1e-9));
  }

  @Test
  void fit_zeroHorizon_isClippedAtOneThousandthMinute() {
    LocalDate start = LocalDate.of(2024, 1, 1);
    List<AgentPoint> points =
        List.of(new AgentPoint("a", start, 0), new AgentPoint("b", start.plusDays(50), 0.002));
    assertThat(DoublingTimes.fit(points)).isCloseTo(50, within(1e-9));
  }

  @Test
  void fit_onePoint_isUserInputError() {
    assertThatThrownBy(() -> DoublingTimes.fit(List.of(point("a", "2024-01-01", 1))))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("at least two frontier agents");
  }

  @Test
  void estimate_withSamples_usesPositiveDoublingTimesOnly() {
    List<AgentPoint> points =
        List.of(
            point("a", "2024-01-01", 1),
            point("b", "2024-04-10", 2),
            point("z", "2023-01-01", 0.5));
    // Samples (a, b, z): 1: doubling 100 days; 2: 50 days; 3: negative (dropped); 4: b NaN
    // (dropped).
    double nan = Double.NaN;
    double[] horizons = {
      1, 2, nan, //
      1, 4, nan, //
      2, 1, nan, //
      1, nan, nan
    };
    HorizonSamples samples = new HorizonSamples(List.of("a", "b", "z"), List.of(0.5), 4, horizons);
    DoublingTime doubling =
        DoublingTimes.estimate(points, LocalDate.of(2024, 1, 1), UNTIL_2030, samples, 0.95);
    assertThat(doubling.days()).isCloseTo(100, within(1e-9));
    Interval interval = doubling.interval().orElseThrow();
    assertThat(interval.samples()).isEqualTo(2);
    assertThat(interval.low()).isCloseTo(50 + 0.025 * 50, within(1e-9));
    assertThat(interval.high()).isCloseTo(50 + 0.975 * 50, within(1e-9));
  }

  @Test
  void estimate_flatSampleAndBand_flatDroppedBandFromSampledLines() {
    List<AgentPoint> points = List.of(point("a", "2024-01-01", 1), point("b", "2024-04-10", 2));
    // Samples (a, b): 1: doubling 100 days; 2: 50 days; 3: flat (no doubling time, dropped).
    double[] horizons = {
      1, 2, //
      1, 4, //
      2, 2
    };
    HorizonSamples samples = new HorizonSamples(List.of("a", "b"), List.of(0.5), 3, horizons);
    DoublingTime doubling =
        DoublingTimes.estimate(points, LocalDate.of(2024, 1, 1), UNTIL_2030, samples, 0.95);
    assertThat(doubling.interval().orElseThrow().samples()).isEqualTo(2);
    assertThat(doubling.interval().orElseThrow().high()).isFinite();
    assertThat(doubling.band()).hasSize(25);
    DoublingTime.BandPoint first = doubling.band().getFirst();
    DoublingTime.BandPoint last = doubling.band().getLast();
    assertThat(first.date()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(first.low()).isCloseTo(1, within(1e-9));
    assertThat(first.high()).isCloseTo(1, within(1e-9));
    assertThat(last.date()).isEqualTo(LocalDate.of(2024, 4, 10));
    assertThat(last.low()).isCloseTo(2 + 0.025 * 2, within(1e-9));
    assertThat(last.high()).isCloseTo(2 + 0.975 * 2, within(1e-9));
  }

  @Test
  void points_missingReleaseDate_isListed() {
    List<AgentFit> fits =
        List.of(
            new AgentFit.AllFailed("x"), new AgentFit.AllFailed("y"), new AgentFit.AllFailed("w"));
    assertThatThrownBy(() -> DoublingTimes.points(fits, Map.of("x", LocalDate.of(2024, 1, 1)), 0.5))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("no release date for agent(s): y, w");
  }
}
