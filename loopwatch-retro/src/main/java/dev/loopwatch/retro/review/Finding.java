package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

/**
 * One finding a reviewer reported.
 *
 * @param file the repository-relative path at the change's head
 * @param startLine the first line (1-based) the finding points at
 * @param endLine the last line, at least {@code startLine}
 * @param message what the reviewer said
 * @param severity the reviewer's own severity word (e.g. {@code error}, {@code warning}, {@code
 *     info}); empty when it gave none
 */
public record Finding(String file, int startLine, int endLine, String message, String severity) {
  /** Checks the fields are present and the line range is valid. */
  public Finding {
    requireNonNull(file, "file is null");
    requireNonNull(message, "message is null");
    requireNonNull(severity, "severity is null");
    if (startLine < 1 || endLine < startLine) {
      throw new IllegalArgumentException(
          "invalid line range " + startLine + "-" + endLine + " in " + file);
    }
  }
}
