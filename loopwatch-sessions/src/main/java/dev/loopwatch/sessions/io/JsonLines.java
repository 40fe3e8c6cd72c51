package dev.loopwatch.sessions.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.sessions.Malformed;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON Lines file read one line at a time. The file is never loaded whole: a line longer than the
 * cap is skipped without being kept, invalid UTF-8 is replaced, and every line that is not a JSON
 * object (or that the handler cannot make sense of) is added to the malformed list with its file
 * and 1-based line number. Blank lines are ignored. Nothing a file contains makes this throw.
 */
public final class JsonLines {

  /** The default cap on a line's length: 64 MiB of characters. */
  public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Receives each JSON object line of a file. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Handles one line; a {@link RuntimeException} thrown here marks the line malformed.
     *
     * @param line the 1-based line number
     * @param node the parsed object
     */
    void line(long line, ObjectNode node);
  }

  /** Receives each text line of a file. */
  @FunctionalInterface
  public interface TextHandler {
    /**
     * Handles one line; a {@link RuntimeException} thrown here marks the line malformed.
     *
     * @param line the 1-based line number
     * @param text the line without its line terminator
     */
    void line(long line, String text);
  }

  private JsonLines() {}

  /**
   * Reads {@code file} as plain text one line at a time, passing each line (blank ones too) to
   * {@code handler}; a line longer than the cap is reported in {@code malformed} and not passed on.
   */
  public static void readText(
      Path file, int maxLineChars, TextHandler handler, List<Malformed> malformed) {
    requireNonNull(handler, "handler is null");
    requireNonNull(malformed, "malformed is null");
    scan(
        file,
        maxLineChars,
        (number, text, overflow, terminated) -> {
          if (overflow) {
            malformed.add(
                new Malformed(file, number, "line longer than " + maxLineChars + " characters"));
            return true;
          }
          String line = text.toString();
          if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
          }
          try {
            handler.line(number, line);
          } catch (RuntimeException e) {
            malformed.add(
                new Malformed(
                    file,
                    number,
                    "unexpected structure: " + shorten(String.valueOf(e.getMessage()), 160)));
          }
          return true;
        },
        malformed);
  }

  /**
   * Reads {@code file}, passing each JSON object line to {@code handler} and adding each bad line
   * to {@code malformed}.
   */
  public static void read(Path file, int maxLineChars, Handler handler, List<Malformed> malformed) {
    requireNonNull(handler, "handler is null");
    requireNonNull(malformed, "malformed is null");
    scan(
        file,
        maxLineChars,
        (number, text, overflow, terminated) -> {
          finish(file, number, text, overflow, terminated, maxLineChars, handler, malformed);
          return true;
        },
        malformed);
  }

  /**
   * Returns the first {@code field} of the first {@code maxLines} lines that holds an ISO-8601
   * instant, reading no further; bad lines are skipped silently.
   */
  public static Optional<Instant> firstInstant(
      Path file, String field, int maxLines, int maxLineChars) {
    requireNonNull(field, "field is null");
    List<Optional<Instant>> found = new ArrayList<>(List.of(Optional.empty()));
    scan(
        file,
        maxLineChars,
        (number, text, overflow, terminated) -> {
          if (!overflow && !text.toString().isBlank()) {
            try {
              Optional<Instant> instant = Json.instant(MAPPER.readTree(text.toString()), field);
              if (instant.isPresent()) {
                found.set(0, instant);
                return false;
              }
            } catch (JacksonException e) {
              // not a JSON line: look further
            }
          }
          return number < maxLines;
        },
        new ArrayList<>());
    return found.getFirst();
  }

  /** Receives each raw line; returns whether to go on. */
  private interface Sink {
    boolean line(long number, StringBuilder text, boolean overflow, boolean terminated);
  }

  private static void scan(Path file, int maxLineChars, Sink sink, List<Malformed> malformed) {
    requireNonNull(file, "file is null");
    if (maxLineChars < 1) {
      throw new IllegalArgumentException("maxLineChars is not positive: " + maxLineChars);
    }
    long number = 0;
    try (Reader reader =
        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      char[] buffer = new char[64 * 1024];
      StringBuilder line = new StringBuilder();
      boolean overflow = false;
      int read;
      while ((read = reader.read(buffer)) != -1) {
        int from = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          if (!overflow) {
            overflow = append(line, buffer, from, i, maxLineChars);
          }
          number++;
          if (!sink.line(number, line, overflow, true)) {
            return;
          }
          line = new StringBuilder();
          overflow = false;
          from = i + 1;
        }
        if (!overflow) {
          overflow = append(line, buffer, from, read, maxLineChars);
          if (overflow) {
            line = new StringBuilder();
          }
        }
      }
      if (overflow || !line.isEmpty()) {
        number++;
        sink.line(number, line, overflow, false);
      }
    } catch (IOException e) {
      malformed.add(new Malformed(file, number + 1, "cannot read: " + e.getMessage()));
    }
  }

  /** Appends chars {@code from..to} unless the line would exceed the cap; returns overflow. */
  private static boolean append(StringBuilder line, char[] buffer, int from, int to, int max) {
    if ((long) line.length() + (to - from) > max) {
      return true;
    }
    line.append(buffer, from, to - from);
    return false;
  }

  private static void finish(
      Path file,
      long number,
      StringBuilder builder,
      boolean overflow,
      boolean terminated,
      int maxLineChars,
      Handler handler,
      List<Malformed> malformed) {
    if (overflow) {
      malformed.add(
          new Malformed(file, number, "line longer than " + maxLineChars + " characters"));
      return;
    }
    String text = builder.toString();
    if (text.isBlank()) {
      return;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JacksonException e) {
      String problem = shorten(e.getOriginalMessage(), 160);
      malformed.add(
          new Malformed(
              file,
              number,
              terminated
                  ? "invalid JSON: " + problem
                  : "truncated last line (no newline at end of file): " + problem));
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      malformed.add(new Malformed(file, number, "not a JSON object"));
      return;
    }
    try {
      handler.line(number, object);
    } catch (RuntimeException e) {
      malformed.add(
          new Malformed(
              file,
              number,
              "unexpected structure: " + shorten(String.valueOf(e.getMessage()), 160)));
    }
  }

  /** Returns {@code text} cut to at most {@code max} characters, with an ellipsis when cut. */
  public static String shorten(String text, int max) {
    if (text == null) {
      return "";
    }
    String single = text.strip();
    return single.length() <= max ? single : single.substring(0, max) + "…";
  }
}
