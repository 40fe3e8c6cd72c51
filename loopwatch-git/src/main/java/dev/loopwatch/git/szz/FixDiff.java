package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.repo.QuotedPath;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a fix deleted or modified, read from {@code git diff -U0} output: for each file that
 * existed before the fix, the old line numbers and texts of its {@code -} lines.
 *
 * <p>Files the fix added ({@code --- /dev/null}) and binary files have no old lines and are left
 * out. Header lines are recognised only between hunks, so a deleted line that itself starts with
 * {@code --} is never taken for a file header.
 */
final class FixDiff {
  private static final Pattern HUNK =
      Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

  private FixDiff() {}

  /**
   * One file's deleted or modified lines.
   *
   * @param oldPath the file's path before the fix
   * @param lines its deleted or modified lines, in line order
   */
  record FileLines(String oldPath, List<OldLine> lines) {
    FileLines {
      requireNonNull(oldPath, "oldPath is null");
      lines = List.copyOf(lines);
    }
  }

  /**
   * A line of the old file.
   *
   * @param number its 1-based line number
   * @param text its text, without the newline
   */
  record OldLine(int number, String text) {
    OldLine {
      requireNonNull(text, "text is null");
    }
  }

  /** The git arguments that print the diff {@link #parse} reads. */
  static List<String> command(String parent, String fix, boolean ignoreWhitespace) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "diff",
                "-U0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "-M",
                "--src-prefix=a/",
                "--dst-prefix=b/"));
    if (ignoreWhitespace) {
      args.add("-w");
    }
    args.addAll(List.of(parent, fix, "--"));
    return args;
  }

  /** Parses {@code git diff -U0} output into the old lines of every pre-existing file. */
  static List<FileLines> parse(String diff) {
    requireNonNull(diff, "diff is null");
    List<FileLines> files = new ArrayList<>();
    String oldPath = null;
    List<OldLine> lines = new ArrayList<>();
    int deletedLeft = 0;
    int addedLeft = 0;
    int oldLine = 0;
    for (String line : diff.split("\n", -1)) {
      if (deletedLeft > 0 && line.startsWith("-")) {
        lines.add(new OldLine(oldLine++, line.substring(1)));
        deletedLeft--;
        continue;
      }
      if (addedLeft > 0 && line.startsWith("+")) {
        addedLeft--;
        continue;
      }
      if (line.startsWith("\\")) {
        continue;
      }
      if (line.startsWith("diff --git ")) {
        flush(files, oldPath, lines);
        oldPath = null;
        lines = new ArrayList<>();
      } else if (line.startsWith("--- ")) {
        String path = unquote(line.substring(4));
        oldPath = path.startsWith("a/") ? path.substring(2) : null;
      } else if (line.startsWith("@@ ")) {
        Matcher matcher = HUNK.matcher(line);
        if (!matcher.matches()) {
          throw new IllegalStateException("unreadable hunk header in git diff: " + line);
        }
        oldLine = Integer.parseInt(matcher.group(1));
        deletedLeft = matcher.group(2) == null ? 1 : Integer.parseInt(matcher.group(2));
        addedLeft = matcher.group(4) == null ? 1 : Integer.parseInt(matcher.group(4));
      }
    }
    flush(files, oldPath, lines);
    return List.copyOf(files);
  }

  private static void flush(List<FileLines> files, String oldPath, List<OldLine> lines) {
    if (oldPath != null && !lines.isEmpty()) {
      files.add(new FileLines(oldPath, lines));
    }
  }

  /** Undoes git's C-style quoting of a path; see {@link QuotedPath#unquote}. */
  static String unquote(String text) {
    return QuotedPath.unquote(text);
  }
}
