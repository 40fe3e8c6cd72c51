package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * How mining one repository went on its executor; the job's status file lists one per repository.
 *
 * @param key the repository's folder name under the output and state folders
 * @param location its URL or path
 * @param name its short name
 * @param ok whether it was mined
 * @param mode the scan's mode ({@code full}, {@code incremental}, {@code unchanged}, ...), empty
 *     when it failed
 * @param tip the commit mined up to, empty when it failed
 * @param changesMined changes mined in this run
 * @param changes the repository's changes in its rows folder (all runs)
 * @param failure the one-line reason it failed, empty when it did not
 * @param exitCode 0, or 2 (input: not a repository, a bad branch) or 3 (git, clone or store
 *     failure)
 * @param millis how long it took, clone included (for a cut chain: its ranges' times and the
 *     join's, added up)
 * @param ranges how many ranges its chain was cut into and mined apart (0: mined whole)
 */
record MineResult(
    String key,
    String location,
    String name,
    boolean ok,
    String mode,
    String tip,
    long changesMined,
    long changes,
    String failure,
    int exitCode,
    long millis,
    int ranges)
    implements Serializable {
  MineResult {
    requireNonNull(key, "key is null");
    requireNonNull(location, "location is null");
    requireNonNull(name, "name is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(tip, "tip is null");
    requireNonNull(failure, "failure is null");
  }

  /** This result having taken {@code millis}. */
  MineResult withMillis(long millis) {
    return new MineResult(
        key,
        location,
        name,
        ok,
        mode,
        tip,
        changesMined,
        changes,
        failure,
        exitCode,
        millis,
        ranges);
  }
}
