package dev.loopwatch.models;

/** Who wrote a message of the conversation. */
public enum Role {
  /** The user (or the program asking). */
  USER,
  /** The model. */
  ASSISTANT;

  /** The lower-case name both APIs use. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
