package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcome of one audit.
 *
 * @param location where the log was read from
 * @param checkpoint the checkpoint audited, if it could be parsed
 * @param previous the last checkpoint verified before this run, if any
 * @param entries the number of entries read and checked against the policy
 * @param signaturesVerified the number of declarant signatures verified in this run
 * @param violations what is wrong, in {@link Violation#ORDER}
 * @param proofFiles the inclusion proof written for each violation's entry index, by index
 * @param equivocationProof the equivocation proof file written, if a split view was found
 * @param stateUpdated whether the checkpoint was stored as the last verified one
 */
public record AuditReport(
    String location,
    Optional<Checkpoint> checkpoint,
    Optional<Checkpoint> previous,
    long entries,
    long signaturesVerified,
    List<Violation> violations,
    Map<Long, Path> proofFiles,
    Optional<Path> equivocationProof,
    boolean stateUpdated) {
  /** Checks the fields and copies the collections. */
  public AuditReport {
    requireNonNull(location, "location is null");
    requireNonNull(checkpoint, "checkpoint is null");
    requireNonNull(previous, "previous is null");
    violations = List.copyOf(requireNonNull(violations, "violations is null"));
    proofFiles =
        java.util.Collections.unmodifiableMap(
            new TreeMap<>(requireNonNull(proofFiles, "proofFiles is null")));
    requireNonNull(equivocationProof, "equivocationProof is null");
  }

  /** Whether the audit found nothing wrong. */
  public boolean clean() {
    return violations.isEmpty();
  }
}
