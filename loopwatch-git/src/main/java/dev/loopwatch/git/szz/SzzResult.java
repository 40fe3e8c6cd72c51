package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What SZZ found for one fix.
 *
 * @param fix the fix's full commit id
 * @param status how the search ended
 * @param detail one sentence on why, for untraceable and filtered-out fixes (empty otherwise)
 * @param candidates the remaining candidate commits, most recent first (declared ones included)
 * @param pick the R-SZZ pick (the most recent remaining candidate), or the first declared commit
 * @param filters each filter, whether it was on and what it dropped
 * @param mergeFirstParent when the fix is a merge commit, the first parent it was diffed against
 *     (every change the merged branches brought in then counts as the fix's); empty otherwise
 */
public record SzzResult(
    String fix,
    Status status,
    String detail,
    List<Candidate> candidates,
    Optional<String> pick,
    List<FilterCount> filters,
    Optional<String> mergeFirstParent) {
  public SzzResult {
    requireNonNull(fix, "fix is null");
    requireNonNull(status, "status is null");
    requireNonNull(detail, "detail is null");
    candidates = List.copyOf(requireNonNull(candidates, "candidates is null"));
    requireNonNull(pick, "pick is null");
    filters = List.copyOf(requireNonNull(filters, "filters is null"));
    requireNonNull(mergeFirstParent, "mergeFirstParent is null");
  }

  /**
   * The introducing commits: the declared ones when declared, else every remaining candidate, most
   * recent first.
   */
  public List<String> introducing() {
    return candidates.stream()
        .filter(candidate -> status != Status.DECLARED || candidate.declared())
        .map(Candidate::commit)
        .toList();
  }

  /**
   * The buggy lines: lines the introducing change added that the fix removed or changed, as paths
   * and line numbers in that change (the pick's, or every declared commit's).
   */
  public List<LineRef> buggyLines() {
    List<LineRef> lines = new ArrayList<>();
    for (Candidate candidate : candidates) {
      boolean chosen =
          status == Status.DECLARED
              ? candidate.declared()
              : pick.map(candidate.commit()::equals).orElse(false);
      if (chosen) {
        lines.addAll(candidate.lines());
      }
    }
    return List.copyOf(lines);
  }

  /** How the search for a fix's cause ended. */
  public enum Status {
    /** Blame found at least one candidate. */
    FOUND,
    /** Declared introducing commits override SZZ. */
    DECLARED,
    /** The fix deletes or modifies no line of an existing file, so there is nothing to blame. */
    UNTRACEABLE,
    /** There were lines to blame, but the filters removed every line or candidate. */
    FILTERED_OUT;

    /** The name used in output, e.g. {@code filtered-out}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A candidate introducing commit.
   *
   * @param commit its full id
   * @param committedAt its committer date
   * @param confidence its share of the blamed lines, 0 to 1
   * @param declared whether it was declared rather than found
   * @param lines the blamed lines it wrote, as paths and line numbers in it, in fix-diff order
   */
  public record Candidate(
      String commit,
      Instant committedAt,
      double confidence,
      boolean declared,
      List<LineRef> lines) {
    public Candidate {
      requireNonNull(commit, "commit is null");
      requireNonNull(committedAt, "committedAt is null");
      lines = List.copyOf(requireNonNull(lines, "lines is null"));
    }
  }

  /**
   * A line in a commit.
   *
   * @param path the file's path in that commit
   * @param line the 1-based line number in that commit
   */
  public record LineRef(String path, int line) {
    public LineRef {
      requireNonNull(path, "path is null");
    }
  }

  /**
   * What one filter did for one fix.
   *
   * @param filter the filter
   * @param enabled whether it was switched on
   * @param dropped how many lines or candidate commits it removed (see {@link Filter#unit()})
   */
  public record FilterCount(Filter filter, boolean enabled, int dropped) {
    public FilterCount {
      requireNonNull(filter, "filter is null");
    }
  }

  /** The SZZ filters, in the order they apply. */
  public enum Filter {
    /** Whitespace-only changes in the fix (lines). */
    WHITESPACE("lines"),
    /** Deleted comment and blank lines (lines). */
    COMMENTS_AND_BLANK("lines"),
    /** Commits listed in {@code .git-blame-ignore-revs} (candidates). */
    IGNORE_REVS("candidates"),
    /** Merge commits (candidates). */
    META_CHANGES("candidates"),
    /** Commits touching more than the file limit (candidates). */
    LARGE_COMMITS("candidates"),
    /** Commits after the issue date (candidates). */
    AFTER_ISSUE_DATE("candidates");

    private final String unit;

    Filter(String unit) {
      this.unit = unit;
    }

    /** What {@link FilterCount#dropped()} counts for this filter: lines or candidates. */
    public String unit() {
      return unit;
    }

    /** The name used in output, e.g. {@code comments-and-blank}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
