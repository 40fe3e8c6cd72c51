package dev.loopwatch.trends.horizon;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A streaming RFC 4180 CSV reader (also used by the capability index): comma-separated fields,
 * double-quoted fields that may hold commas, CRLF or LF line breaks and doubled quotes. Each record
 * remembers the line it started on.
 */
public final class Csv {
  private final BufferedReader reader;
  private final String file;
  private int line;

  public Csv(BufferedReader reader, String file) {
    this.reader = reader;
    this.file = file;
  }

  /** One record and the 1-based line number it starts on. */
  public record Row(int line, List<String> fields) {}

  /** The next record, or empty at the end of input. Blank lines are skipped. */
  public Optional<Row> next() throws IOException {
    String text = reader.readLine();
    while (text != null && text.isEmpty()) {
      line++;
      text = reader.readLine();
    }
    if (text == null) {
      return Optional.empty();
    }
    line++;
    int start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int i = 0;
    while (true) {
      if (i == text.length()) {
        if (quoted) {
          String more = reader.readLine();
          if (more == null) {
            throw LoopwatchInput.fault(file, start, "unterminated quoted field");
          }
          line++;
          field.append('\n');
          text = more;
          i = 0;
          continue;
        }
        fields.add(field.toString());
        return Optional.of(new Row(start, List.copyOf(fields)));
      }
      char c = text.charAt(i++);
      if (quoted) {
        if (c == '"') {
          if (i < text.length() && text.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == '"') {
        throw LoopwatchInput.fault(file, start, "quote inside an unquoted field");
      } else {
        field.append(c);
      }
    }
  }
}
