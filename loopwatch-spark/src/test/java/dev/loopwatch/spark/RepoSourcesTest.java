package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's repository list: URLs and paths, weights, folders of mirrors, and bad lines named. */
class RepoSourcesTest {
  @TempDir Path temp;

  @Test
  void read_listOfUrlsAndPaths_resolvesPathsAgainstTheFile() throws Exception {
    Files.createDirectories(temp.resolve("clones/a"));
    Path list =
        Files.writeString(
            temp.resolve("repos.txt"),
            "# comment\n\nhttps://example.com/org/b.git\t120\ngit@example.com:org/c.git\nclones/a\n");

    List<RepoSource> sources = RepoSources.read(list);

    assertThat(sources)
        .containsExactly(
            new RepoSource("https://example.com/org/b.git", true, 120),
            new RepoSource("git@example.com:org/c.git", true, 0),
            new RepoSource(temp.resolve("clones/a").toString(), false, 0));
    assertThat(sources).extracting(RepoSource::name).containsExactly("b", "c", "a");
  }

  @Test
  void key_sameNameDifferentPlace_differs() {
    RepoSource one = new RepoSource("https://example.com/one/app.git", true, 0);
    RepoSource two = new RepoSource("https://example.com/two/app.git", true, 0);

    assertThat(one.key()).startsWith("app-").isNotEqualTo(two.key());
    assertThat(one.key()).isEqualTo(new RepoSource(one.location(), true, 5).key());
  }

  @Test
  void read_folderOfMirrors_listsEachRepositoryByName() throws Exception {
    Files.createDirectories(temp.resolve("m/b.git/objects"));
    Files.writeString(temp.resolve("m/b.git/HEAD"), "ref: refs/heads/main\n");
    Files.createDirectories(temp.resolve("m/a/.git"));
    Files.createDirectories(temp.resolve("m/not-a-repo"));

    assertThat(RepoSources.read(temp.resolve("m")))
        .extracting(RepoSource::name)
        .containsExactly("a", "b");
  }

  @Test
  void read_badLines_nameFileAndLine() throws Exception {
    Files.createDirectories(temp.resolve("a"));
    Path twice = Files.writeString(temp.resolve("twice.txt"), "a\n./a\n");
    Path weight = Files.writeString(temp.resolve("weight.txt"), "a\tmany\n");
    Path missing = Files.writeString(temp.resolve("missing.txt"), "nowhere\n");
    Path empty = Files.writeString(temp.resolve("empty.txt"), "# nothing\n");

    assertThatThrownBy(() -> RepoSources.read(twice))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("twice.txt:2")
        .hasMessageContaining("listed twice (first on line 1)");
    assertThatThrownBy(() -> RepoSources.read(weight)).hasMessageContaining("weight.txt:1");
    assertThatThrownBy(() -> RepoSources.read(missing))
        .hasMessageContaining("missing.txt:1")
        .hasMessageContaining("is not a folder");
    assertThatThrownBy(() -> RepoSources.read(empty)).hasMessageContaining("lists no repositories");
  }
}
