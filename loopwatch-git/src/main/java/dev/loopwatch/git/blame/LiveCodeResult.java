package dev.loopwatch.git.blame;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.repo.ScanWarning;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live-code counts of a revision: every line of every measured file, counted once under the
 * strongest AI evidence of the commit that last changed it.
 *
 * @param revision the full id of the commit measured
 * @param lines lines in all measured files
 * @param strong lines whose last change carries STRONG evidence
 * @param medium lines whose last change carries MEDIUM evidence
 * @param weak lines whose last change carries WEAK evidence
 * @param linesByAgent AI-attributed lines per agent id, sorted by agent id; sums to strong + medium
 *     + weak
 * @param files the measured files, sorted by path (empty files included, skipped ones not)
 * @param skippedFiles files not measured: binary files and files that failed to blame
 * @param warnings one per file that failed to blame, sorted by path
 */
public record LiveCodeResult(
    String revision,
    long lines,
    long strong,
    long medium,
    long weak,
    Map<String, Long> linesByAgent,
    List<LiveFile> files,
    long skippedFiles,
    List<ScanWarning> warnings) {
  public LiveCodeResult {
    requireNonNull(revision, "revision is null");
    requireNonNull(linesByAgent, "linesByAgent is null");
    linesByAgent = Collections.unmodifiableSortedMap(new TreeMap<>(linesByAgent));
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
    if (strong < 0 || medium < 0 || weak < 0 || strong + medium + weak > lines) {
      throw new IllegalArgumentException(
          "counts strong="
              + strong
              + " medium="
              + medium
              + " weak="
              + weak
              + " do not fit lines="
              + lines);
    }
  }

  /** How many files were measured (the size of {@link #files()}). */
  public long fileCount() {
    return files.size();
  }

  /** Lines with no AI evidence: {@code lines - strong - medium - weak}. */
  public long noEvidence() {
    return lines - strong - medium - weak;
  }
}
