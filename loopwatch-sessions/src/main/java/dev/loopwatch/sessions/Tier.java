package dev.loopwatch.sessions;

/** How an intervention was detected; tiers are reported separately, never blended. */
public enum Tier {
  /** Tier 1: an exact marker the agent CLI writes. */
  MARKER(1),
  /** Tier 2: a heuristic over prompts, commands and edits. */
  HEURISTIC(2),
  /** Tier 3: a classifier's label of a follow-up prompt. */
  CLASSIFIER(3);

  private final int number;

  Tier(int number) {
    this.number = number;
  }

  /** Returns the tier number, 1 to 3. */
  public int number() {
    return number;
  }
}
