package dev.loopwatch.research.task;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A task's pre-registered baselines: accuracies on each seed's whole test split, and their means,
 * which every PGR is computed against. Stored in the task spec, so a score never depends on a
 * baseline re-measured after the fact.
 *
 * @param weak mean accuracy of the weak teacher
 * @param ceiling mean accuracy of the student trained on true labels
 * @param naive mean accuracy of the student trained on weak labels (naive transfer)
 * @param seeds the per-seed values the means are taken over
 */
public record Baselines(double weak, double ceiling, double naive, List<Seed> seeds) {
  /**
   * The smallest pre-registered ceiling − weak gap a task may have: below it PGR divides by noise
   * (the prototype saw PGRs of −14 and +2.4 at small gaps; docs/RESEARCH.md).
   */
  public static final double MIN_GAP = 0.05;

  /**
   * One seed's baseline accuracies.
   *
   * @param seed the seed
   * @param weak the weak teacher's accuracy
   * @param ceiling the ceiling's accuracy
   * @param naive naive transfer's accuracy
   */
  public record Seed(long seed, double weak, double ceiling, double naive) {}

  /** Checks the fields. */
  public Baselines {
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
  }

  /** The pre-registered gap the PGR divides by. */
  public double gap() {
    return ceiling - weak;
  }

  /** The performance gap recovered by an accuracy, against these baselines. */
  public double pgr(double accuracy) {
    return (accuracy - weak) / gap();
  }

  /** Naive transfer's PGR (the number a method has to beat). */
  public double naivePgr() {
    return pgr(naive);
  }
}
