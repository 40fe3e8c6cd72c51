package dev.loopwatch.git.exclusion;

/** Why a file's lines are left out of the counts. Reported with counts, never silently. */
public enum ExclusionReason {
  /** git reports the change as binary. */
  BINARY,
  /** A dependency lock file (package-lock.json, Cargo.lock ...). */
  LOCK_FILE,
  /**
   * Generated code: {@code linguist-generated}, {@code -diff} in .gitattributes, or a well-known
   * generated pattern.
   */
  GENERATED,
  /** Vendored code: vendor/, third_party/, node_modules/, {@code linguist-vendored}. */
  VENDORED,
  /** Matched a user glob from configuration. */
  USER_GLOB,
  /**
   * A boundary commit of a shallow clone ({@code .git/shallow}): git shows it without its parents,
   * so its diff is the whole tree at the cut-off. Its change is left out of the counted changes.
   */
  SHALLOW_BOUNDARY
}
