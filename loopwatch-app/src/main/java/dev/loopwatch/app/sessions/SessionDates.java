package dev.loopwatch.app.sessions;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Session;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The --since/--until window of the commands that read transcripts, by each session's start day.
 */
public final class SessionDates {
  private SessionDates() {}

  /** Parses the value of {@code option} as YYYY-MM-DD; {@code null} when not given. */
  public static LocalDate parse(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw LoopwatchException.userInput(option + " is not a date (YYYY-MM-DD): " + text);
    }
  }

  /**
   * Whether {@code session} started (UTC day) within {@code from}..{@code to}, either open; a
   * session without a start is outside every bounded window.
   */
  public static boolean within(Session session, LocalDate from, LocalDate to) {
    if (from == null && to == null) {
      return true;
    }
    if (session.start().isEmpty()) {
      return false;
    }
    LocalDate day = LocalDate.ofInstant(session.start().get(), ZoneOffset.UTC);
    return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
  }
}
