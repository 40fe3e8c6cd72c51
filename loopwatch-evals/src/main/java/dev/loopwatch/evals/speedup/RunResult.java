package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one sandboxed process tree did.
 *
 * @param exitCode the exit code (128 + signal when killed)
 * @param wallNanos end-to-end wall time, monotonic clock, around the child
 * @param cpuSeconds user + system CPU of the tree (waited-for descendants), when measurable
 * @param peakRssKb the largest resident set of one process of the tree, in KiB, when measurable
 * @param timedOut whether the wall-time limit passed and the tree was killed
 * @param leftovers processes of the tree still alive after the main process exited (pid and command
 *     line), all killed since
 * @param stderrTail the last lines the tree wrote on stderr
 */
public record RunResult(
    int exitCode,
    long wallNanos,
    OptionalDouble cpuSeconds,
    OptionalLong peakRssKb,
    boolean timedOut,
    List<String> leftovers,
    String stderrTail) {
  public RunResult {
    requireNonNull(cpuSeconds, "cpuSeconds is null");
    requireNonNull(peakRssKb, "peakRssKb is null");
    leftovers = List.copyOf(requireNonNull(leftovers, "leftovers is null"));
    requireNonNull(stderrTail, "stderrTail is null");
  }

  /** Whether the run exited 0 in time and left nothing behind. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && leftovers.isEmpty();
  }

  /** Wall time in seconds. */
  public double wallSeconds() {
    return wallNanos / 1e9;
  }
}
