package dev.loopwatch.sessions.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.sessions.ReadResult;
import java.nio.file.Path;

/**
 * One transcript folder read for a scan.
 *
 * @param folder the folder as given
 * @param agent the reader that read it, such as {@code claude} or {@code codex}
 * @param result what the reader found
 */
public record ScannedFolder(Path folder, String agent, ReadResult result) {
  /** Checks for nulls. */
  public ScannedFolder {
    requireNonNull(folder, "folder is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(result, "result is null");
  }
}
