package dev.loopwatch.core.agentedit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Lines an agent wrote into one file with one successful tool call (a Write, an Edit, a patch).
 *
 * @param agent the canonical agent id, e.g. {@code claude-code} or {@code codex}
 * @param session the session id
 * @param model the model that made the call, when recorded
 * @param at when the call was made
 * @param file the absolute, normalised path of the file written
 * @param lines fingerprints of the non-trivial lines the call wrote
 */
public record AgentWrite(
    String agent,
    String session,
    Optional<String> model,
    Instant at,
    Path file,
    LineFingerprints lines) {
  /** Checks the fields are present and the path is absolute. */
  public AgentWrite {
    requireNonNull(agent, "agent is null");
    requireNonNull(session, "session is null");
    requireNonNull(model, "model is null");
    requireNonNull(at, "at is null");
    requireNonNull(file, "file is null");
    requireNonNull(lines, "lines is null");
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("file must be absolute: " + file);
    }
  }
}
