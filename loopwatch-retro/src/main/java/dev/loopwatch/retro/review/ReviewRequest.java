package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.RangeSet;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One change as a reviewer would have seen it when it was proposed.
 *
 * @param worktree a checkout of the change's head (the base plus the change), with no later history
 *     and no fix or incident text reachable from it
 * @param base the full commit id the change applies to (its parent, or the PR's merge base)
 * @param head the full commit id of the change (the commit, or the PR's head)
 * @param diff the unified diff {@code base..head} exactly as {@code git diff} prints it
 * @param addedLines per changed file (repository-relative path at head), the line numbers the
 *     change added or modified, 1-based in the head version; deleted files are absent
 */
public record ReviewRequest(
    Path worktree, String base, String head, String diff, SortedMap<String, RangeSet> addedLines) {
  /** Checks the fields are present and copies the map. */
  public ReviewRequest {
    requireNonNull(worktree, "worktree is null");
    requireNonNull(base, "base is null");
    requireNonNull(head, "head is null");
    requireNonNull(diff, "diff is null");
    addedLines =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(requireNonNull(addedLines, "addedLines is null")));
  }

  /** The changed files (paths at head) in path order. */
  public Set<String> changedFiles() {
    return addedLines.keySet();
  }

  /** A request with the given added lines; convenience for callers holding a plain map. */
  public static ReviewRequest of(
      Path worktree, String base, String head, String diff, Map<String, RangeSet> addedLines) {
    return new ReviewRequest(worktree, base, head, diff, new TreeMap<>(addedLines));
  }
}
