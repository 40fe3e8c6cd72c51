package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
