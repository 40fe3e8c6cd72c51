package dev.loopwatch.ledger.audit;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Path;
import java.util.Optional;

/** The quorum of a c2sp.org/tlog-policy witness policy file. */
final class WitnessQuorum implements Quorum {
  private WitnessQuorum() {}

  /** Reads a witness policy file. */
  static WitnessQuorum read(Path file) {
    throw LoopwatchException.userInput(
        "witness policy " + file + ": witness policies are not supported by this build yet");
  }

  /** The log key the policy names, if exactly one. */
  Optional<String> logKey() {
    return Optional.empty();
  }

  @Override
  public boolean met(byte[] signedCheckpoint) {
    return false;
  }

  @Override
  public String describe() {
    return "witness policy";
  }
}
