package dev.loopwatch.retro.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewWorkspaceTest {
  @TempDir Path temp;

  private TestRepo repo() throws Exception {
    return TestRepo.init(temp.resolve("source"));
  }

  /** Runs git in {@code directory} and returns stdout; fails on a non-zero exit. */
  private static String git(Path directory, String... args) throws Exception {
    Process process =
        new ProcessBuilder(Stream.concat(Stream.of("git"), Stream.of(args)).toList())
            .directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("git %s", List.of(args)).isZero();
    return out;
  }

  @Test
  void create_laterFixExists_holdsOnlyBaseAndHead() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "one\n");
    String first = repo.commit("first");
    repo.write("a.txt", "one\ntwo\n");
    String base = repo.commit("base");
    repo.write("a.txt", "one\ntwo\nthree\n");
    String head = repo.commit("the change\n\nwith a body");
    repo.write("a.txt", "one\ntwo\nthree fixed\n");
    String fix = repo.commit("fix the change");
    repo.git("tag", "v1", fix);
    repo.git("branch", "other", fix);

    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(Git.open(repo.root()), base, head, temp.resolve("work"))) {
      Path work = workspace.directory();
      assertThat(git(work, "log", "--all", "--format=%s").lines().toList())
          .containsExactly("the change", "base");
      assertThat(git(work, "for-each-ref", "--format=%(refname)").strip())
          .isEqualTo("refs/heads/main");
      assertThat(git(work, "remote").strip()).isEmpty();
      assertThat(work.resolve(".git/objects/info/alternates")).doesNotExist();
      assertThat(exitCode(work, "cat-file", "-e", fix)).isEqualTo(1);
      assertThat(exitCode(work, "cat-file", "-e", first)).isEqualTo(1);
      assertThat(exitCode(work, "cat-file", "-e", fix + "^{tree}")).isNotZero();
      assertThat(git(work, "log", "-1", "--format=%an|%ae|%aI|%cn|%B", "HEAD"))
          .isEqualTo(repo.git("log", "-1", "--format=%an|%ae|%aI|%cn|%B", head));
      assertThat(git(work, "rev-parse", "HEAD^{tree}"))
          .isEqualTo(repo.git("rev-parse", head + "^{tree}"));
      assertThat(git(work, "rev-parse", "HEAD~1^{tree}"))
          .isEqualTo(repo.git("rev-parse", base + "^{tree}"));
      assertThat(git(work, "status", "--porcelain").strip()).isEmpty();
      assertThat(Files.readString(work.resolve("a.txt"))).isEqualTo("one\ntwo\nthree\n");

      ReviewRequest request = workspace.request();
      assertThat(request.worktree()).isEqualTo(work);
      assertThat(request.base()).isEqualTo(base);
      assertThat(request.head()).isEqualTo(head);
      assertThat(request.diff()).isEqualTo(repo.git("diff", "-M", base, head));
      assertThat(request.addedLines()).isEqualTo(Map.of("a.txt", RangeSet.parse("3")));
    }
  }

  @Test
  void create_baseIsMergeBase_squashesTheChangeIntoOneCommit() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "one\n");
    String base = repo.commit("base");
    repo.write("a.txt", "one\ntwo\n");
    repo.commit("pr 1");
    repo.write("b.txt", "b\n");
    String head = repo.commit("pr 2");

    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(Git.open(repo.root()), base, head, temp.resolve("work"))) {
      assertThat(git(workspace.directory(), "rev-list", "--all", "--count").strip()).isEqualTo("2");
      assertThat(workspace.request().addedLines())
          .isEqualTo(Map.of("a.txt", RangeSet.parse("2"), "b.txt", RangeSet.parse("1")));
    }
  }

  @Test
  void request_mixedChange_addedLinesExact() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
    repo.write("gone.txt", "bye\n");
    repo.write("shrink.txt", "x\ny\nz\n");
    repo.write("dir/old name.txt", "alpha\nbeta\ngamma\ndelta\n");
    repo.write("same.txt", "unchanged\n");
    String base = repo.commit("base");
    // a.txt: line 2 modified, line 4 deleted, two lines appended; far edit at the end
    repo.write("a.txt", "1\n2b\n3\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n");
    Files.delete(repo.root().resolve("gone.txt"));
    repo.write("shrink.txt", "x\nz\n");
    Files.delete(repo.root().resolve("dir/old name.txt"));
    repo.write("dir/ñew näme.txt", "alpha\nbeta\ngamma\ndelta!\n");
    repo.write("new.txt", "n1\nn2\nn3\n");
    repo.write("empty.txt", "");
    String head = repo.commit("change");

    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(Git.open(repo.root()), base, head, temp.resolve("work"))) {
      ReviewRequest request = workspace.request();
      assertThat(request.addedLines())
          .containsExactlyEntriesOf(
              new java.util.TreeMap<>(
                  Map.of(
                      "a.txt", RangeSet.parse("2,12-13"),
                      "dir/ñew näme.txt", RangeSet.parse("4"),
                      "empty.txt", RangeSet.empty(),
                      "new.txt", RangeSet.parse("1-3"),
                      "shrink.txt", RangeSet.empty())));
      assertThat(request.diff()).contains("rename from dir/old name.txt");
      assertThat(Files.readString(workspace.directory().resolve("dir/ñew näme.txt")))
          .isEqualTo("alpha\nbeta\ngamma\ndelta!\n");
      assertThat(workspace.directory().resolve("dir/old name.txt")).doesNotExist();
      assertThat(workspace.directory().resolve("gone.txt")).doesNotExist();
    }
  }

  @Test
  void create_binarySymlinkExecutableAndSubmodule_keptAsInTheTree() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "a\n");
    String base = repo.commit("base");
    byte[] binary = new byte[512];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 7);
    }
    Files.write(repo.root().resolve("blob.bin"), binary);
    repo.write("run.sh", "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        repo.root().resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(repo.root().resolve("link"), Path.of("a.txt"));
    repo.git("add", "-A");
    repo.git("update-index", "--add", "--cacheinfo", "160000," + base + ",vendor/sub");
    repo.git("commit", "-q", "-m", "assets");
    String head = repo.git("rev-parse", "HEAD").strip();

    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(Git.open(repo.root()), base, head, temp.resolve("work"))) {
      Path work = workspace.directory();
      assertThat(Files.readAllBytes(work.resolve("blob.bin"))).isEqualTo(binary);
      assertThat(Files.isExecutable(work.resolve("run.sh"))).isTrue();
      assertThat(Files.isExecutable(work.resolve("a.txt"))).isFalse();
      assertThat(Files.isSymbolicLink(work.resolve("link"))).isTrue();
      assertThat(Files.readSymbolicLink(work.resolve("link"))).isEqualTo(Path.of("a.txt"));
      assertThat(work.resolve("vendor/sub")).isEmptyDirectory();
      assertThat(workspace.request().addedLines())
          .isEqualTo(Map.of("link", RangeSet.parse("1"), "run.sh", RangeSet.parse("1-2")));
      assertThat(git(work, "ls-files", "-s", "run.sh")).startsWith("100755 ");
    }
  }

  @Test
  void create_relativeTempParent_workspaceOutsideTheSourceRepository() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "a\n");
    String base = repo.commit("base");
    repo.write("a.txt", "a\nb\n");
    String head = repo.commit("head");
    Path relative = Path.of("").toAbsolutePath().relativize(temp.resolve("work"));

    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(Git.open(repo.root()), base, head, relative)) {
      assertThat(workspace.directory()).isAbsolute().startsWith(temp.resolve("work"));
      assertThat(workspace.request().worktree()).isEqualTo(workspace.directory());
      assertThat(git(workspace.directory(), "rev-parse", "--show-toplevel").strip())
          .isEqualTo(workspace.directory().toRealPath().toString());
      assertThat(repo.git("status", "--porcelain").strip()).isEmpty();
    }
  }

  @Test
  void close_readOnlyFiles_removesEverything() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "a\n");
    String base = repo.commit("base");
    repo.write("a.txt", "a\nb\n");
    String head = repo.commit("head");
    Path parent = temp.resolve("work");

    ReviewWorkspace workspace = ReviewWorkspace.create(Git.open(repo.root()), base, head, parent);
    Path work = workspace.directory();
    Files.createDirectories(work.resolve("locked"));
    Files.writeString(work.resolve("locked/file"), "x");
    Files.setPosixFilePermissions(
        work.resolve("locked/file"), PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(
        work.resolve("locked"), PosixFilePermissions.fromString("r-x------"));
    workspace.close();
    workspace.close();

    assertThat(work).doesNotExist();
    try (Stream<Path> left = Files.list(parent)) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void create_unknownCommit_userInputNamingIt() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "a\n");
    String base = repo.commit("base");
    String missing = "0123456789abcdef0123456789abcdef01234567";

    assertThatThrownBy(
            () -> ReviewWorkspace.create(Git.open(repo.root()), base, missing, temp.resolve("w")))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessageContaining("unknown commit " + missing);
    assertThat(temp.resolve("w")).doesNotExist();
  }

  @Test
  void create_baseNotAncestor_userInputNamingBoth() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "a\n");
    repo.commit("root");
    repo.git("checkout", "-q", "-b", "side");
    repo.write("b.txt", "b\n");
    String side = repo.commit("side");
    repo.git("checkout", "-q", "main");
    repo.write("c.txt", "c\n");
    String main = repo.commit("main");

    assertThatThrownBy(
            () -> ReviewWorkspace.create(Git.open(repo.root()), side, main, temp.resolve("w")))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessageContaining("base " + side + " is not an ancestor of head " + main);
  }

  @Test
  void create_shallowCloneMissingBase_userInputSaysShallow() throws Exception {
    TestRepo repo = repo();
    repo.write("a.txt", "a\n");
    String base = repo.commit("base");
    repo.write("a.txt", "a\nb\n");
    repo.commit("head");
    Path clone = temp.resolve("clone");
    repo.git("clone", "-q", "--depth", "1", "file://" + repo.root(), clone.toString());

    assertThatThrownBy(
            () -> ReviewWorkspace.create(Git.open(clone), base, "HEAD", temp.resolve("w")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("unknown commit " + base)
        .hasMessageContaining("shallow clone");
  }

  private static int exitCode(Path directory, String... args)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(Stream.concat(Stream.of("git"), Stream.of(args)).toList())
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    return process.waitFor();
  }
}
