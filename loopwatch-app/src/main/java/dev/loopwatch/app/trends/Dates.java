package dev.loopwatch.app.trends;

import dev.loopwatch.core.error.LoopwatchException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parsing and formatting shared by the trend commands. */
final class Dates {
  private Dates() {}

  /** Parses the value of {@code option} as YYYY-MM-DD. */
  static LocalDate parse(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw LoopwatchException.userInput(option + " is not a YYYY-MM-DD date: '" + text + "'");
    }
  }

  /** A number with {@code decimals} decimals, in the root locale. */
  static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** A number of days with one decimal, or {@code n/a} when not finite. */
  static String days(double value) {
    return Double.isFinite(value) ? number(value, 1) : "n/a";
  }
}
