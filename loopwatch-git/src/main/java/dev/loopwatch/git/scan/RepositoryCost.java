package dev.loopwatch.git.scan;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import java.nio.file.Path;
import java.util.List;

/**
 * What mining a repository is expected to cost, for starting (or packing) the largest first: git's
 * object size in KiB, packs and loose objects together ({@code git count-objects -v}). Scan time
 * grows with history, and history with object size; one git process per repository makes it cheap
 * enough to ask for thousands.
 */
public final class RepositoryCost {
  private RepositoryCost() {}

  /** The object size of the repository at {@code repo} in KiB; 0 when git cannot tell. */
  public static long packKib(Path repo) {
    try {
      Git.Result counted = Git.open(repo).tryRun(List.of("count-objects", "-v"));
      long kib = 0;
      for (String line : counted.stdout().split("\n")) {
        if (line.startsWith("size: ") || line.startsWith("size-pack: ")) {
          kib += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
        }
      }
      return kib;
    } catch (LoopwatchException | NumberFormatException e) {
      return 0;
    }
  }
}
