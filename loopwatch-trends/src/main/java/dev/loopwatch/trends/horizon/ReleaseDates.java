package dev.loopwatch.trends.horizon;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads model release dates (alias to date). Two forms: YAML-like {@code alias: 2024-06-20} lines
 * (METR's release_dates.yaml nests them under {@code date:}; section headers, comments and quotes
 * are accepted) or, for a {@code .csv} file, {@code alias,date} rows with an optional header.
 */
public final class ReleaseDates {
  private ReleaseDates() {}

  /** The dates of {@code file}, in file order; a repeated alias fails. */
  public static Map<String, LocalDate> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput("release dates file " + file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot read release dates " + file + ": " + e.getMessage(), e);
    }
    boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    return csv ? csv(file.toString(), lines) : yaml(file.toString(), lines);
  }

  /** Parses release dates given as YAML-like {@code alias: date} lines. */
  static Map<String, LocalDate> yaml(String file, List<String> lines) {
    Map<String, LocalDate> dates = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = stripComment(lines.get(i)).strip();
      if (text.isEmpty() || text.equals("---")) {
        continue;
      }
      int colon = text.endsWith(":") ? text.length() - 1 : text.indexOf(": ");
      if (colon < 0) {
        throw LoopwatchInput.fault(file, i + 1, "expected 'alias: YYYY-MM-DD'");
      }
      String alias = unquote(text.substring(0, colon).strip());
      String value = unquote(text.substring(colon + 1).strip());
      if (value.isEmpty()) {
        continue; // a section header such as "date:"
      }
      put(dates, file, i + 1, alias, value);
    }
    return Collections.unmodifiableMap(dates);
  }

  /** Parses release dates given as {@code alias,date} CSV rows. */
  static Map<String, LocalDate> csv(String file, List<String> lines) {
    Map<String, LocalDate> dates = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      int comma = text.lastIndexOf(',');
      if (comma < 0) {
        throw LoopwatchInput.fault(file, i + 1, "expected 'alias,YYYY-MM-DD'");
      }
      String alias = unquote(text.substring(0, comma).strip());
      String value = unquote(text.substring(comma + 1).strip());
      if (dates.isEmpty() && !value.isEmpty() && !Character.isDigit(value.charAt(0))) {
        continue; // header row
      }
      put(dates, file, i + 1, alias, value);
    }
    return Collections.unmodifiableMap(dates);
  }

  private static void put(
      Map<String, LocalDate> dates, String file, int line, String alias, String value) {
    if (alias.isEmpty()) {
      throw LoopwatchInput.fault(file, line, "missing alias");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
    } catch (DateTimeParseException e) {
      throw LoopwatchInput.fault(file, line, "date of " + alias + " is not YYYY-MM-DD: " + value);
    }
    if (dates.putIfAbsent(alias, date) != null) {
      throw LoopwatchInput.fault(file, line, "alias " + alias + " is listed twice");
    }
  }

  private static String stripComment(String line) {
    int hash = line.indexOf(" #");
    if (line.startsWith("#")) {
      return "";
    }
    return hash < 0 ? line : line.substring(0, hash);
  }

  private static String unquote(String text) {
    if (text.length() >= 2
        && (text.charAt(0) == '"' || text.charAt(0) == '\'')
        && text.charAt(text.length() - 1) == text.charAt(0)) {
      return text.substring(1, text.length() - 1);
    }
    return text;
  }
}
