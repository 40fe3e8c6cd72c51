package dev.loopwatch.sessions;

import java.util.List;

/**
 * What a transcript reader found in a folder.
 *
 * @param sessions the sessions, main sessions first, each group in a defined order
 * @param malformed the skipped lines, in file and line order
 * @param duplicateLines lines skipped because an earlier line had the same uuid (resumed sessions)
 */
public record ReadResult(List<Session> sessions, List<Malformed> malformed, long duplicateLines) {

  /** Copies the lists. */
  public ReadResult {
    sessions = List.copyOf(sessions);
    malformed = List.copyOf(malformed);
  }

  /** Returns a source that hands these sessions over in order, for streaming consumers. */
  public SessionSource source() {
    return sink -> {
      sessions.forEach(sink);
      return new ReadSummary(malformed, duplicateLines);
    };
  }
}
