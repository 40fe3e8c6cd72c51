package dev.loopwatch.git.blame;

import static java.util.Objects.requireNonNull;

/**
 * The live-code counts of one file at the measured revision.
 *
 * @param path the file's path at the revision
 * @param lines its lines
 * @param strong lines whose last change carries STRONG evidence
 * @param medium lines whose last change carries MEDIUM evidence
 * @param weak lines whose last change carries WEAK evidence
 */
public record LiveFile(String path, long lines, long strong, long medium, long weak) {
  public LiveFile {
    requireNonNull(path, "path is null");
    if (strong < 0 || medium < 0 || weak < 0 || strong + medium + weak > lines) {
      throw new IllegalArgumentException(
          path
              + ": counts strong="
              + strong
              + " medium="
              + medium
              + " weak="
              + weak
              + " do not fit lines="
              + lines);
    }
  }

  /** Lines with no AI evidence. */
  public long noEvidence() {
    return lines - strong - medium - weak;
  }
}
