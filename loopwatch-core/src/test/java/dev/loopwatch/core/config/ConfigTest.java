package dev.loopwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path temp;

  @Test
  void load_repoFileOverridesUserFileTableByTable() throws IOException {
    Path home = temp.resolve("home");
    Path repo = temp.resolve("repo");
    Files.createDirectories(home.resolve(".loopwatch"));
    Files.createDirectories(repo);
    Files.writeString(
        home.resolve(".loopwatch/loopwatch.toml"),
        "[git]\nbranch = \"trunk\"\nexclude = [\"a/**\"]\n");
    Files.writeString(
        repo.resolve("loopwatch.toml"),
        "[git]\nexclude = [\"b/**\"]\n[report.teams]\ncore = [\"src/core/\"]\n");
    Config config = Config.load(home, repo);
    assertThat(config.section("git").string("branch")).contains("trunk");
    assertThat(config.section("git").strings("exclude")).containsExactly("b/**");
    assertThat(config.section("report").stringLists("teams"))
        .isEqualTo(Map.of("core", List.of("src/core/")));
  }

  @Test
  void parse_badToml_namesFileAndLine() throws IOException {
    Path file = temp.resolve("loopwatch.toml");
    Files.writeString(file, "[git]\nbranch = \n");
    assertThatThrownBy(() -> Config.loadFiles(List.of(file)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file + ":2:");
  }

  @Test
  void requireKnownKeys_typo_namesKey() throws IOException {
    Path file = temp.resolve("loopwatch.toml");
    Files.writeString(file, "[git]\nbrnach = \"x\"\n");
    ConfigSection git = Config.loadFiles(List.of(file)).section("git");
    assertThatThrownBy(() -> git.requireKnownKeys(Set.of("branch")))
        .hasMessageContaining("unknown key 'git.brnach'");
  }

  @Test
  void string_wrongType_namesKey() throws IOException {
    Path file = temp.resolve("loopwatch.toml");
    Files.writeString(file, "[git]\nbranch = 3\n");
    assertThatThrownBy(() -> Config.loadFiles(List.of(file)).section("git").string("branch"))
        .hasMessageContaining("'git.branch' must be a string");
  }

  @Test
  void bool_trueOrWrongType_readsOrNamesKey() throws IOException {
    Path file = temp.resolve("loopwatch.toml");
    Files.writeString(file, "[report]\nbaseline-all-repositories = true\nseed = \"yes\"\n");
    ConfigSection report = Config.loadFiles(List.of(file)).section("report");
    assertThat(report.bool("baseline-all-repositories")).contains(true);
    assertThat(report.bool("missing")).isEmpty();
    assertThatThrownBy(() -> report.bool("seed"))
        .hasMessageContaining("'report.seed' must be true or false");
  }
}
