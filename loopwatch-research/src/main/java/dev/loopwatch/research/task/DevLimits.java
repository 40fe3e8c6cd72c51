package dev.loopwatch.research.task;

/**
 * How much each agent may score against the dev split.
 *
 * @param quota scored submissions per agent for the whole run
 * @param perMinute submissions per agent in any sliding minute
 */
public record DevLimits(int quota, int perMinute) {
  /** Checks the fields. */
  public DevLimits {
    if (quota < 1 || perMinute < 1) {
      throw new IllegalArgumentException("quota and perMinute must be positive");
    }
  }
}
