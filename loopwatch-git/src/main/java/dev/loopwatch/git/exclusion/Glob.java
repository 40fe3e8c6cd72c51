package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One gitignore-like glob, compiled, matched against repository-relative paths with {@code /}
 * separators.
 *
 * <p>The syntax follows gitignore(5) "PATTERN FORMAT", without negation: {@code *} matches any run
 * of characters except {@code /}, {@code ?} one character except {@code /}, {@code [a-z]} / {@code
 * [!a-z]} a class, {@code \} escapes the next character. A leading {@code **}{@code /} matches in
 * all folders, a trailing {@code /**} everything inside, and {@code /**}{@code /} zero or more
 * folders; {@code **} anywhere else is rejected rather than silently read as {@code *}. A glob with
 * a {@code /} at its start or in its middle is anchored at the repository root; otherwise it
 * matches a name at any depth. A trailing {@code /} matches folders only. As in gitignore, a glob
 * that matches a folder matches every path inside it, so {@code build} matches both the file {@code
 * build} and {@code build/out.js}.
 *
 * <p>Globs that are a plain name ({@code yarn.lock}, {@code vendor/}) or {@code *} plus a plain
 * suffix ({@code *.min.js}) are matched by string comparison on the path's segments; all others by
 * one regular expression over the whole path. Both give the same answers ({@code GlobTest} checks
 * this on random paths).
 */
public final class Glob {
  private enum Shape {
    NAME,
    SUFFIX,
    REGEX
  }

  private final String text;
  private final Shape shape;
  private final boolean folderOnly;
  private final String literal;
  private final Pattern regex;

  private Glob(String text, Shape shape, boolean folderOnly, String literal, Pattern regex) {
    this.text = text;
    this.shape = shape;
    this.folderOnly = folderOnly;
    this.literal = literal;
    this.regex = regex;
  }

  /**
   * Compiles {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong with it (without naming it; callers add
   *     the context)
   */
  public static Glob parse(String text) {
    return compile(text, true);
  }

  /**
   * Compiles {@code text} to a regular expression only, without the string-comparison shortcuts
   * (for tests).
   */
  static Glob parseAsRegex(String text) {
    return compile(text, false);
  }

  /** The glob as written. */
  public String text() {
    return text;
  }

  /**
   * Whether {@code path} (repository-relative, {@code /}-separated, no leading {@code /}) matches.
   */
  public boolean matches(String path) {
    return switch (shape) {
      case NAME, SUFFIX -> matchesSegments(path);
      case REGEX -> regex.matcher(path).matches();
    };
  }

  private boolean matchesSegments(String path) {
    int start = 0;
    int length = path.length();
    while (start <= length) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? length : slash;
      boolean last = slash < 0;
      if (!(folderOnly && last) && segmentMatches(path, start, end)) {
        return true;
      }
      if (last) {
        return false;
      }
      start = slash + 1;
    }
    return false;
  }

  private boolean segmentMatches(String path, int start, int end) {
    int segmentLength = end - start;
    if (shape == Shape.NAME) {
      return segmentLength == literal.length() && path.startsWith(literal, start);
    }
    return segmentLength >= literal.length() && path.startsWith(literal, end - literal.length());
  }

  private static Glob compile(String text, boolean shortcuts) {
    requireNonNull(text, "text is null");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (text.startsWith("!")) {
      throw new IllegalArgumentException("starts with '!', and negation is not supported");
    }
    String body = text;
    boolean folderOnly = false;
    boolean anchored = false;
    if (body.endsWith("/")) {
      folderOnly = true;
      body = body.substring(0, body.length() - 1);
    }
    if (body.startsWith("/")) {
      anchored = true;
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException("names no file or folder");
    }
    String[] segments = body.split("/", -1);
    if (segments.length > 1) {
      anchored = true;
    }
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("has an empty path segment ('//')");
      }
      if (!segment.equals("**") && segment.contains("**")) {
        throw new IllegalArgumentException(
            "has '**' inside a name; '**' must be a whole path segment");
      }
    }
    StringBuilder expression = new StringBuilder(anchored ? "" : "(?:.*/)?");
    for (int i = 0; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      if (segments[i].equals("**")) {
        expression.append(last ? ".*" : "(?:.*/)?");
      } else {
        translateSegment(segments[i], expression);
        if (!last) {
          expression.append('/');
        }
      }
    }
    expression.append(folderOnly ? "/.*" : "(?:/.*)?");
    Pattern regex;
    try {
      regex = Pattern.compile(expression.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("is not a valid glob (" + e.getDescription() + ")", e);
    }
    if (shortcuts && segments.length == 1 && !anchored) {
      String only = segments[0];
      if (isPlain(only)) {
        return new Glob(text, Shape.NAME, folderOnly, only, regex);
      }
      if (only.length() > 1 && only.charAt(0) == '*' && isPlain(only.substring(1))) {
        return new Glob(text, Shape.SUFFIX, folderOnly, only.substring(1), regex);
      }
    }
    return new Glob(text, Shape.REGEX, folderOnly, "", regex);
  }

  private static boolean isPlain(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static void translateSegment(String segment, StringBuilder out) {
    int n = segment.length();
    for (int i = 0; i < n; i++) {
      char c = segment.charAt(i);
      switch (c) {
        case '*' -> out.append("[^/]*");
        case '?' -> out.append("[^/]");
        case '\\' -> {
          if (i + 1 == n) {
            throw new IllegalArgumentException("ends with a lone '\\'");
          }
          i++;
          appendLiteral(segment.charAt(i), out);
        }
        case '[' -> i = translateClass(segment, i, out);
        default -> appendLiteral(c, out);
      }
    }
  }

  /** Translates the class opening at {@code open}; returns the index of its closing {@code ]}. */
  private static int translateClass(String segment, int open, StringBuilder out) {
    int n = segment.length();
    int i = open + 1;
    boolean negated = i < n && (segment.charAt(i) == '!' || segment.charAt(i) == '^');
    if (negated) {
      i++;
    }
    int first = i;
    StringBuilder members = new StringBuilder();
    while (true) {
      if (i >= n) {
        throw new IllegalArgumentException("has a '[' without a closing ']'");
      }
      char c = segment.charAt(i);
      if (c == ']' && i > first) {
        break;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("has a '[' without a closing ']'");
        }
        i++;
        appendLiteral(segment.charAt(i), members);
      } else if (c == '-' && i > first && i + 1 < n && segment.charAt(i + 1) != ']') {
        members.append('-');
      } else {
        appendLiteral(c, members);
      }
      i++;
    }
    out.append(negated ? "[^/" : "[").append(members).append(']');
    return i;
  }

  private static void appendLiteral(char c, StringBuilder out) {
    if (c < 128 && !Character.isLetterOrDigit(c)) {
      out.append('\\');
    }
    out.append(c);
  }

  @Override
  public String toString() {
    return text;
  }
}
