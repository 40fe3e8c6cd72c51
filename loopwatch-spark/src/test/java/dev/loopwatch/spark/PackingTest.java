package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Largest-first packing: every repository once, the giant alone and first, totals balanced. */
class PackingTest {
  private static Packing.Costed repo(String name, long cost) {
    return new Packing.Costed(MineTask.whole(new RepoSource("/repos/" + name, false, 0)), cost);
  }

  private static long total(List<MineTask> bin, List<Packing.Costed> items) {
    return bin.stream()
        .mapToLong(
            t -> items.stream().filter(c -> c.task().equals(t)).findFirst().orElseThrow().cost())
        .sum();
  }

  private static List<String> names(List<MineTask> bin) {
    return bin.stream().map(task -> task.source().name() + "/" + task.part()).toList();
  }

  @Test
  void largestFirst_oneGiant_getsThePartitionOfItsOwnAndStartsFirst() {
    List<Packing.Costed> items =
        List.of(repo("small-1", 10), repo("giant", 1000), repo("small-2", 20), repo("small-3", 30));

    List<List<MineTask>> packed = Packing.largestFirst(items, 2);

    assertThat(packed).hasSize(2);
    assertThat(names(packed.getFirst())).containsExactly("giant/0");
    assertThat(names(packed.get(1))).containsExactly("small-3/0", "small-2/0", "small-1/0");
  }

  @Test
  void largestFirst_fewerRepositoriesThanPartitions_noEmptyPartition() {
    List<List<MineTask>> packed = Packing.largestFirst(List.of(repo("a", 1), repo("b", 0)), 8);

    assertThat(packed).hasSize(2).allSatisfy(bin -> assertThat(bin).hasSize(1));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 17, 2026})
  void largestFirst_randomCosts_everyOneOnceAndTotalsWithinTheLargestCost(long seed) {
    Random random = new Random(seed);
    List<Packing.Costed> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(repo("r" + i, (long) Math.exp(random.nextDouble() * 12)));
    }
    int bins = 1 + random.nextInt(16);

    List<List<MineTask>> packed = Packing.largestFirst(items, bins);

    assertThat(packed.stream().flatMap(List::stream).toList())
        .as("seed %d", seed)
        .containsExactlyInAnyOrderElementsOf(items.stream().map(Packing.Costed::task).toList());
    long largest = items.stream().mapToLong(Packing.Costed::cost).max().orElseThrow();
    List<Long> totals = packed.stream().map(bin -> total(bin, items)).toList();
    assertThat(totals)
        .as("seed %d: heaviest first", seed)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(totals.getFirst() - totals.getLast())
        .as("seed %d", seed)
        .isLessThanOrEqualTo(largest);
  }

  @Test
  void largestFirst_giantCutIntoRanges_rangesSpreadOverThePartitions() {
    RepoSource giant = new RepoSource("/repos/giant", false, 0);
    List<Packing.Costed> items = new ArrayList<>();
    for (int part = 0; part < 4; part++) {
      MineTask range = new MineTask(giant, part, 4, part == 0 ? "" : "b" + part, "t" + part, part);
      items.add(new Packing.Costed(range, 250));
    }
    items.add(repo("small-1", 10));
    items.add(repo("small-2", 20));

    List<List<MineTask>> packed = Packing.largestFirst(items, 4);

    assertThat(packed).hasSize(4);
    assertThat(packed).allSatisfy(bin -> assertThat(bin.getFirst().isRange()).isTrue());
    assertThat(packed.stream().map(List::getFirst).map(MineTask::part))
        .containsExactlyInAnyOrder(0, 1, 2, 3);
  }
}
