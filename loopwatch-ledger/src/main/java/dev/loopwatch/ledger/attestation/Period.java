package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The time span a statement covers, both ends inclusive.
 *
 * @param start the first instant
 * @param end the last instant, not before {@code start}
 */
public record Period(Instant start, Instant end) {
  /** Checks the fields and that the period does not end before it starts. */
  public Period {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("period ends at " + end + " before it starts at " + start);
    }
  }
}
