package dev.loopwatch.git.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRevsTest {
  @TempDir Path temp;

  @Test
  void read_commentsAbbreviationsAndBadLines_resolvesIdsAndWarnsWithLineNumbers() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    String first = repo.write("a.txt", "1\n").commit("first");
    String second = repo.write("a.txt", "2\n").commit("second");
    String third = repo.write("a.txt", "3\n").commit("third");
    String tree = repo.git("rev-parse", "HEAD^{tree}").strip();
    repo.write(
        ".git-blame-ignore-revs",
        String.join(
            "\n",
            "# Formatting sweeps",
            first,
            "",
            "   " + second.substring(0, 8) + "   # rename, abbreviated",
            "deadbeefdeadbeef # unknown",
            "not-a-sha",
            third.toUpperCase(Locale.ROOT) + "\t# upper case",
            tree + " # a tree, not a commit",
            "  # indented comment",
            "\r"));
    repo.commit("ignore revs");

    IgnoreRevs.Result result = IgnoreRevs.read(Git.open(repo.root()), "HEAD");

    assertThat(result.revisions())
        .containsExactlyElementsOf(new TreeSet<>(List.of(first, second, third)));
    assertThat(result.warnings())
        .containsExactly(
            new ScanWarning(
                "bad-ignore-rev",
                ".git-blame-ignore-revs:5",
                "'deadbeefdeadbeef' names no commit in this repository; the line is ignored"),
            new ScanWarning(
                "bad-ignore-rev",
                ".git-blame-ignore-revs:6",
                "'not-a-sha' is not a commit id (expected 4 to 64 hex digits); the line is ignored"),
            new ScanWarning(
                "bad-ignore-rev",
                ".git-blame-ignore-revs:8",
                "'" + tree + "' names no commit in this repository; the line is ignored"));
  }

  @Test
  void read_absentFile_isEmptyWithoutWarnings() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write("a.txt", "1\n").commit("first");

    IgnoreRevs.Result result = IgnoreRevs.read(Git.open(repo.root()), "HEAD");

    assertThat(result.revisions()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void read_olderRevision_usesThatRevisionsFile() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    String first = repo.write("a.txt", "1\n").commit("first");
    String second = repo.write(".git-blame-ignore-revs", first + "\n").commit("second");
    repo.write(".git-blame-ignore-revs", second + "\n");
    Git git = Git.open(repo.root());

    assertThat(IgnoreRevs.read(git, first).revisions()).isEmpty();
    assertThat(IgnoreRevs.read(git, second).revisions()).containsExactly(first);
  }

  @Test
  void read_configuredPath_readsThatFileInstead() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    String first = repo.write("a.txt", "1\n").commit("first");
    String second = repo.write("a.txt", "2\n").commit("second");
    repo.write(".git-blame-ignore-revs", first + "\n")
        .write("ci/ignore revs.txt", "bad line\n" + second + "\n");
    repo.commit("files");

    IgnoreRevs.Result result =
        IgnoreRevs.read(Git.open(repo.root()), "HEAD", Optional.of("./ci/ignore revs.txt"));

    assertThat(result.revisions()).containsExactly(second);
    assertThat(result.warnings())
        .containsExactly(
            new ScanWarning(
                "bad-ignore-rev",
                "ci/ignore revs.txt:1",
                "'bad line' is not a commit id (expected 4 to 64 hex digits); the line is ignored"));
  }

  @Test
  void read_configuredPathMissing_warnsOnce() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    String head = repo.write("a.txt", "1\n").commit("first");

    IgnoreRevs.Result result =
        IgnoreRevs.read(Git.open(repo.root()), "HEAD", Optional.of("ci/missing"));

    assertThat(result.revisions()).isEmpty();
    assertThat(result.warnings())
        .containsExactly(
            new ScanWarning(
                "missing-ignore-revs-file",
                "ci/missing",
                "configured ignore-revs file ci/missing is not a file at "
                    + head.substring(0, 12)));
  }

  @Test
  void read_bareRepository_works() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    String first = repo.write("a.txt", "1\n").commit("first");
    repo.write(".git-blame-ignore-revs", first.substring(0, 10) + "\n").commit("second");
    Path bare = repo.bareClone(temp.resolve("bare.git"));

    assertThat(IgnoreRevs.read(Git.open(bare), "main").revisions()).containsExactly(first);
  }

  @Test
  void read_unknownRevision_throwsUserInput() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write("a.txt", "1\n").commit("first");
    Git git = Git.open(repo.root());

    assertThatThrownBy(() -> IgnoreRevs.read(git, "nope"))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessage(git.topLevel() + ": unknown revision 'nope'");
  }
}
