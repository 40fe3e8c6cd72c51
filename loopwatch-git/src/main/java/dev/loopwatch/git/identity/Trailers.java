package dev.loopwatch.git.identity;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.log.MessageLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trailers of a commit message ({@code Key: value} lines such as {@code Co-authored-by}).
 *
 * <p>Follows git's trailer rules (git-interpret-trailers(1)) where they matter for attribution:
 * trailers live only in the last paragraph of the message, never in the first (the subject
 * paragraph), and a line starting with whitespace continues the trailer above it. Unlike git, a
 * last paragraph that mixes trailers with free text still yields its trailers, because hand-edited
 * and squashed messages often look like that.
 */
public final class Trailers {
  private static final Pattern TRAILER =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]*)[ \\t]*:[ \\t]*(.*)");
  private static final Pattern ADDRESS = Pattern.compile("(.*?)\\s*<([^<>]*)>\\s*");

  private Trailers() {}

  /** The trailers of {@code message}, in message order. */
  public static List<Trailer> parse(String message) {
    requireNonNull(message, "message is null");
    List<List<String>> paragraphs = paragraphs(message);
    if (paragraphs.size() < 2) {
      return List.of();
    }
    List<Trailer> trailers = new ArrayList<>();
    String key = null;
    StringBuilder value = new StringBuilder();
    for (String line : paragraphs.getLast()) {
      boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      if (continuation && key != null) {
        value.append(' ').append(line.strip());
        continue;
      }
      if (key != null) {
        trailers.add(new Trailer(key, value.toString()));
        key = null;
      }
      Matcher matcher = TRAILER.matcher(line);
      if (matcher.matches()) {
        key = matcher.group(1);
        value.setLength(0);
        value.append(matcher.group(2).strip());
      }
    }
    if (key != null) {
      trailers.add(new Trailer(key, value.toString()));
    }
    return List.copyOf(trailers);
  }

  /**
   * The identities of the {@code Co-authored-by} trailers of {@code message} (any key case), in
   * message order.
   */
  public static List<Identity> coAuthors(String message, IdentityTable table) {
    requireNonNull(table, "table is null");
    List<Identity> coAuthors = new ArrayList<>();
    for (Trailer trailer : parse(message)) {
      if (trailer.hasKey("Co-authored-by")) {
        trailer.identity(table).ifPresent(coAuthors::add);
      }
    }
    return List.copyOf(coAuthors);
  }

  private static List<List<String>> paragraphs(String message) {
    List<List<String>> paragraphs = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : MessageLines.split(message)) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          paragraphs.add(current);
          current = new ArrayList<>();
        }
      } else {
        current.add(line.stripTrailing());
      }
    }
    if (!current.isEmpty()) {
      paragraphs.add(current);
    }
    return paragraphs;
  }

  /**
   * One trailer.
   *
   * @param key the key as written, e.g. {@code Co-Authored-By}
   * @param value the value, continuation lines joined by single spaces
   */
  public record Trailer(String key, String value) {
    public Trailer {
      requireNonNull(key, "key is null");
      requireNonNull(value, "value is null");
    }

    /** Whether this trailer's key is {@code key}, ignoring case. */
    public boolean hasKey(String key) {
      requireNonNull(key, "key is null");
      return this.key.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT));
    }

    /** The trailer as one line, {@code Key: value}. */
    public String line() {
      return key + ": " + value;
    }

    /** The classified identity when the value is {@code Name <email>}. */
    public Optional<Identity> identity(IdentityTable table) {
      requireNonNull(table, "table is null");
      Matcher matcher = ADDRESS.matcher(value);
      if (!matcher.matches() || matcher.group(2).isBlank()) {
        return Optional.empty();
      }
      return Optional.of(table.classify(matcher.group(1).strip(), matcher.group(2).strip()));
    }
  }
}
