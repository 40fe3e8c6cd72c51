package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where the job keeps things, as strings so executors receive them: every executor must see {@code
 * rows} at the same path (a shared file system on a cluster); {@code scratch} is executor-local.
 *
 * @param rows the folder of per-repository export folders ({@code OUT/repos}), each also the state
 *     its repository's next run starts from
 * @param scratch the folder for blobless clones, each deleted after it is mined
 */
record JobPaths(String rows, String scratch) implements Serializable {
  JobPaths {
    requireNonNull(rows, "rows is null");
    requireNonNull(scratch, "scratch is null");
  }

  /** The export folder of the repository {@code key}. */
  Path rowsOf(String key) {
    return Path.of(rows, key);
  }

  /**
   * The folder of the ranges of the repository {@code key} while its cut chain is mined ({@code
   * OUT/ranges/KEY}, beside {@code OUT/repos}; removed once they are joined).
   */
  Path rangesOf(String key) {
    return Path.of(rows).resolveSibling("ranges").resolve(key);
  }

  /** The rows folder of range {@code part} of the repository {@code key}. */
  Path rangeOf(String key, int part) {
    return rangesOf(key).resolve(String.format(java.util.Locale.ROOT, "%04d", part));
  }
}
