package dev.loopwatch.research.w2s;

import dev.loopwatch.research.task.W2sTaskSpec;

/**
 * The built-in {@code w2s-spam} task prepared once per test JVM: the real dataset, fetched into the
 * Loopwatch cache on first use ({@code LOOPWATCH_CACHE} points tests at a pre-fetched or shared
 * copy), and its representations fitted once.
 */
public final class SpamTask {
  private static W2sExperiment experiment;

  private SpamTask() {}

  /** The prepared experiment. */
  public static synchronized W2sExperiment experiment() {
    if (experiment == null) {
      experiment = W2sExperiment.prepare(W2sTaskSpec.builtIn("w2s-spam"));
    }
    return experiment;
  }
}
