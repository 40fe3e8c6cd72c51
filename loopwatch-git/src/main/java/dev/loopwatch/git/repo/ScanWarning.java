package dev.loopwatch.git.repo;

import static java.util.Objects.requireNonNull;

/**
 * Something a scan skipped or doubted, kept and counted so the report can say what it left out.
 *
 * @param kind a short stable key for counting, e.g. {@code bad-git-ai-note}, {@code shallow-clone}
 * @param subject what it is about: a commit id, {@code file:line}, a path
 * @param message one human-readable line
 */
public record ScanWarning(String kind, String subject, String message) {
  public ScanWarning {
    requireNonNull(kind, "kind is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(message, "message is null");
  }
}
