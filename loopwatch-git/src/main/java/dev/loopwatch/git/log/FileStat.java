package dev.loopwatch.git.log;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One file's line counts in one commit's diff, from {@code git log --numstat}.
 *
 * @param path the path after the change
 * @param oldPath the path before, when git detected a rename or copy
 * @param added added lines (0 for binary files)
 * @param deleted deleted lines (0 for binary files)
 * @param binary whether git treated the file as binary
 */
public record FileStat(
    String path, Optional<String> oldPath, int added, int deleted, boolean binary) {
  public FileStat {
    requireNonNull(path, "path is null");
    requireNonNull(oldPath, "oldPath is null");
  }
}
