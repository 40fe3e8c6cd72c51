package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a dated series from CSV: a header naming the columns {@code date} and {@code value} (and
 * optionally {@code group}, in any order, other columns ignored), then one row per point. Fields
 * are comma-separated and may be double-quoted (without embedded commas). Every bad row fails with
 * a message naming {@code file:line}.
 */
public final class SeriesReader {
  private SeriesReader() {}

  /** The points of {@code file}, in file order. */
  public static List<SeriesPoint> read(Path file) {
    requireNonNull(file, "file is null");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput("series file " + file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read series " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), lines);
  }

  /** Parses the lines of a series file named {@code file}. */
  static List<SeriesPoint> parse(String file, List<String> lines) {
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    if (first == lines.size()) {
      throw LoopwatchException.userInput(file + ": empty; expected a header 'date,value[,group]'");
    }
    List<String> header =
        fields(lines.get(first).replace("\uFEFF", "")).stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .toList();
    int date = column(file, first + 1, header, "date");
    int value = column(file, first + 1, header, "value");
    int group = header.indexOf("group");
    List<SeriesPoint> points = new ArrayList<>();
    for (int i = first + 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      int line = i + 1;
      List<String> row = fields(lines.get(i));
      if (row.size() != header.size()) {
        throw fault(file, line, "expected " + header.size() + " fields, found " + row.size());
      }
      if (row.get(date).isEmpty()) {
        continue;
      }
      points.add(
          new SeriesPoint(
              date(file, line, row.get(date)),
              number(file, line, row.get(value)),
              group < 0 || row.get(group).isEmpty()
                  ? Optional.empty()
                  : Optional.of(row.get(group))));
    }
    return List.copyOf(points);
  }

  private static int column(String file, int line, List<String> header, String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw fault(
          file, line, "missing column " + name + " (header: " + String.join(",", header) + ")");
    }
    return index;
  }

  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else if (c == '"' && field.toString().isBlank()) {
        field.setLength(0);
        quoted = true;
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString().strip());
    return fields;
  }

  private static LocalDate date(String file, int line, String text) {
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw fault(file, line, "date is not YYYY-MM-DD: '" + text + "'");
    }
  }

  private static double number(String file, int line, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw fault(file, line, "value is not a number: '" + text + "'");
    }
    if (!Double.isFinite(value)) {
      throw fault(file, line, "value is not finite: '" + text + "'");
    }
    return value;
  }

  private static LoopwatchException fault(String file, int line, String problem) {
    return LoopwatchException.userInput(file + ":" + line + ": " + problem);
  }
}
