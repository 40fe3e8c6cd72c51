package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One file of a merged change: its line counts against the first parent and how many of its added
 * lines AI evidence covers, by the strongest evidence that covered each line.
 *
 * @param path path after the change
 * @param oldPath path before, when renamed
 * @param added added lines
 * @param deleted deleted lines
 * @param binary whether git saw it as binary
 * @param aiStrong added lines covered by line-level evidence
 * @param aiMedium added lines covered by change-level evidence (and no line-level evidence)
 * @param aiWeak added lines covered only by weak evidence
 */
public record FileChange(
    String path,
    Optional<String> oldPath,
    int added,
    int deleted,
    boolean binary,
    int aiStrong,
    int aiMedium,
    int aiWeak) {
  public FileChange {
    requireNonNull(path, "path is null");
    requireNonNull(oldPath, "oldPath is null");
    if (aiStrong + aiMedium + aiWeak > added) {
      throw new IllegalArgumentException("more AI lines than added lines in " + path);
    }
  }
}
