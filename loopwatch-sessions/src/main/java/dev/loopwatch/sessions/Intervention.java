package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One intervention found in a session.
 *
 * @param kind what kind
 * @param tier how it was detected
 * @param sessionId the session it happened in
 * @param turnIndex the 0-based index of the turn it happened in
 * @param at when
 * @param evidence the marker or text that shows it
 */
public record Intervention(
    InterventionKind kind,
    Tier tier,
    String sessionId,
    int turnIndex,
    Instant at,
    String evidence) {

  /** Checks for nulls. */
  public Intervention {
    requireNonNull(kind, "kind is null");
    requireNonNull(tier, "tier is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(at, "at is null");
    requireNonNull(evidence, "evidence is null");
    if (turnIndex < 0) {
      throw new IllegalArgumentException("turnIndex is negative: " + turnIndex);
    }
  }
}
