package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** Why a model call failed: worth retrying, final, or stopped by the budget. */
public sealed interface ModelError {
  /** The message, including the provider's own words when it gave any. */
  String message();

  /**
   * A failure that may pass: rate limited (429), overloaded (529), a server error (5xx), a timeout
   * (408), a conflict (409), a dropped connection, or an unreadable answer.
   *
   * @param status the HTTP status, 0 when there was no HTTP answer
   * @param message the provider's message
   * @param retryAfter how long the provider asked to wait, when it said
   */
  record Retryable(int status, String message, Optional<Duration> retryAfter)
      implements ModelError {
    /** Checks for nulls. */
    public Retryable {
      requireNonNull(message, "message is null");
      requireNonNull(retryAfter, "retryAfter is null");
    }
  }

  /**
   * A failure that will not pass by retrying: a bad request (400), a bad or missing key (401, 403),
   * an unknown model (404), a request too large (413), exhausted quota, or a command that exited
   * with an error.
   *
   * @param status the HTTP status, 0 when there was none
   * @param message the provider's message
   */
  record Rejected(int status, String message) implements ModelError {
    /** Checks for nulls. */
    public Rejected {
      requireNonNull(message, "message is null");
    }
  }

  /**
   * The budget refused the call before it was sent: a clean stop, reported as {@code
   * stopped_by_budget}, never as a failure.
   *
   * @param message which limit and how much was left
   */
  record OverBudget(String message) implements ModelError {
    /** Checks for nulls. */
    public OverBudget {
      requireNonNull(message, "message is null");
    }
  }
}
