package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * How to run one audit.
 *
 * @param stateRoot the folder under which each origin's {@link AuditState} is kept
 * @param full whether to verify every entry's signature, not only those added since the last
 *     verified checkpoint
 * @param entrySignatures whether to verify declarant signatures at all; without, entries are still
 *     parsed, checked for canonical form, hashed into the tree and checked against the policy
 * @param now the time heartbeats are checked up to
 * @param proofs the folder to write inclusion proofs (and any equivocation proof) to, if any
 * @param threads the number of threads verifying entries, at least 1
 * @param snapshots the folder of published metrics snapshots to check phase reports against, if any
 *     (see {@link PhaseSnapshots})
 */
public record AuditOptions(
    Path stateRoot,
    boolean full,
    boolean entrySignatures,
    Instant now,
    Optional<Path> proofs,
    int threads,
    Optional<Path> snapshots) {
  /** Checks the fields. */
  public AuditOptions {
    requireNonNull(stateRoot, "stateRoot is null");
    requireNonNull(now, "now is null");
    requireNonNull(proofs, "proofs is null");
    requireNonNull(snapshots, "snapshots is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  /** Options without a snapshots folder. */
  public AuditOptions(
      Path stateRoot,
      boolean full,
      boolean entrySignatures,
      Instant now,
      Optional<Path> proofs,
      int threads) {
    this(stateRoot, full, entrySignatures, now, proofs, threads, Optional.empty());
  }
}
