package dev.loopwatch.git.repo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Paths as git prints them in diffs and blame output, C-style quoted when unusual. */
public final class QuotedPath {
  private QuotedPath() {}

  /**
   * Undoes git's C-style quoting of a path ({@code "a/t\303\251st"}); other text is returned up to
   * its first tab.
   */
  public static String unquote(String text) {
    String path = text;
    int tab = path.indexOf('\t');
    if (!path.startsWith("\"")) {
      return tab >= 0 ? path.substring(0, tab) : path;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '"') {
        break;
      }
      if (c != '\\' || i + 1 >= path.length()) {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        continue;
      }
      char next = path.charAt(++i);
      switch (next) {
        case 'n' -> bytes.write('\n');
        case 't' -> bytes.write('\t');
        case 'r' -> bytes.write('\r');
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write('\b');
        case 'f' -> bytes.write('\f');
        case 'v' -> bytes.write(11);
        default -> {
          if (next >= '0' && next <= '7' && i + 2 < path.length()) {
            bytes.write(Integer.parseInt(path.substring(i, i + 3), 8));
            i += 2;
          } else {
            bytes.write(next);
          }
        }
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
