package dev.loopwatch.sessions;

import java.util.List;

/**
 * What a streaming read reports once every session has gone to its sink.
 *
 * @param malformed the skipped lines, in file and line order
 * @param duplicateLines lines skipped because an earlier line had the same uuid (resumed sessions)
 */
public record ReadSummary(List<Malformed> malformed, long duplicateLines) {

  /** Copies the list. */
  public ReadSummary {
    malformed = List.copyOf(malformed);
    if (duplicateLines < 0) {
      throw new IllegalArgumentException("duplicateLines is negative: " + duplicateLines);
    }
  }
}
