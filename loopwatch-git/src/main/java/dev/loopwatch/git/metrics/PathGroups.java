package dev.loopwatch.git.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Maps a path to its team (longest configured prefix wins) or, with no team, to its first folder. */
final class PathGroups {
  /** One team prefix. */
  private record Prefix(String prefix, String team) {}

  private final List<Prefix> prefixes = new ArrayList<>();

  PathGroups(Map<String, List<String>> teams) {
    teams.forEach(
        (team, paths) -> {
          for (String path : paths) {
            String normalized = path.startsWith("/") ? path.substring(1) : path;
            prefixes.add(new Prefix(normalized, team));
          }
        });
    prefixes.sort(
        Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed().thenComparing(Prefix::prefix));
  }

  String groupOf(String path) {
    for (Prefix prefix : prefixes) {
      if (path.startsWith(prefix.prefix())) {
        return prefix.team();
      }
    }
    int slash = path.indexOf('/');
    return slash < 0 ? "(root)" : path.substring(0, slash + 1);
  }
}
