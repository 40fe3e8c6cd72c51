package dev.loopwatch.sessions;

/** The output taxonomy of interventions: who stepped in, and how. */
public enum InterventionKind {
  /** The human corrected the agent's work or understanding. */
  CORRECT("correct"),
  /** The human redirected the agent while it worked. */
  STEER("steer"),
  /** The human did the work themselves mid-task. */
  TAKE_OVER("take_over"),
  /** The human stopped the agent mid-work. */
  INTERRUPT("interrupt"),
  /** The human declined a tool call or a plan. */
  REJECT("reject"),
  /** A permission rule or classifier denied a call; not a human intervention. */
  POLICY_DENIAL("policy_denial");

  private final String id;

  InterventionKind(String id) {
    this.id = id;
  }

  /** Returns the stable output id, such as {@code take_over}. */
  public String id() {
    return id;
  }

  /** Returns whether a human made this intervention. */
  public boolean human() {
    return this != POLICY_DENIAL;
  }
}
