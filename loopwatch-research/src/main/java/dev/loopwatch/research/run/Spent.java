package dev.loopwatch.research.run;

import java.util.Locale;

/**
 * What an agent (or the whole run) has used so far.
 *
 * @param wallSeconds wall-clock seconds (all attempts)
 * @param cpuSeconds CPU seconds from the attempts' cgroups (all attempts)
 * @param submissions scored submissions, as the scoring side counts them
 * @param tokens tokens, from the agent's transcripts
 * @param costUsd dollars, from the agent's transcripts and the price table
 */
public record Spent(
    double wallSeconds, double cpuSeconds, long submissions, long tokens, double costUsd) {
  /** Nothing used. */
  public static final Spent NONE = new Spent(0, 0, 0, 0, 0);

  /** The sum of this and {@code other}. */
  public Spent plus(Spent other) {
    return new Spent(
        wallSeconds + other.wallSeconds,
        cpuSeconds + other.cpuSeconds,
        submissions + other.submissions,
        tokens + other.tokens,
        costUsd + other.costUsd);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%.1f s wall, %.1f s CPU, %d submissions, %d tokens, $%.2f",
        wallSeconds,
        cpuSeconds,
        submissions,
        tokens,
        costUsd);
  }
}
