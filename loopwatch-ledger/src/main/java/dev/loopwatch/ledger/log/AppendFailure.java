package dev.loopwatch.ledger.log;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Why a log's appends are failing.
 *
 * @param message the error of the latest failed append, naming the file at fault
 * @param since when the first of the consecutive failed appends happened
 */
public record AppendFailure(String message, Instant since) {
  /** Checks the fields. */
  public AppendFailure {
    requireNonNull(message, "message is null");
    requireNonNull(since, "since is null");
  }
}
