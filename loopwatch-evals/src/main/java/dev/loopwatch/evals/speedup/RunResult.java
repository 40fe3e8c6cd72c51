package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one sandboxed process tree did.
 *
 * @param exitCode the exit code (128 + signal when killed)
 * @param wallNanos end-to-end wall time, monotonic clock, around the sandbox
 * @param cpuSeconds user + system CPU of every process of the run, from its cgroup, when measured
 * @param peakRssKb peak memory charged to the run's cgroup (anonymous memory, tmpfs and page
 *     cache), in KiB, when measured
 * @param timedOut whether the wall-time limit passed and the tree was killed
 * @param leftovers processes of the run still alive after its main process exited (pid and command
 *     line), all killed since
 * @param limitsHit the limits the run ran into (memory/OOM, pids, file size), one phrase each
 * @param stderrTail the last lines the tree wrote on stderr
 */
public record RunResult(
    int exitCode,
    long wallNanos,
    OptionalDouble cpuSeconds,
    OptionalLong peakRssKb,
    boolean timedOut,
    List<String> leftovers,
    List<String> limitsHit,
    String stderrTail) {
  public RunResult {
    requireNonNull(cpuSeconds, "cpuSeconds is null");
    requireNonNull(peakRssKb, "peakRssKb is null");
    leftovers = List.copyOf(requireNonNull(leftovers, "leftovers is null"));
    limitsHit = List.copyOf(requireNonNull(limitsHit, "limitsHit is null"));
    requireNonNull(stderrTail, "stderrTail is null");
  }

  /** Whether the run exited 0 in time, within its limits, and left nothing behind. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && leftovers.isEmpty() && limitsHit.isEmpty();
  }

  /** Wall time in seconds. */
  public double wallSeconds() {
    return wallNanos / 1e9;
  }
}
