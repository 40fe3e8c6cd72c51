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
    return new Packing.Costed(new RepoSource("/repos/" + name, false, 0), cost);
  }

  private static long total(List<RepoSource> bin, List<Packing.Costed> items) {
    return bin.stream()
        .mapToLong(
            s -> items.stream().filter(c -> c.source().equals(s)).findFirst().orElseThrow().cost())
        .sum();
  }

  @Test
  void largestFirst_oneGiant_getsThePartitionOfItsOwnAndStartsFirst() {
    List<Packing.Costed> items =
        List.of(repo("small-1", 10), repo("giant", 1000), repo("small-2", 20), repo("small-3", 30));

    List<List<RepoSource>> packed = Packing.largestFirst(items, 2);

    assertThat(packed).hasSize(2);
    assertThat(packed.getFirst()).extracting(RepoSource::name).containsExactly("giant");
    assertThat(packed.get(1))
        .extracting(RepoSource::name)
        .containsExactly("small-3", "small-2", "small-1");
  }

  @Test
  void largestFirst_fewerRepositoriesThanPartitions_noEmptyPartition() {
    List<List<RepoSource>> packed = Packing.largestFirst(List.of(repo("a", 1), repo("b", 0)), 8);

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

    List<List<RepoSource>> packed = Packing.largestFirst(items, bins);

    assertThat(packed.stream().flatMap(List::stream).toList())
        .as("seed %d", seed)
        .containsExactlyInAnyOrderElementsOf(items.stream().map(Packing.Costed::source).toList());
    long largest = items.stream().mapToLong(Packing.Costed::cost).max().orElseThrow();
    List<Long> totals = packed.stream().map(bin -> total(bin, items)).toList();
    assertThat(totals)
        .as("seed %d: heaviest first", seed)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(totals.getFirst() - totals.getLast())
        .as("seed %d", seed)
        .isLessThanOrEqualTo(largest);
  }
}
