package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How to scan a repository.
 *
 * @param branch the branch to follow (empty: detect origin/HEAD, main, master)
 * @param since keep only changes committed at or after this instant
 * @param until keep only changes committed before this instant
 * @param excludeGlobs extra paths to leave out (gitignore-style globs)
 * @param blame whether to also measure the live code at the tip with blame
 * @param parallelism how many git processes may run at once for blame
 * @param range only the changes in {@code A..B} (first-parent commits reachable from B and not from
 *     A)
 */
public record ScanOptions(
    Optional<String> branch,
    Optional<Instant> since,
    Optional<Instant> until,
    List<String> excludeGlobs,
    boolean blame,
    int parallelism,
    Optional<String> range) {
  public ScanOptions {
    requireNonNull(branch, "branch is null");
    requireNonNull(since, "since is null");
    requireNonNull(until, "until is null");
    excludeGlobs = List.copyOf(excludeGlobs);
    requireNonNull(range, "range is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
    }
  }

  /** Defaults: detected branch, whole history, no extra exclusions, no blame. */
  public static ScanOptions defaults() {
    return new ScanOptions(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        false,
        Runtime.getRuntime().availableProcessors(),
        Optional.empty());
  }
}
