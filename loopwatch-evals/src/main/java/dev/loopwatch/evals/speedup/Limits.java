package dev.loopwatch.evals.speedup;

/**
 * Resource limits for one sandboxed build or run.
 *
 * @param wallSeconds wall-clock limit; the process tree is killed when it passes
 * @param memoryMb data-segment limit ({@code RLIMIT_DATA}) per process, in MiB
 * @param cpus the number of CPUs the run may use (CPU affinity)
 */
public record Limits(int wallSeconds, int memoryMb, int cpus) {
  /** Limits used when the spec gives none. */
  public static final Limits DEFAULT = new Limits(600, 2048, 2);

  public Limits {
    if (wallSeconds < 1 || memoryMb < 1 || cpus < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: " + wallSeconds + "s, " + memoryMb + " MiB, " + cpus + " cpus");
    }
  }
}
