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
  USER_GLOB
}
