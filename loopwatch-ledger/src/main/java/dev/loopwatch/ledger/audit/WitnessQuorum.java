package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.policy.WitnessPolicy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The quorum of a c2sp.org/tlog-policy witness policy file ({@link WitnessPolicy}); a checkpoint
 * with an invalid cosignature by a policy witness does not meet it.
 */
final class WitnessQuorum implements Quorum {
  private final WitnessPolicy policy;
  private final Path file;

  private WitnessQuorum(WitnessPolicy policy, Path file) {
    this.policy = requireNonNull(policy, "policy is null");
    this.file = requireNonNull(file, "file is null");
  }

  /** Reads a witness policy file. */
  static WitnessQuorum read(Path file) {
    return new WitnessQuorum(WitnessPolicy.read(file), file);
  }

  /** The log key the policy names, if it names exactly one log. */
  Optional<String> logKey() {
    return policy.logs().size() == 1 ? Optional.of(policy.logs().get(0).vkey()) : Optional.empty();
  }

  /** Whether the policy lists {@code logKey} among its logs (or lists no log at all). */
  boolean allowsLog(String logKey) {
    return policy.logs().isEmpty()
        || policy.logs().stream().anyMatch(log -> log.vkey().equals(logKey));
  }

  @Override
  public boolean met(byte[] signedCheckpoint) {
    try {
      return policy.quorumMet(signedCheckpoint);
    } catch (LoopwatchException e) {
      return false;
    }
  }

  @Override
  public String describe() {
    return "witness policy " + file;
  }
}
