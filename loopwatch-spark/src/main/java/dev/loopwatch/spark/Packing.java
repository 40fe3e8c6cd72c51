package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packs repositories into Spark partitions largest first (Graham's LPT rule: each repository, in
 * falling order of cost, goes to the partition with the least cost so far). The largest repository
 * starts first, in a partition of its own when it outweighs the rest, so it does not straggle at
 * the end; the partitions' totals differ by at most the largest single cost. Partitions come out in
 * falling order of total, since Spark starts them in index order.
 */
final class Packing {
  private Packing() {}

  /**
   * A repository, or a range of one, and its estimated cost.
   *
   * @param task the repository or range
   * @param cost its cost (KiB of objects or the weight given, shared evenly among a chain's
   *     ranges), 0 when unknown
   */
  record Costed(MineTask task, long cost) {
    Costed {
      requireNonNull(task, "task is null");
    }
  }

  /** {@code items} in at most {@code bins} non-empty partitions, each largest first. */
  static List<List<MineTask>> largestFirst(List<Costed> items, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be positive: " + bins);
    }
    List<Costed> sorted = new ArrayList<>(items);
    sorted.sort(
        Comparator.comparingLong(Costed::cost)
            .reversed()
            .thenComparing(costed -> costed.task().source().location())
            .thenComparingInt(costed -> costed.task().part()));
    int count = Math.min(bins, sorted.size());
    List<List<MineTask>> packed = new ArrayList<>();
    long[] totals = new long[count];
    for (int i = 0; i < count; i++) {
      packed.add(new ArrayList<>());
    }
    for (Costed item : sorted) {
      int lightest = 0;
      for (int i = 1; i < count; i++) {
        if (totals[i] < totals[lightest]
            || (totals[i] == totals[lightest]
                && packed.get(i).size() < packed.get(lightest).size())) {
          lightest = i;
        }
      }
      packed.get(lightest).add(item.task());
      totals[lightest] += item.cost();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> totals[i]).reversed().thenComparing(i -> i));
    List<List<MineTask>> result = new ArrayList<>();
    for (int i : order) {
      result.add(packed.get(i));
    }
    return result;
  }
}
