package dev.loopwatch.research.scoring;

import dev.loopwatch.research.task.DevLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One agent's dev-split allowance: a quota of scored submissions for the run (past it: 403, final)
 * and a sliding-minute rate limit on attempts (past it: 429 with {@code Retry-After}, retryable).
 * Not thread-safe: the server calls it under its lock.
 */
final class AgentLimits {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final DevLimits limits;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private int scored;

  AgentLimits(DevLimits limits) {
    this.limits = limits;
  }

  /** Counts an attempt at {@code now}; fails with 429 if the minute's allowance is used up. */
  void attempt(Instant now) {
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(MINUTE))) {
      recent.removeFirst();
    }
    if (recent.size() >= limits.perMinute()) {
      long wait = Duration.between(now, recent.peekFirst().plus(MINUTE)).toSeconds() + 1;
      throw new HttpError(
          429,
          "rate limit: at most "
              + limits.perMinute()
              + " dev submissions per minute; retry in "
              + wait
              + " s",
          wait);
    }
    recent.addLast(now);
  }

  /**
   * Checks the quota before scoring; fails with 403 once it is spent. Not 429: a spent quota does
   * not come back, and HTTP clients retry a 429 by themselves (urllib3's {@code Retry} honours
   * {@code Retry-After} on 413, 429 and 503), so an agent would loop on an answer that can never
   * change. 403 (understood, refused) is not retried, and the one-line message says why.
   */
  void requireQuota() {
    if (scored >= limits.quota()) {
      throw new HttpError(
          403,
          "dev quota spent: "
              + limits.quota()
              + " scored submissions per agent for this run; it does not reset, do not retry");
    }
  }

  /** Counts a scored submission. */
  void scored() {
    scored++;
  }

  /** Scored submissions so far. */
  int used() {
    return scored;
  }

  /** Scored submissions left. */
  int left() {
    return limits.quota() - scored;
  }
}
