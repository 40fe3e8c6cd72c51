package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

/**
 * What one scan of one repository did.
 *
 * @param repoId the repository's id in the store
 * @param name the repository's name
 * @param branch the branch followed
 * @param tip the commit scanned up to
 * @param changesMined merged changes mined in this scan
 * @param mode {@code full}, {@code incremental}, {@code unchanged}, {@code rewritten} (a force-push
 *     re-mined from the fork point), {@code deepened} (a shallow clone deepened since the last
 *     scan, re-mined in full) or {@code range} ({@code --range})
 * @param shallow whether the clone is shallow
 * @param warnings inputs skipped or doubted in this scan
 */
public record ScanOutcome(
    int repoId,
    String name,
    String branch,
    String tip,
    int changesMined,
    String mode,
    boolean shallow,
    long warnings) {
  public ScanOutcome {
    requireNonNull(name, "name is null");
    requireNonNull(branch, "branch is null");
    requireNonNull(tip, "tip is null");
    requireNonNull(mode, "mode is null");
  }
}
