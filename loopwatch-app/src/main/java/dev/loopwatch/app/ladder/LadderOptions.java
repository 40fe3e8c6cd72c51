package dev.loopwatch.app.ladder;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command computing the ladder shares: the phases file and the bootstrap that
 * gives the indicators' intervals (a picocli mixin).
 */
final class LadderOptions {
  @Option(
      names = "--phases",
      paramLabel = "FILE",
      description = "A phases.toml to gate with instead of the bundled one (same format).")
  Path phasesFile;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Bootstrap resamples for the medians' and delegated share's intervals.")
  int bootstrap = 2000;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed for the bootstrap.")
  long seed = 42;

  /**
   * The indicator computation with these settings.
   *
   * @throws LoopwatchException if {@code --bootstrap} is below 1
   */
  Indicators indicators() {
    if (bootstrap < 1) {
      throw LoopwatchException.userInput("--bootstrap must be at least 1: " + bootstrap);
    }
    return new Indicators(bootstrap, seed);
  }

  /** The phases file given, else the bundled one. */
  Phases phases() {
    return phasesFile == null ? Phases.defaults() : Phases.read(phasesFile);
  }
}
