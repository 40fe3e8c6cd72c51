package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import java.util.List;
import java.util.Optional;

/**
 * The branch a scan follows and the commit it points at: the one asked for, else origin/HEAD, main,
 * master, the checked-out branch, and last a detached HEAD (with a warning).
 *
 * @param name the branch as reports show it (e.g. {@code main}, {@code origin/main}, {@code HEAD})
 * @param tip the commit id it points at
 * @param detached whether it is a detached HEAD
 */
public record BranchChoice(String name, String tip, boolean detached) {
  public BranchChoice {
    requireNonNull(name, "name is null");
    requireNonNull(tip, "tip is null");
  }

  /** Chooses the branch of {@code git}, preferring {@code requested}. */
  public static BranchChoice choose(Git git, Optional<String> requested) {
    if (requested.isPresent()) {
      String branch = requested.get();
      for (String candidate : List.of("refs/heads/" + branch, "refs/remotes/" + branch, branch)) {
        Optional<String> tip = git.resolveCommit(candidate);
        if (tip.isPresent()) {
          return new BranchChoice(branch, tip.get(), false);
        }
      }
      throw LoopwatchException.userInput(git.topLevel() + ": branch '" + branch + "' not found");
    }
    Git.Result originHead = git.tryRun(List.of("symbolic-ref", "-q", "refs/remotes/origin/HEAD"));
    if (originHead.exitCode() == 0) {
      String ref = originHead.stdout().strip();
      Optional<String> tip = git.resolveCommit(ref);
      if (tip.isPresent()) {
        return new BranchChoice(ref.replaceFirst("^refs/remotes/", ""), tip.get(), false);
      }
    }
    for (String branch : List.of("main", "master")) {
      Optional<String> tip = git.resolveCommit("refs/heads/" + branch);
      if (tip.isPresent()) {
        return new BranchChoice(branch, tip.get(), false);
      }
    }
    Git.Result head = git.tryRun(List.of("symbolic-ref", "-q", "HEAD"));
    if (head.exitCode() == 0) {
      String ref = head.stdout().strip();
      Optional<String> tip = git.resolveCommit(ref);
      if (tip.isPresent()) {
        return new BranchChoice(ref.replaceFirst("^refs/heads/", ""), tip.get(), false);
      }
      throw LoopwatchException.userInput(git.topLevel() + ": the repository has no commits yet");
    }
    Optional<String> detached = git.resolveCommit("HEAD");
    if (detached.isPresent()) {
      return new BranchChoice("HEAD", detached.get(), true);
    }
    throw LoopwatchException.userInput(git.topLevel() + ": the repository has no commits yet");
  }
}
