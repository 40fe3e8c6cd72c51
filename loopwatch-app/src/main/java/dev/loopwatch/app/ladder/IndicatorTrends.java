package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.trends.breakpoint.Breakpoint;
import dev.loopwatch.trends.breakpoint.SeriesPoint;
import dev.loopwatch.trends.breakpoint.TrendAnalysis;
import dev.loopwatch.trends.breakpoint.TrendOptions;
import dev.loopwatch.trends.breakpoint.TrendResult;
import dev.loopwatch.trends.breakpoint.Verdict;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The trend of each measured indicator over the reported months: the slope of a straight line
 * through its monthly values and {@code loopwatch trend}'s broken-line test for acceleration (a
 * searched, continuous breakpoint; the slope ratio's bootstrap interval; both model comparisons).
 */
final class IndicatorTrends {
  /** The fewest months with a value a trend is fitted on: three on each side of a break. */
  static final int MIN_MONTHS = 6;

  /** Average days in a month, to turn a slope per day into one per month. */
  private static final double DAYS_PER_MONTH = 365.2425 / 12;

  /** The most resamples for the ratio's interval; each resample refits the broken line. */
  private static final int MAX_RESAMPLES = 1000;

  private IndicatorTrends() {}

  /**
   * One indicator's trend.
   *
   * @param id the indicator id
   * @param name its name
   * @param months months with a value
   * @param slopePerMonth the straight line's slope per month, in the indicator's unit; empty with
   *     fewer than {@link #MIN_MONTHS} months
   * @param slopeRatio the broken line's slope after the break over the slope before it
   * @param ratioLow the lower end of the ratio's 95% bootstrap interval
   * @param ratioHigh the upper end
   * @param breakpoint the last month before the break
   * @param verdict ACCELERATED, DECELERATED or NOT_SHOWN; empty when not fitted
   * @param note why it was not fitted, when it was not
   */
  record Trend(
      String id,
      String name,
      int months,
      OptionalDouble slopePerMonth,
      OptionalDouble slopeRatio,
      OptionalDouble ratioLow,
      OptionalDouble ratioHigh,
      Optional<YearMonth> breakpoint,
      Optional<Verdict> verdict,
      Optional<String> note) {
    Trend {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(slopePerMonth, "slopePerMonth is null");
      requireNonNull(slopeRatio, "slopeRatio is null");
      requireNonNull(ratioLow, "ratioLow is null");
      requireNonNull(ratioHigh, "ratioHigh is null");
      requireNonNull(breakpoint, "breakpoint is null");
      requireNonNull(verdict, "verdict is null");
      requireNonNull(note, "note is null");
    }

    private static Trend unfitted(Definition definition, int months, String note) {
      return new Trend(
          definition.id(),
          definition.name(),
          months,
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.of(note));
    }
  }

  /** The trend of every measured indicator over {@code indicators}' months, in definition order. */
  static List<Trend> compute(Map<YearMonth, List<Indicator>> indicators, int resamples, long seed) {
    requireNonNull(indicators, "indicators is null");
    List<Trend> trends = new ArrayList<>();
    for (Definition definition : Definition.MEASURED) {
      List<SeriesPoint> points = new ArrayList<>();
      indicators.forEach((month, row) ->
          row.stream()
              .filter(i -> i.id().equals(definition.id()) && i.value().isPresent())
              .findFirst()
              .ifPresent(i -> points.add(SeriesPoint.of(middle(month), i.value().getAsDouble()))));
      if (points.size() < MIN_MONTHS) {
        trends.add(
            Trend.unfitted(
                definition,
                points.size(),
                "too few months with a value (" + points.size() + " < " + MIN_MONTHS + ")"));
        continue;
      }
      TrendOptions options =
          new TrendOptions(
              new Breakpoint.Searched(),
              true,
              false,
              Math.min(resamples, MAX_RESAMPLES),
              seed,
              3,
              List.of(),
              0.95);
      TrendResult result;
      try {
        result = TrendAnalysis.analyze(points, options);
      } catch (LoopwatchException e) {
        trends.add(Trend.unfitted(definition, points.size(), e.getMessage()));
        continue;
      }
      trends.add(
          new Trend(
              definition.id(),
              definition.name(),
              points.size(),
              OptionalDouble.of(result.single().slope() * DAYS_PER_MONTH),
              finite(result.slopeRatio()),
              result
                  .ratioInterval()
                  .map(i -> OptionalDouble.of(i.low()))
                  .orElse(OptionalDouble.empty()),
              result
                  .ratioInterval()
                  .map(i -> OptionalDouble.of(i.high()))
                  .orElse(OptionalDouble.empty()),
              Optional.of(YearMonth.from(result.breakpointDate())),
              Optional.of(result.verdict()),
              Optional.empty()));
    }
    return List.copyOf(trends);
  }

  /** The text line of one trend. */
  static String describe(Trend trend) {
    if (trend.slopePerMonth().isEmpty()) {
      return trend.name() + ": " + trend.note().orElse("not fitted");
    }
    Definition definition = Definition.byId(trend.id()).orElseThrow();
    double slope = trend.slopePerMonth().getAsDouble();
    String perMonth =
        definition.unit() == Definition.Unit.SHARE
            ? String.format(Locale.ROOT, "%+.1f points/month", slope * 100)
            : String.format(Locale.ROOT, "%+.2f/month", slope);
    String ratio =
        trend.ratioLow().isPresent()
            ? String.format(
                Locale.ROOT,
                "slope ratio %.2f [%.2f-%.2f] after %s",
                trend.slopeRatio().orElse(Double.NaN),
                trend.ratioLow().getAsDouble(),
                trend.ratioHigh().getAsDouble(),
                trend.breakpoint().map(YearMonth::toString).orElse("?"))
            : "no slope-ratio interval (the slope before the break is not rising)";
    String verdict =
        switch (trend.verdict().orElse(Verdict.NOT_SHOWN)) {
          case ACCELERATED -> "accelerated";
          case DECELERATED -> "decelerated";
          case NOT_SHOWN -> "no break shown";
        };
    return String.format(
        Locale.ROOT,
        "%s: %d months, %s; %s; %s",
        trend.name(),
        trend.months(),
        perMonth,
        verdict,
        ratio);
  }

  private static LocalDate middle(YearMonth month) {
    return month.atDay(15);
  }

  private static OptionalDouble finite(double value) {
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }
}
