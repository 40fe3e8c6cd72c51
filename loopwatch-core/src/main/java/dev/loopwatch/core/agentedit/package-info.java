/**
 * The lines coding agents wrote into files, as the sessions module reads them from transcripts and
 * the git module matches them against commits: the small shared API between the two.
 *
 * <p>Only 64-bit fingerprints of normalised lines are kept, never the content, so a large
 * transcript corpus fits in a small heap and no source text is copied into the store.
 */
package dev.loopwatch.core.agentedit;
