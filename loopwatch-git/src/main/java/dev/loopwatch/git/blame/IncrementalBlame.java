package dev.loopwatch.git.blame;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A parser for the output of {@code git blame --incremental}, as specified in git-blame(1),
 * sections "THE PORCELAIN FORMAT" and "INCREMENTAL OUTPUT".
 *
 * <p>Each entry starts with a header {@code <sha> <orig-line> <final-line> <num-lines>}, continues
 * with key-value lines (the commit's {@code author}, {@code committer}, {@code summary} ... only
 * the first time the commit appears; {@code boundary} and {@code previous <sha> <path>} as they
 * apply) and ends with {@code filename <path>}, the file's path in the blamed commit. Paths
 * containing a double quote, a backslash or control characters are C-quoted even with {@code
 * core.quotepath=off}. Lines split on LF only: a commit summary may hold a stray CR.
 */
final class IncrementalBlame {
  private IncrementalBlame() {}

  /**
   * One group of consecutive lines blamed on the same commit.
   *
   * @param commit the full id of the commit the lines are blamed on
   * @param originalLine the first line's 1-based number in that commit's version of the file
   * @param finalLine the first line's 1-based number in the blamed revision
   * @param lines how many lines the group has
   * @param originalPath the file's path in that commit
   */
  record Entry(String commit, int originalLine, int finalLine, int lines, String originalPath) {
    Entry {
      requireNonNull(commit, "commit is null");
      requireNonNull(originalPath, "originalPath is null");
    }
  }

  /** Receives parsed entries in output order. */
  @FunctionalInterface
  interface Sink {
    /** Takes one entry. */
    void accept(Entry entry);
  }

  /** Thrown when the output does not follow the format. */
  static final class FormatException extends Exception {
    FormatException(String message) {
      super(message);
    }
  }

  /** Reads every entry of {@code in} into {@code sink}. */
  static void parse(InputStream in, Sink sink) throws IOException, FormatException {
    LineReader reader = new LineReader(in);
    String commit = null;
    int originalLine = 0;
    int finalLine = 0;
    int lines = 0;
    long lineNumber = 0;
    for (Optional<String> next = reader.next(); next.isPresent(); next = reader.next()) {
      String line = next.get();
      lineNumber++;
      if (commit == null) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 4 || !isHex(parts[0])) {
          throw new FormatException(
              "output line "
                  + lineNumber
                  + ": expected '<sha> <orig> <final> <count>', got '"
                  + abbreviate(line)
                  + "'");
        }
        try {
          originalLine = Integer.parseInt(parts[1]);
          finalLine = Integer.parseInt(parts[2]);
          lines = Integer.parseInt(parts[3]);
        } catch (NumberFormatException e) {
          throw new FormatException(
              "output line " + lineNumber + ": bad number in '" + abbreviate(line) + "'");
        }
        if (originalLine < 1 || finalLine < 1 || lines < 1) {
          throw new FormatException(
              "output line " + lineNumber + ": line numbers must be positive in '" + line + "'");
        }
        commit = parts[0];
      } else if (line.startsWith("filename ")) {
        sink.accept(
            new Entry(
                commit,
                originalLine,
                finalLine,
                lines,
                unquote(line.substring("filename ".length()))));
        commit = null;
      }
    }
    if (commit != null) {
      throw new FormatException("output ended inside the entry for commit " + commit);
    }
  }

  /**
   * Undoes git's C-style path quoting ({@code quote_c_style}): a path wrapped in double quotes with
   * {@code \"}, {@code \\}, {@code \a \b \t \n \v \f \r} and three-digit octal byte escapes.
   * Unquoted paths are returned as they are. Octal escapes are bytes of the UTF-8 encoding.
   */
  static String unquote(String text) throws FormatException {
    if (!text.startsWith("\"")) {
      return text;
    }
    if (text.length() < 2 || !text.endsWith("\"")) {
      throw new FormatException("unterminated quoted path " + abbreviate(text));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int end = text.length() - 1;
    int i = 1;
    while (i < end) {
      int c = text.codePointAt(i);
      if (c != '\\') {
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
        continue;
      }
      if (i + 1 >= end) {
        throw new FormatException("dangling backslash in quoted path " + abbreviate(text));
      }
      char escape = text.charAt(i + 1);
      int value =
          switch (escape) {
            case 'a' -> 7;
            case 'b' -> '\b';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'v' -> 11;
            case 'f' -> '\f';
            case 'r' -> '\r';
            case '"' -> '"';
            case '\\' -> '\\';
            default -> -1;
          };
      if (value >= 0) {
        bytes.write(value);
        i += 2;
        continue;
      }
      if (i + 3 < end
          && isOctal(escape)
          && isOctal(text.charAt(i + 2))
          && isOctal(text.charAt(i + 3))) {
        int octal =
            (escape - '0') * 64 + (text.charAt(i + 2) - '0') * 8 + (text.charAt(i + 3) - '0');
        if (octal > 0xFF) {
          throw new FormatException("octal escape out of range in quoted path " + abbreviate(text));
        }
        bytes.write(octal);
        i += 4;
        continue;
      }
      throw new FormatException(
          "unknown escape \\" + escape + " in quoted path " + abbreviate(text));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static boolean isHex(String text) {
    if (text.length() != 40 && text.length() != 64) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }

  /** Splits a byte stream on LF only, decoding each line as UTF-8. */
  private static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LineReader(InputStream in) {
      this.in = in;
    }

    Optional<String> next() throws IOException {
      line.reset();
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return any ? Optional.of(line.toString(StandardCharsets.UTF_8)) : Optional.empty();
          }
        }
        any = true;
        int start = position;
        while (position < limit && buffer[position] != '\n') {
          position++;
        }
        line.write(buffer, start, position - start);
        if (position < limit) {
          position++;
          return Optional.of(line.toString(StandardCharsets.UTF_8));
        }
      }
    }
  }
}
