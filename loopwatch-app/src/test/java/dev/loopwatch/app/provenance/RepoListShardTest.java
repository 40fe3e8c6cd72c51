package dev.loopwatch.app.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repositories files and shards: every repository in exactly one shard, bad lines named. */
class RepoListShardTest {
  @TempDir Path temp;

  private Path file(int repos, boolean weighted) throws IOException {
    StringBuilder text = new StringBuilder("# the team's repositories\n\n");
    for (int i = 0; i < repos; i++) {
      Files.createDirectories(temp.resolve("r" + i));
      text.append("r").append(i);
      if (weighted) {
        text.append('\t').append(1 + (i * 37) % 500);
      }
      text.append('\n');
    }
    return Files.writeString(temp.resolve("repos.txt"), text.toString());
  }

  @Test
  void shards_coverEveryRepositoryExactlyOnce() throws IOException {
    List<RepoList.Entry> entries = RepoList.read(file(50, false));
    assertThat(entries).hasSize(50);
    assertThat(entries.getFirst().line()).isEqualTo(3);
    List<RepoList.Entry> all = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      List<RepoList.Entry> mine = new Shard(i, 3).select(entries);
      assertThat(mine).as("shard %d/3", i).isNotEmpty();
      all.addAll(mine);
    }
    assertThat(all).hasSize(50).containsExactlyInAnyOrderElementsOf(entries);
    // Deterministic: the same file gives the same share.
    assertThat(new Shard(2, 3).select(entries)).isEqualTo(new Shard(2, 3).select(entries));
  }

  @Test
  void weightedShards_areBalancedWithinTheHeaviestRepository() throws IOException {
    List<RepoList.Entry> entries = RepoList.read(file(50, true));
    double heaviest =
        entries.stream().mapToDouble(e -> e.weight().getAsDouble()).max().orElseThrow();
    List<Double> loads = new ArrayList<>();
    Set<RepoList.Entry> seen = new HashSet<>();
    for (int i = 1; i <= 3; i++) {
      List<RepoList.Entry> mine = new Shard(i, 3).select(entries);
      assertThat(mine).allMatch(seen::add);
      loads.add(mine.stream().mapToDouble(e -> e.weight().getAsDouble()).sum());
    }
    assertThat(seen).hasSize(50);
    double spread =
        loads.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
            - loads.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertThat(spread).isLessThanOrEqualTo(heaviest);
  }

  @Test
  void shardSpec_outOfRangeOrMalformed_isAUsageError() {
    assertThatThrownBy(() -> Shard.parse("3/2"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("--shard 3/2: want i/N with 1 <= i <= N");
    assertThatThrownBy(() -> Shard.parse("0/2")).hasMessageContaining("1 <= i <= N");
    assertThatThrownBy(() -> Shard.parse("two")).hasMessageContaining("want i/N");
    assertThat(Shard.parse(" 2/3 ")).isEqualTo(new Shard(2, 3));
  }

  @Test
  void repoList_badLines_areNamedByFileAndLine() throws IOException {
    Files.createDirectories(temp.resolve("a"));
    Path url = Files.writeString(temp.resolve("u.txt"), "a\nhttps://github.com/x/y\n");
    assertThatThrownBy(() -> RepoList.read(url))
        .hasMessage(
            url
                + ":2: https://github.com/x/y is a URL; clone it first: git clone https://github.com/x/y");
    Path ssh = Files.writeString(temp.resolve("s.txt"), "git@github.com:x/y.git\n");
    assertThatThrownBy(() -> RepoList.read(ssh))
        .hasMessageContaining(":1: ")
        .hasMessageContaining("clone it first");
    Path missing = Files.writeString(temp.resolve("m.txt"), "a\n\nnope\n");
    assertThatThrownBy(() -> RepoList.read(missing))
        .hasMessageContaining(missing + ":3: ")
        .hasMessageContaining("no such folder");
    Path twice = Files.writeString(temp.resolve("t.txt"), "a\n./a/\n");
    assertThatThrownBy(() -> RepoList.read(twice))
        .hasMessage(twice + ":2: ./a/ is listed already on line 1");
    Path weight = Files.writeString(temp.resolve("w.txt"), "a\t-3\n");
    assertThatThrownBy(() -> RepoList.read(weight)).hasMessageContaining(":1: weight '-3'");
    Path empty = Files.writeString(temp.resolve("e.txt"), "# nothing\n");
    assertThatThrownBy(() -> RepoList.read(empty)).hasMessage(empty + ": lists no repository");
  }
}
