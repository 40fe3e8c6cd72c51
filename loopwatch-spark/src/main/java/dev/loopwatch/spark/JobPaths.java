package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where the job keeps things, as strings so executors receive them: every executor must see {@code
 * rows} and {@code state} at the same paths (a shared file system on a cluster); {@code scratch} is
 * executor-local.
 *
 * @param rows the folder of per-repository export folders ({@code OUT/repos})
 * @param state the folder of per-repository state files
 * @param scratch the folder for blobless clones, each deleted after it is mined
 */
record JobPaths(String rows, String state, String scratch) implements Serializable {
  JobPaths {
    requireNonNull(rows, "rows is null");
    requireNonNull(state, "state is null");
    requireNonNull(scratch, "scratch is null");
  }

  /** The export folder of the repository {@code key}. */
  Path rowsOf(String key) {
    return Path.of(rows, key);
  }

  /** The state file of the repository {@code key}. */
  Path stateOf(String key) {
    return Path.of(state, key + ".duckdb");
  }
}
