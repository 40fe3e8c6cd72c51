package dev.loopwatch.ledger.attestation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses attestation times exactly as {@link Instant#parse} does, with a fast path for the form
 * every canonical attestation uses, {@code yyyy-MM-ddTHH:mm:ssZ}: an auditor parses two per entry,
 * and the general ISO parser costs more than the rest of the field checks together.
 */
final class UtcTimes {
  private static final int LENGTH = "2025-01-31T12:00:00Z".length();

  private UtcTimes() {}

  /**
   * The instant {@code text} names.
   *
   * @throws DateTimeParseException if {@link Instant#parse} would
   */
  static Instant parse(String text) {
    if (text.length() == LENGTH
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && text.charAt(19) == 'Z') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      // Anything unusual (a leap second, hour 24, an invalid date) goes to the general parser,
      // which decides it and words the error.
      if (year >= 0
          && month >= 1
          && day >= 1
          && hour >= 0
          && hour < 24
          && minute >= 0
          && minute < 60
          && second >= 0
          && second < 60) {
        try {
          return LocalDate.of(year, month, day)
              .atTime(LocalTime.of(hour, minute, second))
              .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
          return Instant.parse(text);
        }
      }
    }
    return Instant.parse(text);
  }

  /** The decimal number in {@code count} ASCII digits at {@code from}, or -1 if not all digits. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
