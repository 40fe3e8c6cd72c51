package dev.loopwatch.git.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitAttributesTest {
  private static final List<String> PATHS =
      List.of(
          "a.gen",
          "keep/b.gen",
          "keep/deep/c.gen",
          "third/lib.c",
          "third/own/x.c",
          "img.bin",
          "data.nodiff",
          "src/Main.java",
          "dir with space/ü 日本.gen",
          "gone/never-committed.gen");

  private static final Map<String, ExclusionReason> EXPECTED =
      Map.of(
          "a.gen", ExclusionReason.GENERATED,
          "third/lib.c", ExclusionReason.VENDORED,
          "img.bin", ExclusionReason.BINARY,
          "data.nodiff", ExclusionReason.BINARY,
          "dir with space/ü 日本.gen", ExclusionReason.GENERATED,
          "gone/never-committed.gen", ExclusionReason.GENERATED);

  @TempDir Path temp;

  private TestRepo fixture() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write(
            ".gitattributes",
            "*.gen linguist-generated\nthird/** linguist-vendored\n*.bin binary\n*.nodiff -diff\n")
        .write("keep/.gitattributes", "*.gen linguist-generated=false\n")
        .write("third/own/.gitattributes", "* -linguist-vendored\n")
        .write("a.gen", "a\n")
        .write("keep/b.gen", "b\n")
        .write("keep/deep/c.gen", "c\n")
        .write("third/lib.c", "int x;\n")
        .write("third/own/x.c", "int y;\n")
        .write("img.bin", "\0\1\2")
        .write("data.nodiff", "d\n")
        .write("src/Main.java", "class Main {}\n")
        .write("dir with space/ü 日本.gen", "u\n");
    repo.commit("fixture");
    return repo;
  }

  @Test
  void classify_workTree_givesAttributeReasonsWithSubfolderOverrides() {
    TestRepo repo = fixture();
    Set<Path> before = tempIndexes();

    Map<String, ExclusionReason> result =
        GitAttributes.classify(Git.open(repo.root()), "HEAD", PATHS);

    assertThat(result).containsExactlyInAnyOrderEntriesOf(EXPECTED);
    assertThat(List.copyOf(result.keySet())).isSorted();
    assertThat(tempIndexes()).as("temporary index folders are deleted").isSubsetOf(before);
  }

  @Test
  void classify_bareClone_givesSameReasons() {
    TestRepo repo = fixture();
    Path bare = repo.bareClone(temp.resolve("bare.git"));

    Git git = Git.open(bare);

    assertThat(git.bare()).isTrue();
    assertThat(GitAttributes.classify(git, "main", PATHS))
        .containsExactlyInAnyOrderEntriesOf(EXPECTED);
  }

  @Test
  void classify_openedFromSubfolder_pathsAreRepositoryRelative() {
    TestRepo repo = fixture();

    Map<String, ExclusionReason> result =
        GitAttributes.classify(Git.open(repo.root().resolve("keep")), "HEAD", PATHS);

    assertThat(result).containsExactlyInAnyOrderEntriesOf(EXPECTED);
  }

  @Test
  void classify_workTreeDiffersFromRevision_revisionWins() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write(".gitattributes", "*.gen linguist-generated\n").write("x.gen", "1\n");
    String first = repo.commit("first");
    repo.write(".gitattributes", "*.out linguist-generated\n").write("x.out", "2\n");
    String second = repo.commit("second");
    repo.git("checkout", "-q", first);
    repo.write(".gitattributes", "*.txt linguist-generated\n");
    repo.git("add", ".gitattributes");
    String statusBefore = repo.git("status", "--porcelain");
    Git git = Git.open(repo.root());
    List<String> paths = List.of("x.gen", "x.out", "x.txt");

    assertThat(GitAttributes.classify(git, second, paths))
        .containsExactlyEntriesOf(Map.of("x.out", ExclusionReason.GENERATED));
    assertThat(GitAttributes.classify(git, first, paths))
        .containsExactlyEntriesOf(Map.of("x.gen", ExclusionReason.GENERATED));
    assertThat(repo.git("status", "--porcelain"))
        .as("the real index is untouched")
        .isEqualTo(statusBefore);
    assertThat(statusBefore).isEqualTo("M  .gitattributes\n");
  }

  @Test
  void classify_explicitTrueAndOverrides_followGitResolution() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write(
            ".gitattributes",
            "*.js linguist-generated=true\nkeep.js linguist-generated=false\nlib/** linguist-vendored=true\n"
                + "lib/mine/** linguist-vendored=false\nassets/*.svg -diff\nassets/logo.svg diff\n")
        .write("README.md", "r\n");
    repo.commit("attributes");

    Map<String, ExclusionReason> result =
        GitAttributes.classify(
            Git.open(repo.root()),
            "HEAD",
            List.of(
                "app.js",
                "keep.js",
                "lib/a.c",
                "lib/mine/b.c",
                "assets/icon.svg",
                "assets/logo.svg",
                "README.md"));

    assertThat(result)
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "app.js", ExclusionReason.GENERATED,
                    "lib/a.c", ExclusionReason.VENDORED,
                    "assets/icon.svg", ExclusionReason.BINARY)));
  }

  @Test
  void classify_severalAttributes_binaryThenVendoredThenGenerated() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write(
        ".gitattributes",
        "all.x linguist-generated linguist-vendored -diff\ngv.x linguist-generated linguist-vendored\n");
    repo.commit("attributes");

    assertThat(GitAttributes.classify(Git.open(repo.root()), "HEAD", List.of("all.x", "gv.x")))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of("all.x", ExclusionReason.BINARY, "gv.x", ExclusionReason.VENDORED)));
  }

  @Test
  void read_unmarkedPaths_reportExplicitFalse() {
    TestRepo repo = fixture();

    var states =
        GitAttributes.read(
            Git.open(repo.root()), "HEAD", List.of("keep/b.gen", "third/own/x.c", "src/Main.java"));

    assertThat(states.get("keep/b.gen").generated()).contains(false);
    assertThat(states.get("third/own/x.c").vendored()).contains(false);
    assertThat(states.get("third/own/x.c").generated()).isEmpty();
    assertThat(states.get("src/Main.java"))
        .isEqualTo(
            new GitAttributes.State(
                java.util.Optional.empty(), java.util.Optional.empty(), false, false));
  }

  @Test
  void classify_noPaths_returnsEmpty() {
    TestRepo repo = fixture();

    assertThat(GitAttributes.classify(Git.open(repo.root()), "HEAD", List.of())).isEmpty();
    assertThat(GitAttributes.classify(Git.open(repo.root()), "HEAD", List.of(""))).isEmpty();
  }

  @Test
  void classify_manyPaths_oneProcessHandlesThemAll() {
    TestRepo repo = fixture();
    List<String> many =
        java.util.stream.IntStream.range(0, 20_000)
            .mapToObj(i -> "bulk/file-" + i + ".gen")
            .toList();

    Map<String, ExclusionReason> result =
        GitAttributes.classify(Git.open(repo.root()), "HEAD", many);

    assertThat(result).hasSize(20_000);
    assertThat(result.values()).containsOnly(ExclusionReason.GENERATED);
  }

  @Test
  void classify_unknownRevision_throwsUserInput() {
    TestRepo repo = fixture();

    assertThatThrownBy(() -> GitAttributes.classify(Git.open(repo.root()), "no-such-branch", PATHS))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(Git.open(repo.root()).topLevel() + ": unknown revision 'no-such-branch'");
  }

  private static Set<Path> tempIndexes() {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("loopwatch-attributes-"))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
