package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** Where a broken line breaks: at a given date, or at the date that fits best. */
public sealed interface Breakpoint {
  /**
   * A breakpoint fixed in advance.
   *
   * @param date the last day of the first segment
   */
  record Fixed(LocalDate date) implements Breakpoint {
    /** Checks the fields. */
    public Fixed {
      requireNonNull(date, "date is null");
    }
  }

  /** A breakpoint chosen by minimum squared error over the candidate days. */
  record Searched() implements Breakpoint {}
}
