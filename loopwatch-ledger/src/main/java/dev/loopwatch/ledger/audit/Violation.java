package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.attestation.Period;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One thing an audit found wrong.
 *
 * @param kind what is wrong
 * @param declarant the declarant's verifier key, when the violation is about one
 * @param run the run id, when the violation is about one run
 * @param period the time span concerned (a cap window, a silence, an entry's period)
 * @param indexes the log entries involved, ascending (empty for log-level violations)
 * @param message a one-line explanation
 */
public record Violation(
    ViolationKind kind,
    Optional<String> declarant,
    Optional<String> run,
    Optional<Period> period,
    List<Long> indexes,
    String message) {
  /** The order of violations in output: by first entry index (log-level first), kind, message. */
  public static final Comparator<Violation> ORDER =
      Comparator.comparingLong((Violation v) -> v.indexes().isEmpty() ? -1 : v.indexes().get(0))
          .thenComparing(Violation::kind)
          .thenComparing(v -> v.indexes().toString())
          .thenComparing(Violation::message);

  /** Checks the fields and sorts the indexes. */
  public Violation {
    requireNonNull(kind, "kind is null");
    requireNonNull(declarant, "declarant is null");
    requireNonNull(run, "run is null");
    requireNonNull(period, "period is null");
    requireNonNull(message, "message is null");
    indexes = requireNonNull(indexes, "indexes is null").stream().sorted().distinct().toList();
  }

  /** A violation about the log itself, not about entries. */
  static Violation ofLog(ViolationKind kind, String message) {
    return new Violation(
        kind, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), message);
  }
}
