package dev.loopwatch.research.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class W2sTaskSpecTest {
  @TempDir Path folder;

  static String builtInText() throws IOException {
    try (InputStream in =
        W2sTaskSpecTest.class
            .getClassLoader()
            .getResourceAsStream("dev/loopwatch/research/tasks/w2s-spam/task.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path write(String text) throws IOException {
    Path file = folder.resolve("task.toml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void builtIn_w2sSpam_hasPinnedDatasetSeedsAndBaselines() {
    W2sTaskSpec task = W2sTaskSpec.resolve("w2s-spam");
    assertThat(task.id()).isEqualTo("w2s-spam");
    assertThat(task.dataset().sha256())
        .isEqualTo("8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb");
    assertThat(task.dataset().fileName()).isEqualTo("datasets-spam-assassin-0.2.3.tgz");
    assertThat(task.seeds()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(task.baselines().seeds()).hasSize(task.seeds().size());
    assertThat(task.baselines().gap()).isGreaterThan(0.05);
    assertThat(task.dev().quota()).isPositive();
  }

  @Test
  void load_copyOfBuiltIn_readsTheSameSpec() throws IOException {
    W2sTaskSpec task = W2sTaskSpec.resolve(write(builtInText()).toString());
    assertThat(task.baselines()).isEqualTo(W2sTaskSpec.builtIn("w2s-spam").baselines());
    assertThat(W2sTaskSpec.resolve(folder.toString()).id()).isEqualTo("w2s-spam");
  }

  @Test
  void load_withoutBaselines_failsNamingTheKey() throws IOException {
    String text = builtInText();
    Path file = write(text.substring(0, text.indexOf("[baselines]")));
    assertThatThrownBy(() -> W2sTaskSpec.load(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'task.baselines' is missing");
    assertThat(W2sTaskSpec.loadUnregistered(file).baselines().weak()).isNaN();
  }

  @Test
  void load_gapUnderFivePoints_failsNamingTheBaselines() throws IOException {
    String text = builtInText().replaceAll("(?m)^weak = 0\\.\\d+$", "weak = 0.9300");
    Path file = write(text);
    assertThatThrownBy(() -> W2sTaskSpec.load(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            file
                + ": 'task.baselines' has a ceiling-weak gap of 0.0384 (ceiling 0.9684, weak"
                + " 0.9300), under 0.05: PGR would divide by noise, so the task is refused");
  }

  @Test
  void load_fourSeeds_failsAskingForFive() throws IOException {
    Path file = write(builtInText().replace("seeds = [0, 1, 2, 3, 4]", "seeds = [0, 1, 2, 3]"));
    assertThatThrownBy(() -> W2sTaskSpec.load(file))
        .hasMessageContaining("'task.seeds' lists 4 seeds; a task needs at least 5");
  }

  @Test
  void load_meanNotMatchingPerSeedValues_fails() throws IOException {
    String text = builtInText();
    String weakLine = text.lines().filter(line -> line.startsWith("weak = ")).findFirst().get();
    Path file = write(text.replaceFirst(weakLine, "weak = 0.5"));
    assertThatThrownBy(() -> W2sTaskSpec.load(file))
        .hasMessageContaining("'task.baselines.weak' is 0.5000 but the mean of the per-seed");
  }

  @Test
  void load_unknownKey_failsNamingIt() throws IOException {
    Path file = write(builtInText().replace("[splits]", "[splits]\ntest_fraktion = 0.3"));
    assertThatThrownBy(() -> W2sTaskSpec.load(file))
        .hasMessageContaining("unknown key 'task.splits.test_fraktion'");
  }

  @Test
  void load_badChecksum_failsNamingTheKey() throws IOException {
    Path file = write(builtInText().replaceFirst("sha256 = \"8d", "sha256 = \"XX"));
    assertThatThrownBy(() -> W2sTaskSpec.load(file))
        .hasMessageContaining("'task.dataset.sha256' must be 64 lower-case hex digits");
  }

  @Test
  void resolve_unknownName_listsTheBuiltInTasks() {
    assertThatThrownBy(() -> W2sTaskSpec.resolve("no-such-task"))
        .hasMessageContaining("built-in: w2s-spam");
  }
}
