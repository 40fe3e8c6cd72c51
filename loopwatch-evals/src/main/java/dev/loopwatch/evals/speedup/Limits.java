package dev.loopwatch.evals.speedup;

/**
 * Resource limits for one sandboxed build or run.
 *
 * @param wallSeconds wall-clock limit; the process tree is killed when it passes
 * @param memoryMb memory limit of the run's cgroup (anonymous memory, tmpfs and page cache), in MiB
 * @param cpus the number of CPUs the run may use (its cgroup's {@code cpuset.cpus})
 * @param fileMb the largest file one process may write ({@code RLIMIT_FSIZE}), in MiB
 * @param pids the most processes and threads the run may have at once ({@code pids.max})
 * @param outputMb the largest output file the grader reads, in MiB; 0 for the default: 10 times the
 *     baseline's output of the same seed, at least {@value #MIN_OUTPUT_BYTES} bytes
 */
public record Limits(int wallSeconds, int memoryMb, int cpus, int fileMb, int pids, int outputMb) {
  /** The smallest default output cap, in bytes (1 MiB). */
  public static final long MIN_OUTPUT_BYTES = 1024 * 1024;

  /** The cap on the baseline's own outputs when {@code outputMb} is 0, in bytes (64 MiB). */
  static final long BASELINE_OUTPUT_BYTES = 64L * 1024 * 1024;

  /** Default largest file a run may write, in MiB. */
  public static final int DEFAULT_FILE_MB = 1024;

  /** Default process and thread limit. */
  public static final int DEFAULT_PIDS = 512;

  /** Open files per process ({@code RLIMIT_NOFILE}). */
  static final int NOFILE = 4096;

  /** Limits used when the spec gives none. */
  public static final Limits DEFAULT = new Limits(600, 2048, 2);

  public Limits {
    if (wallSeconds < 1 || memoryMb < 1 || cpus < 1 || fileMb < 1 || pids < 1 || outputMb < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: "
              + wallSeconds
              + "s, "
              + memoryMb
              + " MiB, "
              + cpus
              + " cpus, "
              + fileMb
              + " MiB files, "
              + pids
              + " pids, "
              + outputMb
              + " MiB outputs");
    }
  }

  /** Limits with the default file size and pid limits. */
  public Limits(int wallSeconds, int memoryMb, int cpus) {
    this(wallSeconds, memoryMb, cpus, DEFAULT_FILE_MB, DEFAULT_PIDS, 0);
  }

  /**
   * The output cap for a candidate's output on a seed where the baseline wrote {@code
   * baselineBytes}.
   */
  long outputCap(long baselineBytes) {
    return outputMb > 0
        ? (long) outputMb * 1024 * 1024
        : Math.max(MIN_OUTPUT_BYTES, 10 * baselineBytes);
  }

  /** The cap on the baseline's own outputs. */
  long baselineOutputCap() {
    return outputMb > 0 ? (long) outputMb * 1024 * 1024 : BASELINE_OUTPUT_BYTES;
  }

  /** The memory limit in bytes. */
  long memoryBytes() {
    return (long) memoryMb * 1024 * 1024;
  }

  /** The file size limit in bytes. */
  long fileBytes() {
    return (long) fileMb * 1024 * 1024;
  }
}
