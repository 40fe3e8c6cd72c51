package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One task of a session: a first prompt and the turns that work on it, with its outcome.
 *
 * @param sessionId the session
 * @param index the 0-based position among the session's tasks
 * @param firstTurn the index of the turn whose prompt starts the task
 * @param lastTurn the index of the task's last turn
 * @param start when the first prompt was typed
 * @param end the time of the task's last event
 * @param prompt the first prompt, possibly shortened
 * @param outcome how the task ended
 * @param evidence what the outcome rests on, such as {@code check passed: mvn test}
 * @param openEnded why the task is open-ended (debugging a crash, error, failing test or failed
 *     job), or empty when it is not
 */
public record Task(
    String sessionId,
    int index,
    int firstTurn,
    int lastTurn,
    Instant start,
    Instant end,
    String prompt,
    TaskOutcome outcome,
    String evidence,
    Optional<String> openEnded) {

  /** Checks for nulls and ranges. */
  public Task {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    requireNonNull(prompt, "prompt is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(evidence, "evidence is null");
    requireNonNull(openEnded, "openEnded is null");
    if (index < 0 || firstTurn < 0 || lastTurn < firstTurn) {
      throw new IllegalArgumentException(
          "bad task position " + index + " turns " + firstTurn + ".." + lastTurn);
    }
  }

  /** Returns whether the task debugs a crash, an error, a failing test or a failed job. */
  public boolean isOpenEnded() {
    return openEnded.isPresent();
  }
}
