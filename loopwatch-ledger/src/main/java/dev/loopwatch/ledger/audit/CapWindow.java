package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/** How a compute cap divides time: calendar periods in UTC, or one fixed window. */
public sealed interface CapWindow {
  /**
   * The window {@code [start, end)} holding {@code instant}, if any.
   *
   * @return the window's start and end
   */
  Optional<Window> windowOf(Instant instant);

  /**
   * A half-open time window {@code [start, end)}.
   *
   * @param start the first instant
   * @param end the first instant after the window
   */
  record Window(Instant start, Instant end) {
    /** Checks the fields. */
    public Window {
      requireNonNull(start, "start is null");
      requireNonNull(end, "end is null");
    }
  }

  /** The calendar periods a cap can use, in UTC; weeks start on Monday (ISO 8601). */
  enum Unit {
    /** A UTC day. */
    DAY,
    /** An ISO week, Monday 00:00 UTC to the next Monday. */
    WEEK,
    /** A calendar month. */
    MONTH,
    /** A calendar quarter starting January, April, July or October. */
    QUARTER
  }

  /**
   * Consecutive calendar periods.
   *
   * @param unit the period length
   */
  record Calendar(Unit unit) implements CapWindow {
    /** Checks the field. */
    public Calendar {
      requireNonNull(unit, "unit is null");
    }

    @Override
    public Optional<Window> windowOf(Instant instant) {
      LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
      LocalDate start =
          switch (unit) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.withDayOfMonth(1).withMonth((day.getMonthValue() - 1) / 3 * 3 + 1);
          };
      LocalDate end =
          switch (unit) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
          };
      return Optional.of(
          new Window(
              start.atStartOfDay().toInstant(ZoneOffset.UTC),
              end.atStartOfDay().toInstant(ZoneOffset.UTC)));
    }
  }

  /**
   * One explicit window.
   *
   * @param window the window
   */
  record Fixed(Window window) implements CapWindow {
    /** Checks the field and that the window is not empty. */
    public Fixed {
      requireNonNull(window, "window is null");
      if (!window.start().isBefore(window.end())) {
        throw new IllegalArgumentException("a cap window must end after it starts");
      }
    }

    @Override
    public Optional<Window> windowOf(Instant instant) {
      return !instant.isBefore(window.start()) && instant.isBefore(window.end())
          ? Optional.of(window)
          : Optional.empty();
    }
  }
}
