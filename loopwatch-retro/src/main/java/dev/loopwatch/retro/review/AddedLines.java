package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.repo.QuotedPath;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a change added or modified, read from a unified {@code git diff} (any context size,
 * {@code a/} and {@code b/} prefixes): for every text file that exists at the head, its 1-based
 * head line numbers of {@code +} lines.
 *
 * <p>Deleted files, binary files and submodule entries (mode 160000) are left out. A file that
 * changed without added lines (a pure rename, a mode change, only deletions, a new empty file) is
 * present with an empty set. Header lines are recognised only between hunks, so a hunk line that
 * itself starts with {@code ++} or {@code --} is never taken for a file header.
 */
final class AddedLines {
  private static final Pattern HUNK =
      Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

  private AddedLines() {}

  /** Parses {@code diff} into the added lines of every text file present at the head. */
  static SortedMap<String, RangeSet> parse(String diff) {
    requireNonNull(diff, "diff is null");
    SortedMap<String, RangeSet> result = new TreeMap<>();
    FileState file = null;
    int oldLeft = 0;
    int newLeft = 0;
    int newLine = 0;
    for (String line : diff.split("\n", -1)) {
      if (oldLeft > 0 || newLeft > 0) {
        if (line.startsWith("+")) {
          file.lines.add(newLine, newLine);
          newLine++;
          newLeft--;
          continue;
        }
        if (line.startsWith("-")) {
          oldLeft--;
          continue;
        }
        if (line.startsWith(" ") || line.isEmpty()) {
          newLine++;
          oldLeft--;
          newLeft--;
          continue;
        }
        if (line.startsWith("\\")) {
          continue;
        }
        oldLeft = 0;
        newLeft = 0;
      }
      if (line.startsWith("diff --git ")) {
        flush(result, file);
        file = new FileState(headerPath(line.substring("diff --git ".length())));
      } else if (file == null || line.startsWith("\\")) {
        continue;
      } else if (line.startsWith("@@ ")) {
        Matcher matcher = HUNK.matcher(line);
        if (!matcher.matches()) {
          throw new IllegalStateException("unreadable hunk header in git diff: " + line);
        }
        oldLeft = matcher.group(2) == null ? 1 : Integer.parseInt(matcher.group(2));
        newLine = Integer.parseInt(matcher.group(3));
        newLeft = matcher.group(4) == null ? 1 : Integer.parseInt(matcher.group(4));
      } else if (line.startsWith("+++ ")) {
        String path = QuotedPath.unquote(line.substring(4));
        if (path.startsWith("b/")) {
          file.path = Optional.of(path.substring(2));
        } else {
          file.deleted = true;
        }
      } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
        file.path = Optional.of(QuotedPath.unquote(line.substring(line.indexOf(" to ") + 4)));
      } else if (line.startsWith("deleted file mode ")) {
        file.deleted = true;
      } else if (line.startsWith("Binary files ") || line.equals("GIT binary patch")) {
        file.binary = true;
      } else if (line.equals("new file mode 160000")
          || line.equals("new mode 160000")
          || (line.startsWith("index ") && line.endsWith(" 160000"))) {
        file.gitlink = true;
      }
    }
    flush(result, file);
    return result;
  }

  private static void flush(SortedMap<String, RangeSet> result, FileState file) {
    if (file == null || file.deleted || file.binary || file.gitlink || file.path.isEmpty()) {
      return;
    }
    result.put(file.path.get(), file.lines.build());
  }

  /**
   * The head path from a {@code diff --git a/P b/P} header, when it can be read unambiguously: the
   * header is the only place a changed file without hunks names itself. Renames and copies name
   * their target on their own lines, which take precedence.
   */
  static Optional<String> headerPath(String names) {
    if (names.startsWith("\"")) {
      int end = closingQuote(names, 0);
      if (end < 0 || end + 2 > names.length()) {
        return Optional.empty();
      }
      String second = names.substring(end + 2);
      String path = QuotedPath.unquote(second.startsWith("\"") ? second : "\"" + second + "\"");
      return path.startsWith("b/") ? Optional.of(path.substring(2)) : Optional.empty();
    }
    if (names.length() < 5 || (names.length() - 5) % 2 != 0 || !names.startsWith("a/")) {
      int quote = names.indexOf(" \"b/");
      return quote < 0
          ? Optional.empty()
          : Optional.of(QuotedPath.unquote(names.substring(quote + 1))).map(p -> p.substring(2));
    }
    int half = (names.length() - 5) / 2;
    String first = names.substring(2, 2 + half);
    String rest = names.substring(2 + half);
    return rest.equals(" b/" + first) ? Optional.of(first) : Optional.empty();
  }

  private static int closingQuote(String text, int open) {
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** What the parser knows about the file whose section it is reading. */
  private static final class FileState {
    private Optional<String> path;
    private boolean deleted;
    private boolean binary;
    private boolean gitlink;
    private final RangeSet.Builder lines = RangeSet.builder();

    private FileState(Optional<String> path) {
      this.path = path;
    }
  }
}
