package dev.loopwatch.git.log;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code git log -z --format=}{@link #FORMAT}: one commit's metadata at a time, in git's
 * order.
 *
 * <p>Each commit is nine NUL-terminated fields; the body is the last, so any text in a message is
 * safe.
 */
public final class CommitLogReader {
  /** The {@code --format} this reader expects (with {@code -z}). */
  public static final String FORMAT =
      "%x01%H%x00%P%x00%aN%x00%aE%x00%cN%x00%cE%x00%at%x00%ct%x00%B";

  private final NulTokenReader tokens;

  /** Reads from the stdout of {@code git log -z --format=FORMAT}. */
  public CommitLogReader(InputStream in) {
    this.tokens = new NulTokenReader(in);
  }

  /** The next commit, or empty at the end. */
  public Optional<CommitInfo> next() throws IOException {
    Optional<String> first = tokens.next();
    if (first.isEmpty()) {
      return Optional.empty();
    }
    String head = first.get();
    int marker = head.indexOf('\u0001');
    if (marker < 0) {
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL,
          "unexpected git log output near '" + abbreviate(head) + "'");
    }
    String sha = head.substring(marker + 1);
    String parents = field(sha);
    String authorName = field(sha);
    String authorEmail = field(sha);
    String committerName = field(sha);
    String committerEmail = field(sha);
    String authorTime = field(sha);
    String commitTime = field(sha);
    String body = field(sha);
    List<String> parentList = parents.isEmpty() ? List.of() : Arrays.asList(parents.split(" "));
    return Optional.of(
        new CommitInfo(
            sha,
            parentList,
            authorName,
            authorEmail,
            committerName,
            committerEmail,
            epoch(authorTime, sha),
            epoch(commitTime, sha),
            body));
  }

  private String field(String sha) throws IOException {
    return tokens
        .next()
        .orElseThrow(() ->
            LoopwatchException.external(
                "git log output for commit " + sha + " is truncated", null));
  }

  private static Instant epoch(String seconds, String sha) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(seconds.strip()));
    } catch (NumberFormatException e) {
      throw LoopwatchException.external(
          "commit " + sha + " has an unreadable date '" + seconds + "'", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
