package dev.loopwatch.sessions;

/** How a task ended, judged from the transcript; see {@link Tasks} for the rules. */
public enum TaskOutcome {
  /**
   * Hard evidence of success after the last edit: a check passed, a commit, or the user said so.
   */
  VERIFIED_SUCCESS("verified_success"),
  /** The agent edited and finished with its own answer, with no hard evidence either way. */
  UNVERIFIED_SUCCESS("unverified_success"),
  /** A check passed or a commit was made, but the agent edited again afterwards. */
  PARTIAL("partial"),
  /**
   * The last evidence after the last edit is a failed check, or a correction that is the user's
   * last prompt of the task (a mid-task correction is a steer, not a verdict).
   */
  FAILURE("failure"),
  /** The task ended on an interrupt or a human rejection, or the agent never acted. */
  ABANDONED("abandoned"),
  /** Nothing to judge by: no edits, no checks, or no final answer. */
  UNCLEAR("unclear");

  private final String id;

  TaskOutcome(String id) {
    this.id = id;
  }

  /** Returns the stable output id, such as {@code verified_success}. */
  public String id() {
    return id;
  }
}
