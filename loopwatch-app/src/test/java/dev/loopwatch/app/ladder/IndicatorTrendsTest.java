package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.trends.breakpoint.Verdict;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class IndicatorTrendsTest {
  private static final YearMonth START = YearMonth.of(2025, 1);

  /** {@code months} months whose AI share is {@code share(i)} for month i. */
  private static Map<YearMonth, List<Indicator>> shares(int months, IntToDoubleFunction share) {
    Map<YearMonth, List<Indicator>> result = new TreeMap<>();
    for (int i = 0; i < months; i++) {
      YearMonth month = START.plusMonths(i);
      double value = share.applyAsDouble(i);
      result.put(
          month,
          List.of(
              Indicator.measured(
                  Definition.AI_SHARE,
                  month,
                  value,
                  value,
                  value,
                  1000,
                  OptionalDouble.of(0.5),
                  Optional.empty())));
    }
    return result;
  }

  private static IndicatorTrends.Trend aiShare(List<IndicatorTrends.Trend> trends) {
    return trends.stream().filter(t -> t.id().equals("ai-share")).findFirst().orElseThrow();
  }

  @Test
  void compute_slopeQuadruplesAfterMonthSix_acceleratedWithTheBreakThere() {
    // 1 point a month for seven months, then 4 points a month, with a little noise.
    double[] noise = {
      0.002, -0.001, 0.0, 0.001, -0.002, 0.001, 0.0, -0.001, 0.002, 0.0, -0.002, 0.001
    };
    Map<YearMonth, List<Indicator>> series =
        shares(12, i -> (i <= 6 ? 0.01 * i : 0.06 + 0.04 * (i - 6)) + noise[i]);

    IndicatorTrends.Trend trend = aiShare(IndicatorTrends.compute(series, 500, 42));

    assertThat(trend.months()).isEqualTo(12);
    assertThat(trend.verdict()).hasValue(Verdict.ACCELERATED);
    assertThat(trend.slopeRatio().getAsDouble()).isCloseTo(4.0, within(0.6));
    assertThat(trend.ratioLow().getAsDouble()).isGreaterThan(1.0);
    assertThat(trend.breakpoint().orElseThrow())
        .isBetween(START.plusMonths(5), START.plusMonths(7));
    assertThat(IndicatorTrends.describe(trend))
        .startsWith("AI share of merged lines: 12 months, +")
        .contains("points/month; accelerated; slope ratio");
  }

  @Test
  void compute_steadyLine_noBreakShownAndSlopePerMonth() {
    double[] noise = {0.003, -0.002, 0.001, -0.003, 0.002, 0.0, -0.001, 0.002, -0.002, 0.001};
    Map<YearMonth, List<Indicator>> series = shares(10, i -> 0.10 + 0.02 * i + noise[i]);

    IndicatorTrends.Trend trend = aiShare(IndicatorTrends.compute(series, 500, 42));

    assertThat(trend.verdict()).hasValue(Verdict.NOT_SHOWN);
    // Months are 28 to 31 days apart, so the slope per average month is close to 2 points.
    assertThat(trend.slopePerMonth().getAsDouble()).isCloseTo(0.02, within(0.002));
  }

  @Test
  void compute_fiveMonths_tooFewAndSaidSo() {
    IndicatorTrends.Trend trend =
        aiShare(IndicatorTrends.compute(shares(5, i -> 0.1 * i), 500, 42));

    assertThat(trend.slopePerMonth()).isEmpty();
    assertThat(trend.verdict()).isEmpty();
    assertThat(IndicatorTrends.describe(trend))
        .isEqualTo("AI share of merged lines: too few months with a value (5 < 6)");
  }
}
