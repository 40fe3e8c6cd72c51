package dev.loopwatch.core.detour;

import static java.util.Objects.requireNonNull;

/**
 * The intervention that makes a detour point.
 *
 * @param kind the intervention kind id: {@code steer}, {@code correct} or {@code interrupt}
 * @param tier how it was detected: 1 for an exact marker, 2 for a heuristic
 * @param evidence the marker or text that shows it
 */
public record Trigger(String kind, int tier, String evidence) {
  /** Checks for nulls and the tier. */
  public Trigger {
    requireNonNull(kind, "kind is null");
    requireNonNull(evidence, "evidence is null");
    if (tier < 1 || tier > 3) {
      throw new IllegalArgumentException("tier must be 1 to 3: " + tier);
    }
  }
}
