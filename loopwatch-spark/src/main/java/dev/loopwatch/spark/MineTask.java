package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.scan.RepositoryMiner;
import java.io.Serializable;
import java.util.Optional;

/**
 * One unit of the job's work: a whole repository, or one range of a repository whose first-parent
 * chain was cut so that several executors mine it at once.
 *
 * @param source the repository
 * @param part the range's index, oldest first (0 for a whole repository)
 * @param parts how many ranges the chain was cut into (0: the repository is mined whole)
 * @param base the change before the range, empty for the first range and a whole repository
 * @param tip the range's newest change, empty for a whole repository
 * @param firstSequence the chain position of the range's oldest change
 */
record MineTask(RepoSource source, int part, int parts, String base, String tip, int firstSequence)
    implements Serializable {
  MineTask {
    requireNonNull(source, "source is null");
    requireNonNull(base, "base is null");
    requireNonNull(tip, "tip is null");
    if (parts < 0 || (parts > 0 && (part < 0 || part >= parts))) {
      throw new IllegalArgumentException("range " + part + " of " + parts);
    }
  }

  /** The whole repository {@code source}. */
  static MineTask whole(RepoSource source) {
    return new MineTask(source, 0, 0, "", "", 0);
  }

  /** Range {@code part} of {@code parts} of {@code source}'s chain. */
  static MineTask range(RepoSource source, int part, int parts, RepositoryMiner.ChainRange range) {
    return new MineTask(
        source, part, parts, range.base().orElse(""), range.tip(), range.firstSequence());
  }

  /** Whether this is one range of a cut chain. */
  boolean isRange() {
    return parts > 0;
  }

  /** The range as the miner takes it; only for {@link #isRange()}. */
  RepositoryMiner.ChainRange chainRange() {
    return new RepositoryMiner.ChainRange(
        base.isEmpty() ? Optional.empty() : Optional.of(base), tip, firstSequence);
  }

  /** How the range is named in messages: "range 2 of 4". */
  String label() {
    return "range " + (part + 1) + " of " + parts;
  }
}
