package dev.loopwatch.retro;

import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Carries lines from the commit that wrote them to a later commit with {@code git blame
 * --porcelain}: a line at {@code head} whose blame is ({@code commit}, path, n) is where line n of
 * that commit now stands. Lines that later commits rewrote or deleted are dropped.
 */
final class BlameMap {
  private BlameMap() {}

  /** The lines of {@code commit} as they stand at {@code head}, sorted by path and line. */
  static List<LineRef> carry(Git git, String commit, String head, List<LineRef> lines) {
    Map<String, Set<Integer>> wanted = new LinkedHashMap<>();
    for (LineRef line : lines) {
      wanted.computeIfAbsent(line.path(), key -> new TreeSet<>()).add(line.line());
    }
    List<LineRef> carried = new ArrayList<>();
    for (Map.Entry<String, Set<Integer>> entry : wanted.entrySet()) {
      Git.Result blame = git.tryRun(List.of("blame", "--porcelain", head, "--", entry.getKey()));
      if (blame.exitCode() != 0) {
        continue;
      }
      String current = "";
      String currentPath = "";
      int currentOriginal = 0;
      int currentFinal = 0;
      for (String row : blame.stdout().split("\n", -1)) {
        if (row.length() > 41 && row.charAt(40) == ' ' && isHex(row, 40)) {
          String[] parts = row.split(" ");
          current = parts[0];
          currentOriginal = Integer.parseInt(parts[1]);
          currentFinal = Integer.parseInt(parts[2]);
          currentPath = "";
        } else if (row.startsWith("filename ")) {
          currentPath = row.substring("filename ".length());
        } else if (row.startsWith("\t")) {
          if (current.equals(commit)
              && (currentPath.isEmpty() || currentPath.equals(entry.getKey()))
              && entry.getValue().contains(currentOriginal)) {
            carried.add(new LineRef(entry.getKey(), currentFinal));
          }
        }
      }
    }
    carried.sort(Comparator.comparing(LineRef::path).thenComparingInt(LineRef::line));
    return List.copyOf(carried);
  }

  private static boolean isHex(String text, int length) {
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
