package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser for {@code git blame --porcelain} output.
 *
 * <p>Each group starts with {@code <sha> <orig-line> <final-line> [<count>]}; a commit's details
 * ({@code committer-time}, {@code filename}, ...) follow only the first time the commit appears,
 * and {@code filename} again whenever the commit touched more than one path, so the last filename
 * seen per commit names the line's file in that commit. Every line's text follows a TAB.
 */
final class PorcelainBlame {
  private static final Pattern GROUP = Pattern.compile("([0-9a-f]{40,64}) (\\d+) (\\d+)(?: \\d+)?");

  private PorcelainBlame() {}

  /**
   * One blamed line.
   *
   * @param finalLine the line's number in the blamed revision
   * @param commit the commit that last changed it
   * @param path the file's path in that commit
   * @param originalLine the line's number in that commit
   * @param committedAt that commit's committer time, epoch seconds
   */
  record Line(int finalLine, String commit, String path, int originalLine, long committedAt) {
    Line {
      requireNonNull(commit, "commit is null");
      requireNonNull(path, "path is null");
    }
  }

  /** The blamed lines of {@code output}, in output order. */
  static List<Line> parse(String output) {
    requireNonNull(output, "output is null");
    List<Line> lines = new ArrayList<>();
    Map<String, String> paths = new HashMap<>();
    Map<String, Long> times = new HashMap<>();
    String commit = null;
    int original = 0;
    int fin = 0;
    for (String line : output.split("\n", -1)) {
      if (line.startsWith("\t")) {
        if (commit == null) {
          throw new IllegalStateException("git blame --porcelain printed a line before a header");
        }
        String path = paths.get(commit);
        if (path == null) {
          throw new IllegalStateException("git blame --porcelain gave no filename for " + commit);
        }
        lines.add(new Line(fin, commit, path, original, times.getOrDefault(commit, 0L)));
        continue;
      }
      Matcher group = GROUP.matcher(line);
      if (group.matches()) {
        commit = group.group(1);
        original = Integer.parseInt(group.group(2));
        fin = Integer.parseInt(group.group(3));
      } else if (commit != null && line.startsWith("filename ")) {
        paths.put(commit, FixDiff.unquote(line.substring("filename ".length())));
      } else if (commit != null && line.startsWith("committer-time ")) {
        times.put(commit, Long.parseLong(line.substring("committer-time ".length()).strip()));
      }
    }
    return List.copyOf(lines);
  }
}
