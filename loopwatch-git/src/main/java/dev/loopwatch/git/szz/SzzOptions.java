package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * Which SZZ filters to apply, each switchable; all off is plain B-SZZ.
 *
 * @param ignoreWhitespace diff and blame with {@code -w}, so whitespace-only changes are neither
 *     traced nor blamed (AG-SZZ)
 * @param skipCommentsAndBlank drop deleted comment and blank lines before blaming (AG-SZZ)
 * @param skipMetaChanges blame with {@code -M -C} and re-blame past merge commits (MA-SZZ)
 * @param maxCandidateFiles re-blame past candidates that touched more than this many files (AG-SZZ;
 *     empty = off)
 * @param useIgnoreRevs re-blame past the commits in the repository's {@code .git-blame-ignore-revs}
 *     at the fix's parent
 * @param issueDateFilter drop candidates committed after the fix's issue date, when it has one
 * @param parallelism how many fixes to analyse at once
 */
public record SzzOptions(
    boolean ignoreWhitespace,
    boolean skipCommentsAndBlank,
    boolean skipMetaChanges,
    OptionalInt maxCandidateFiles,
    boolean useIgnoreRevs,
    boolean issueDateFilter,
    int parallelism) {
  /** The AG-SZZ limit on a candidate's changed files. */
  public static final int DEFAULT_MAX_FILES = 20;

  public SzzOptions {
    requireNonNull(maxCandidateFiles, "maxCandidateFiles is null");
    if (maxCandidateFiles.isPresent() && maxCandidateFiles.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxCandidateFiles must be at least 1, got " + maxCandidateFiles.getAsInt());
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
  }

  /** Every filter on, at most {@value #DEFAULT_MAX_FILES} files, one fix per core. */
  public static SzzOptions defaults() {
    return new SzzOptions(
        true,
        true,
        true,
        OptionalInt.of(DEFAULT_MAX_FILES),
        true,
        true,
        Runtime.getRuntime().availableProcessors());
  }

  /** Plain B-SZZ: no filter at all, one fix per core. */
  public static SzzOptions plain() {
    return new SzzOptions(
        false,
        false,
        false,
        OptionalInt.empty(),
        false,
        false,
        Runtime.getRuntime().availableProcessors());
  }
}
