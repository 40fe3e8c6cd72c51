package dev.loopwatch.core.time;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open range of days {@code [start, end)} with a label.
 *
 * @param label how reports name it, e.g. {@code 2024-Q3}
 * @param start first day
 * @param end the day after the last day
 */
public record Period(String label, LocalDate start, LocalDate end) {
  private static final Pattern YEAR = Pattern.compile("(\\d{4})");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern RANGE =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.\\.(\\d{4}-\\d{2}-\\d{2})");

  public Period {
    requireNonNull(label, "label is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("period " + label + " ends before it starts");
    }
  }

  /**
   * Parses {@code 2024}, {@code 2024-Q3}, {@code 2024-05} or {@code 2024-01-01..2024-06-30} (both
   * days included).
   *
   * @throws IllegalArgumentException naming the text if it is none of these
   */
  public static Period parse(String text) {
    requireNonNull(text, "text is null");
    try {
      Matcher m;
      if ((m = YEAR.matcher(text)).matches()) {
        LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
        return new Period(text, start, start.plusYears(1));
      }
      if ((m = QUARTER.matcher(text)).matches()) {
        int quarter = Integer.parseInt(m.group(2));
        LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), (quarter - 1) * 3 + 1, 1);
        return new Period(text, start, start.plusMonths(3));
      }
      if ((m = MONTH.matcher(text)).matches()) {
        LocalDate start =
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
        return new Period(text, start, start.plusMonths(1));
      }
      if ((m = RANGE.matcher(text)).matches()) {
        LocalDate start = LocalDate.parse(m.group(1));
        LocalDate last = LocalDate.parse(m.group(2));
        return new Period(text, start, last.plusDays(1));
      }
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid period: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a period: use 2024, 2024-Q3, 2024-05 or 2024-01-01..2024-06-30");
  }

  /** Whether {@code day} falls in this period. */
  public boolean contains(LocalDate day) {
    return !day.isBefore(start) && day.isBefore(end);
  }

  /** The number of days in this period. */
  public long days() {
    return ChronoUnit.DAYS.between(start, end);
  }
}
