package dev.loopwatch.sessions.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.sessions.SessionSource;
import java.nio.file.Path;

/**
 * One transcript folder to scan, read while it is stored.
 *
 * @param folder the folder as given
 * @param agent the reader that reads it, such as {@code claude} or {@code codex}
 * @param source the reader, handing over one session at a time
 */
public record FolderSource(Path folder, String agent, SessionSource source) {
  /** Checks for nulls. */
  public FolderSource {
    requireNonNull(folder, "folder is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(source, "source is null");
  }
}
