package dev.loopwatch.sessions;

/** How a tool call ended, as far as the transcript's exact markers say. */
public enum ResultStatus {
  /** The tool ran and reported no error. */
  OK,
  /** The tool ran (or failed to) and reported an error that is not a denial. */
  ERROR,
  /** The user pressed Esc while the tool ran. */
  INTERRUPTED,
  /** A human declined the tool call at the permission prompt. */
  REJECTED_BY_HUMAN,
  /** A human rejected the plan the agent proposed. */
  PLAN_REJECTED_BY_HUMAN,
  /** A permission rule, classifier or guardian denied the call; no human was involved. */
  DENIED_BY_POLICY
}
