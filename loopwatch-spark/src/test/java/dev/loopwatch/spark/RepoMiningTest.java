package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One repository's work on an executor, without Spark: failures become results, not throws. */
class RepoMiningTest {
  @TempDir Path temp;

  private JobPaths paths() {
    return new JobPaths(temp.resolve("out/repos").toString(), temp.resolve("scratch").toString());
  }

  @Test
  void mine_unreachableUrl_failsWithTheCloneErrorAndLeavesNoScratch() throws Exception {
    RepoSource missing = new RepoSource("file://" + temp.resolve("no-such.git"), true, 0);

    MineResult result = RepoMining.mine(missing, paths(), JobSettings.defaults());

    assertThat(result.ok()).isFalse();
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.failure()).startsWith(missing.location() + ": git clone failed");
    assertThat(result.name()).isEqualTo("no-such");
    assertThat(paths().rowsOf(result.key())).doesNotExist();
    try (var left = Files.list(temp.resolve("scratch"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void mine_plainFolder_failsAsAnInputError() throws Exception {
    Path plain = Files.createDirectories(temp.resolve("plain"));

    MineResult result =
        RepoMining.mine(
            new RepoSource(plain.toString(), false, 0), paths(), JobSettings.defaults());

    assertThat(result.ok()).isFalse();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.failure()).contains("not a git repository");
  }

  @Test
  void join_aRangeFailed_theRepositoryFailsNamingTheRangeAndNoFolderIsLeft() throws Exception {
    Path plain = Files.createDirectories(temp.resolve("gone"));
    RepoSource source = new RepoSource(plain.toString(), false, 0);
    List<MineTask> ranges =
        List.of(
            new MineTask(source, 0, 2, "", "a".repeat(40), 0),
            new MineTask(source, 1, 2, "a".repeat(40), "b".repeat(40), 1000));
    Files.createDirectories(paths().rangeOf(source.key(), 0));
    List<MineResult> results =
        ranges.stream().map(task -> RepoMining.run(task, paths(), JobSettings.defaults())).toList();

    MineResult joined = RepoMining.join(ranges, results, paths(), JobSettings.defaults());

    assertThat(results).allSatisfy(result -> assertThat(result.ok()).isFalse());
    assertThat(results.get(1).failure()).startsWith("range 2 of 2: ");
    assertThat(joined.ok()).isFalse();
    assertThat(joined.exitCode()).isEqualTo(2);
    assertThat(joined.failure()).startsWith("range 1 of 2: ").contains("not a git repository");
    assertThat(joined.ranges()).isEqualTo(2);
    assertThat(paths().rangesOf(source.key())).doesNotExist();
    assertThat(paths().rowsOf(source.key())).doesNotExist();
  }
}
