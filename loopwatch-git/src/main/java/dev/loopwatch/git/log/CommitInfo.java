package dev.loopwatch.git.log;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One commit's metadata as git prints it, with .mailmap applied to names and emails.
 *
 * @param sha full commit id
 * @param parents parent ids, first parent first
 * @param authorName author name (mailmapped)
 * @param authorEmail author email (mailmapped)
 * @param committerName committer name (mailmapped)
 * @param committerEmail committer email (mailmapped)
 * @param authoredAt author date
 * @param committedAt committer date
 * @param message the raw message body (subject, blank line, body, trailers)
 */
public record CommitInfo(
    String sha,
    List<String> parents,
    String authorName,
    String authorEmail,
    String committerName,
    String committerEmail,
    Instant authoredAt,
    Instant committedAt,
    String message) {
  public CommitInfo {
    requireNonNull(sha, "sha is null");
    parents = List.copyOf(requireNonNull(parents, "parents is null"));
    requireNonNull(authorName, "authorName is null");
    requireNonNull(authorEmail, "authorEmail is null");
    requireNonNull(committerName, "committerName is null");
    requireNonNull(committerEmail, "committerEmail is null");
    requireNonNull(authoredAt, "authoredAt is null");
    requireNonNull(committedAt, "committedAt is null");
    requireNonNull(message, "message is null");
  }

  /** Whether this commit has more than one parent. */
  public boolean isMerge() {
    return parents.size() > 1;
  }

  /** The first line of the message. */
  public String subject() {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
