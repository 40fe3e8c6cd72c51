package dev.loopwatch.git.blame;

import java.util.Optional;

/**
 * What the caller knows about who wrote a line in the commit that last changed it. Implementations
 * answer from evidence they mined: line-level notes name exact lines, change-level trailers cover
 * every line of the commit.
 *
 * <p>{@link LiveCode#measure} calls this from several threads at once, so implementations must be
 * thread-safe (immutable lookups are).
 */
@FunctionalInterface
public interface LineAttribution {
  /**
   * The AI evidence covering a line, if any; when several pieces apply, the one with the strongest
   * confidence.
   *
   * @param commit the full id of the commit the line is blamed on
   * @param originalPath the file's path in that commit (differs from the current path after a
   *     rename)
   * @param originalLine the 1-based line number in that commit's version of the file
   */
  Optional<Attribution> attribute(String commit, String originalPath, int originalLine);
}
