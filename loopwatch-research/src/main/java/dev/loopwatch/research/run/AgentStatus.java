package dev.loopwatch.research.run;

import java.util.Locale;

/**
 * Where an agent stands. The final ones keep apart what the agent did ({@link #FINISHED}, {@link
 * #CRASHED}) from what the harness did to it ({@link #STOPPED_BY_BUDGET}) and from what the harness
 * could not do ({@link #FAILED}): a budget stop is an outcome of the experiment, not a failure, and
 * a report must not count it as one.
 */
public enum AgentStatus {
  /** Running (or about to restart). */
  RUNNING,
  /** Its command exited 0. */
  FINISHED,
  /** Its command exited non-zero (or was killed by a signal) on its last allowed attempt. */
  CRASHED,
  /** The orchestrator stopped it (process group killed) when a budget was crossed. */
  STOPPED_BY_BUDGET,
  /** The harness could not run it (the sandbox did not start). */
  FAILED;

  /** The name in run.json and in output: lower case. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code text} in run.json. */
  public static AgentStatus parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  /** Whether this status is final. */
  public boolean ended() {
    return this != RUNNING;
  }
}
