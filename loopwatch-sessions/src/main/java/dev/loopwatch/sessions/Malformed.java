package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A transcript line that was skipped.
 *
 * @param file the transcript file
 * @param line the 1-based line number
 * @param reason why it was skipped
 */
public record Malformed(Path file, long line, String reason) {

  /** Checks for nulls. */
  public Malformed {
    requireNonNull(file, "file is null");
    requireNonNull(reason, "reason is null");
    if (line < 1) {
      throw new IllegalArgumentException("line is not positive: " + line);
    }
  }

  /** Returns {@code file:line: reason}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + reason;
  }
}
