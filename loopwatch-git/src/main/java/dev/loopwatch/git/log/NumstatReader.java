package dev.loopwatch.git.log;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code git log -z --numstat --format=%x01%H}: per commit, its files' added and deleted
 * lines. Renamed files come as {@code added TAB deleted TAB NUL old NUL new NUL}; binary files as
 * {@code - TAB - TAB path}.
 */
public final class NumstatReader {
  /** The {@code --format} this reader expects (with {@code -z --numstat}). */
  public static final String FORMAT = "%x01%H";

  private final NulTokenReader tokens;
  private String pending;

  /** Reads from the stdout of {@code git log -z --numstat --format=%x01%H}. */
  public NumstatReader(InputStream in) {
    this.tokens = new NulTokenReader(in);
  }

  /**
   * One commit and its files.
   *
   * @param sha commit id
   * @param files its files, in git's order
   */
  public record CommitStats(String sha, List<FileStat> files) {
    public CommitStats {
      files = List.copyOf(files);
    }
  }

  /** The next commit, or empty at the end. */
  public Optional<CommitStats> next() throws IOException {
    String head = pending != null ? pending : nextToken().orElse(null);
    pending = null;
    if (head == null) {
      return Optional.empty();
    }
    if (head.isEmpty() || head.charAt(0) != '\u0001') {
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "unexpected git numstat output near '" + head + "'");
    }
    String sha = head.substring(1);
    List<FileStat> files = new ArrayList<>();
    while (true) {
      Optional<String> token = nextToken();
      if (token.isEmpty()) {
        break;
      }
      String entry = token.get();
      if (!entry.isEmpty() && entry.charAt(0) == '\u0001') {
        pending = entry;
        break;
      }
      files.add(parseEntry(sha, entry));
    }
    return Optional.of(new CommitStats(sha, files));
  }

  private FileStat parseEntry(String sha, String entry) throws IOException {
    int firstTab = entry.indexOf('\t');
    int secondTab = firstTab < 0 ? -1 : entry.indexOf('\t', firstTab + 1);
    if (secondTab < 0) {
      throw LoopwatchException.external(
          "commit " + sha + ": unreadable numstat entry '" + entry + "'", null);
    }
    String addedText = entry.substring(0, firstTab);
    String deletedText = entry.substring(firstTab + 1, secondTab);
    String path = entry.substring(secondTab + 1);
    Optional<String> oldPath = Optional.empty();
    if (path.isEmpty()) {
      String from = nextToken().orElseThrow(() -> truncated(sha));
      String to = nextToken().orElseThrow(() -> truncated(sha));
      oldPath = Optional.of(from);
      path = to;
    }
    boolean binary = addedText.equals("-");
    int added = binary ? 0 : parseCount(addedText, sha);
    int deleted = binary ? 0 : parseCount(deletedText, sha);
    return new FileStat(path, oldPath, added, deleted, binary);
  }

  /**
   * Tokens with the newline git puts between a commit's header and its numstat removed; blank
   * tokens skipped.
   */
  private Optional<String> nextToken() throws IOException {
    while (true) {
      Optional<String> token = tokens.next();
      if (token.isEmpty()) {
        return token;
      }
      String text = token.get();
      if (!text.isEmpty() && text.charAt(0) == '\n') {
        text = text.substring(1);
      }
      if (!text.isEmpty()) {
        return Optional.of(text);
      }
    }
  }

  private static int parseCount(String text, String sha) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw LoopwatchException.external(
          "commit " + sha + ": unreadable line count '" + text + "'", e);
    }
  }

  private static LoopwatchException truncated(String sha) {
    return LoopwatchException.external("numstat output for commit " + sha + " is truncated", null);
  }
}
