package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [git] table and identities, as scan and the Spark job both read them. */
class GitSettingsTest {
  @TempDir Path temp;

  @Test
  void read_gitTable_givesBranchExclusionsAndParallelism() throws Exception {
    Path file =
        Files.writeString(
            temp.resolve("loopwatch.toml"),
            "[git]\nbranch = \"trunk\"\nexclude = [\"web/**\", \"*.snap\"]\nparallelism = 3\n"
                + "[[identities.agent]]\nemail = \"build@example.com\"\nagent = \"codex\"\n");
    Config config = Config.loadFiles(List.of(file));

    GitSettings settings = GitSettings.read(config);

    assertThat(settings)
        .isEqualTo(
            new GitSettings(Optional.of("trunk"), List.of("web/**", "*.snap"), Optional.of(3)));
    assertThat(GitSettings.identities(config).classify("B", "build@example.com").agent())
        .contains("codex");
  }

  @Test
  void read_noFile_givesNothingConfigured() {
    assertThat(GitSettings.read(Config.empty()))
        .isEqualTo(new GitSettings(Optional.empty(), List.of(), Optional.empty()));
  }

  @Test
  void read_unknownKey_failsNamingTheFile() throws Exception {
    Path file = Files.writeString(temp.resolve("loopwatch.toml"), "[git]\nbranches = \"main\"\n");

    assertThatThrownBy(() -> GitSettings.read(Config.loadFiles(List.of(file))))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("branches");
  }
}
