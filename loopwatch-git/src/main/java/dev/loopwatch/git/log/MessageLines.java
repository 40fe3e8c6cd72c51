package dev.loopwatch.git.log;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a commit message, split at {@code \r\n}, {@code \n} or a lone {@code \r}.
 *
 * <p>Gives exactly what {@code text.split("\r?\n|\r", -1)} gives (every line, empty ones and a
 * trailing empty one included) without running a regular expression over every message of a
 * history: the metadata pass of a scan splits each message twice, for trailers and for footers.
 */
public final class MessageLines {
  private MessageLines() {}

  /** The lines of {@code text}, as {@code text.split("\r?\n|\r", -1)} would return them. */
  public static List<String> split(String text) {
    requireNonNull(text, "text is null");
    List<String> lines = new ArrayList<>();
    int start = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        lines.add(text.substring(start, i));
        start = i + 1;
      } else if (c == '\r') {
        lines.add(text.substring(start, i));
        if (i + 1 < length && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return lines;
  }
}
