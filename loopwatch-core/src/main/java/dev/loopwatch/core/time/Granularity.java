package dev.loopwatch.core.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The size of the buckets a time series is cut into. */
public enum Granularity {
  /** ISO weeks, Monday to Sunday. */
  WEEK,
  /** Calendar months. */
  MONTH,
  /** Calendar quarters. */
  QUARTER;

  /** The bucket that contains {@code day}. */
  public Period bucket(LocalDate day) {
    return switch (this) {
      case WEEK -> {
        LocalDate start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String label =
            String.format(
                Locale.ROOT,
                "%d-W%02d",
                start.get(IsoFields.WEEK_BASED_YEAR),
                start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        yield new Period(label, start, start.plusWeeks(1));
      }
      case MONTH -> {
        LocalDate start = day.withDayOfMonth(1);
        yield new Period(
            String.format(Locale.ROOT, "%d-%02d", start.getYear(), start.getMonthValue()),
            start,
            start.plusMonths(1));
      }
      case QUARTER -> {
        int quarter = (day.getMonthValue() - 1) / 3;
        LocalDate start = LocalDate.of(day.getYear(), quarter * 3 + 1, 1);
        yield new Period(day.getYear() + "-Q" + (quarter + 1), start, start.plusMonths(3));
      }
    };
  }

  /** Parses {@code week}, {@code month} or {@code quarter}. */
  public static Granularity parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "week" -> WEEK;
      case "month" -> MONTH;
      case "quarter" -> QUARTER;
      default ->
          throw new IllegalArgumentException("granularity must be week, month or quarter: " + text);
    };
  }
}
