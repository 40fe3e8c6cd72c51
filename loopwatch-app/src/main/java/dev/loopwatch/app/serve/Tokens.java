package dev.loopwatch.app.serve;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens the dashboard accepts, each with its scope. The text (a token file or {@code
 * $LOOPWATCH_TOKEN}) holds one token a line, optionally followed by the word {@code scan}, which
 * lets the token start scans; empty lines and {@code #} comments are skipped. Tokens are compared
 * as SHA-256 digests with {@link MessageDigest#isEqual}, in constant time, against every token.
 */
final class Tokens {
  /** What a request may do. */
  enum Scope {
    /** Read pages and the API. */
    READ,
    /** Read, and start scans. */
    SCAN
  }

  private record Entry(byte[] digest, Scope scope) {}

  private static final int MIN_LENGTH = 16;

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No tokens: every request is anonymous. */
  static Tokens none() {
    return new Tokens(List.of());
  }

  /** The tokens in {@code text}, read from {@code origin} (named in errors). */
  static Tokens parse(String text, String origin) {
    requireNonNull(text, "text is null");
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+");
      String where = origin + " line " + (i + 1);
      if (words.length > 2 || (words.length == 2 && !words[1].equals("scan"))) {
        throw LoopwatchException.userInput(
            where + ": expected 'TOKEN' or 'TOKEN scan', found " + words.length + " words");
      }
      if (words[0].length() < MIN_LENGTH) {
        throw LoopwatchException.userInput(
            where + ": a token needs at least " + MIN_LENGTH + " characters");
      }
      entries.add(new Entry(sha256(words[0]), words.length == 2 ? Scope.SCAN : Scope.READ));
    }
    if (entries.isEmpty()) {
      throw LoopwatchException.userInput(origin + " holds no token");
    }
    return new Tokens(entries);
  }

  /** Whether any token is configured (then every request must carry one). */
  boolean required() {
    return !entries.isEmpty();
  }

  /**
   * The scope of the token in an {@code Authorization} header value; empty when it is missing,
   * malformed or unknown. Every configured token is compared, so the time taken does not depend on
   * which one matches.
   */
  Optional<Scope> scopeOf(Optional<String> authorization) {
    if (authorization.isEmpty() || !authorization.get().startsWith("Bearer ")) {
      return Optional.empty();
    }
    byte[] digest = sha256(authorization.get().substring("Bearer ".length()).strip());
    Scope found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest(), digest)) {
        found = entry.scope();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
