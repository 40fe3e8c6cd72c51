package dev.loopwatch.git.metrics;

import dev.loopwatch.git.owners.CodeOwners;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a path to its group: the configured team with the longest matching prefix; else, when the
 * repository has a CODEOWNERS file, the first owner of its last matching rule ({@code (no owner)}
 * when none); else its first folder.
 */
final class PathGroups {
  /** Group of paths no CODEOWNERS rule owns. */
  static final String NO_OWNER = "(no owner)";

  /** One team prefix. */
  private record Prefix(String prefix, String team) {}

  private final List<Prefix> prefixes = new ArrayList<>();
  private final Optional<CodeOwners> owners;

  PathGroups(Map<String, List<String>> teams, Optional<CodeOwners> owners) {
    this.owners = owners;
    teams.forEach((team, paths) -> {
      for (String path : paths) {
        String normalized = path.startsWith("/") ? path.substring(1) : path;
        prefixes.add(new Prefix(normalized, team));
      }
    });
    prefixes.sort(
        Comparator.comparingInt((Prefix p) -> p.prefix().length())
            .reversed()
            .thenComparing(Prefix::prefix));
  }

  String groupOf(String path) {
    for (Prefix prefix : prefixes) {
      if (path.startsWith(prefix.prefix())) {
        return prefix.team();
      }
    }
    if (!prefixes.isEmpty()) {
      return firstFolder(path);
    }
    if (owners.isPresent()) {
      return owners.get().ownerOf(path).orElse(NO_OWNER);
    }
    return firstFolder(path);
  }

  private static String firstFolder(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? "(root)" : path.substring(0, slash + 1);
  }
}
