package dev.loopwatch.app.szz;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.repo.Git;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a PySZZ {@code repo_name} may use for the scanned repository: its folder name (without
 * a {@code .git} suffix), its full path, and {@code owner/name} of each remote's URL.
 *
 * <p>A {@code repo_name} matches when it equals one of these (case-insensitive, a trailing {@code
 * .git} or {@code /} ignored), or when its last {@code /}-separated segment equals the folder name
 * or a remote's {@code name}: {@code apache/commons-lang} matches a clone in a folder {@code
 * commons-lang} whatever its remotes.
 */
final class RepoNames {
  private final Set<String> full;
  private final Set<String> last;

  private RepoNames(Set<String> full, Set<String> last) {
    this.full = full;
    this.last = last;
  }

  /** The names of {@code git}'s repository. */
  static RepoNames of(Git git) {
    requireNonNull(git, "git is null");
    Set<String> full = new TreeSet<>();
    Set<String> last = new TreeSet<>();
    Path top = git.topLevel();
    full.add(normal(top.toString()));
    Path folder = top.getFileName();
    if (folder != null) {
      String name = normal(folder.toString());
      full.add(name);
      last.add(name);
    }
    Git.Result remotes =
        git.tryRun(java.util.List.of("config", "--get-regexp", "^remote\\..*\\.url$"));
    if (remotes.exitCode() == 0) {
      for (String line : remotes.stdout().lines().toList()) {
        String[] parts = line.strip().split("\\s+", 2);
        if (parts.length == 2) {
          String ownerName = ownerName(parts[1]);
          if (!ownerName.isEmpty()) {
            full.add(ownerName);
            last.add(lastSegment(ownerName));
          }
        }
      }
    }
    return new RepoNames(full, last);
  }

  /** Whether {@code repoName} names this repository. */
  boolean matches(String repoName) {
    String name = normal(repoName);
    return full.contains(name) || last.contains(lastSegment(name));
  }

  /** The repository's own names, for messages, sorted. */
  Set<String> names() {
    return full;
  }

  /** {@code owner/name} of a remote URL ({@code git@host:o/n.git}, {@code https://h/o/n}). */
  static String ownerName(String url) {
    String path = normal(url.replace(':', '/'));
    String[] segments = path.split("/");
    if (segments.length < 2) {
      return "";
    }
    return segments[segments.length - 2] + "/" + segments[segments.length - 1];
  }

  private static String lastSegment(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }

  private static String normal(String name) {
    String result = name.strip().toLowerCase(Locale.ROOT);
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    if (result.endsWith(".git")) {
      result = result.substring(0, result.length() - ".git".length());
    }
    return result;
  }
}
