package dev.loopwatch.git.blame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCodeTest {
  @TempDir Path folder;

  private static List<String> numbered(String prefix, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + " " + i).toList();
  }

  private static LiveCodeResult measure(Git git, List<String> paths, LineAttribution attribution) {
    return LiveCode.measure(git, "HEAD", paths, Set.of(), attribution, 2, Progress.silent());
  }

  @Test
  void measure_linesReplacedByAiCommit_countsExactLines() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("src/f.txt", numbered("human", 1, 10));
    String human = repo.commit("human writes ten lines");
    List<String> changed = new ArrayList<>(numbered("human", 1, 10));
    for (int line = 3; line <= 5; line++) {
      changed.set(line - 1, "agent " + line);
    }
    repo.writeLines("src/f.txt", changed);
    String agent = repo.commit("agent rewrites lines 3-5");
    Set<String> asked = new ConcurrentSkipListSet<>();
    LineAttribution attribution =
        (commit, path, line) -> {
          asked.add(commit.substring(0, 7) + ":" + path + ":" + line);
          return commit.equals(agent) && path.equals("src/f.txt") && line >= 3 && line <= 5
              ? Optional.of(new Attribution(Confidence.MEDIUM, "claude-code"))
              : Optional.empty();
        };

    LiveCodeResult result = measure(repo.open(), List.of("src/f.txt"), attribution);

    assertThat(result.revision()).isEqualTo(agent);
    assertThat(result.lines()).isEqualTo(10);
    assertThat(result.strong()).isZero();
    assertThat(result.medium()).isEqualTo(3);
    assertThat(result.weak()).isZero();
    assertThat(result.noEvidence()).isEqualTo(7);
    assertThat(result.linesByAgent()).containsExactly(Map.entry("claude-code", 3L));
    assertThat(result.files()).containsExactly(new LiveFile("src/f.txt", 10, 0, 3, 0));
    assertThat(result.fileCount()).isEqualTo(1);
    assertThat(result.skippedFiles()).isZero();
    assertThat(result.warnings()).isEmpty();
    String h = human.substring(0, 7);
    String a = agent.substring(0, 7);
    assertThat(asked)
        .containsExactlyInAnyOrder(
            h + ":src/f.txt:1",
            h + ":src/f.txt:2",
            a + ":src/f.txt:3",
            a + ":src/f.txt:4",
            a + ":src/f.txt:5",
            h + ":src/f.txt:6",
            h + ":src/f.txt:7",
            h + ":src/f.txt:8",
            h + ":src/f.txt:9",
            h + ":src/f.txt:10");
  }

  @Test
  void measure_linesMovedByLaterInsertion_asksOriginalLineNumbers() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("f.txt", numbered("agent", 1, 4));
    String agent = repo.commit("agent writes four lines");
    repo.writeLines(
        "f.txt",
        Stream.concat(numbered("human", 1, 3).stream(), numbered("agent", 1, 4).stream()).toList());
    repo.commit("human prepends three lines");
    LineAttribution evenLinesOnly =
        (commit, path, line) ->
            commit.equals(agent) && line % 2 == 0
                ? Optional.of(new Attribution(Confidence.STRONG, "codex"))
                : Optional.empty();

    LiveCodeResult result = measure(repo.open(), List.of("f.txt"), evenLinesOnly);

    assertThat(result.files()).containsExactly(new LiveFile("f.txt", 7, 2, 0, 0));
    assertThat(result.linesByAgent()).containsExactly(Map.entry("codex", 2L));
  }

  @Test
  void measure_renamedFile_attributionGetsOriginalPath() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("old/name.txt", numbered("agent", 1, 4));
    String agent = repo.commit("agent writes the file");
    repo.git("mv", "old/name.txt", "renamed.txt");
    repo.commit("human renames it");
    List<String> edited = new ArrayList<>(numbered("agent", 1, 4));
    edited.set(1, "human 2");
    repo.writeLines("renamed.txt", edited);
    String human = repo.commit("human edits line 2");
    Set<String> asked = new ConcurrentSkipListSet<>();
    LineAttribution attribution =
        (commit, path, line) -> {
          asked.add(
              (commit.equals(agent) ? "agent" : commit.equals(human) ? "human" : commit)
                  + ":"
                  + path
                  + ":"
                  + line);
          return commit.equals(agent)
              ? Optional.of(new Attribution(Confidence.STRONG, "copilot"))
              : Optional.empty();
        };

    LiveCodeResult result = measure(repo.open(), List.of("renamed.txt"), attribution);

    assertThat(asked)
        .containsExactlyInAnyOrder(
            "agent:old/name.txt:1",
            "human:renamed.txt:2",
            "agent:old/name.txt:3",
            "agent:old/name.txt:4");
    assertThat(result.files()).containsExactly(new LiveFile("renamed.txt", 4, 3, 0, 0));
    assertThat(result.linesByAgent()).containsExactly(Map.entry("copilot", 3L));
  }

  @Test
  void measure_ignoredReformatCommit_blamesEarlierCommit() throws IOException {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("conf.py", List.of("alpha=1", "beta=2", "gamma=3", "delta=4"));
    String agent = repo.commit("agent writes settings");
    repo.writeLines(
        "conf.py", List.of("alpha = 1", "beta = 2", "gamma = 3", "delta = 4", "# human note"));
    String reformat = repo.commit("human reformats and adds a note");
    LineAttribution attribution =
        (commit, path, line) ->
            commit.equals(agent)
                ? Optional.of(new Attribution(Confidence.MEDIUM, "cursor"))
                : Optional.empty();
    Git git = repo.open();
    long leftoversBefore = ignoreRevsFiles();

    LiveCodeResult plain =
        LiveCode.measure(
            git, "HEAD", List.of("conf.py"), Set.of(), attribution, 1, Progress.silent());
    LiveCodeResult ignoring =
        LiveCode.measure(
            git,
            "HEAD",
            List.of("conf.py"),
            Set.of(reformat.substring(0, 10)),
            attribution,
            1,
            Progress.silent());

    assertThat(plain.files()).containsExactly(new LiveFile("conf.py", 5, 0, 0, 0));
    assertThat(ignoring.files()).containsExactly(new LiveFile("conf.py", 5, 0, 4, 0));
    assertThat(ignoring.linesByAgent()).containsExactly(Map.entry("cursor", 4L));
    assertThat(ignoreRevsFiles())
        .as("temporary ignore-revs files left behind")
        .isEqualTo(leftoversBefore);
  }

  private static long ignoreRevsFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("lw-ignore-revs-"))
          .count();
    }
  }

  @Test
  void measure_pathsWithSpacesUnicodeAndQuotes_attributesExactPaths() {
    TestRepo repo = TestRepo.init(folder);
    String spaced = "dir with space/naïve ü 文件.txt";
    String quoted = "tab\there \"quoted\" back\\slash.txt";
    repo.writeLines(spaced, numbered("agent", 1, 3));
    repo.writeLines(quoted, numbered("agent", 1, 2));
    repo.commit("agent writes oddly named files");
    Set<String> paths = new ConcurrentSkipListSet<>();
    LineAttribution attribution =
        (commit, path, line) -> {
          paths.add(path);
          return Optional.of(new Attribution(Confidence.WEAK, "jules"));
        };
    Git git = repo.open();

    List<String> tracked = LiveCode.trackedFiles(git, "HEAD");
    LiveCodeResult result = measure(git, tracked, attribution);

    assertThat(tracked).containsExactlyInAnyOrder(spaced, quoted);
    assertThat(paths).containsExactlyInAnyOrder(spaced, quoted);
    assertThat(result.files())
        .containsExactly(new LiveFile(spaced, 3, 0, 0, 3), new LiveFile(quoted, 2, 0, 0, 2));
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void measure_binaryFile_skippedAndCounted() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeBytes("image.bin", new byte[] {'P', 'N', 'G', 0, '\n', 1, 2, '\n', 3, 0, '\n'});
    repo.writeLines("text.txt", numbered("line", 1, 2));
    repo.commit("add a binary and a text file");
    Git git = repo.open();

    LiveCodeResult result =
        measure(git, LiveCode.trackedFiles(git, "HEAD"), (commit, path, line) -> Optional.empty());

    assertThat(result.files()).containsExactly(new LiveFile("text.txt", 2, 0, 0, 0));
    assertThat(result.skippedFiles()).isEqualTo(1);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void measure_emptyFile_measuredWithZeroLines() {
    TestRepo repo = TestRepo.init(folder);
    repo.write("empty.txt", "");
    repo.write("no-newline.txt", "one\ntwo");
    repo.commit("add an empty file");
    Git git = repo.open();

    LiveCodeResult result =
        measure(git, LiveCode.trackedFiles(git, "HEAD"), (commit, path, line) -> Optional.empty());

    assertThat(result.files())
        .containsExactly(
            new LiveFile("empty.txt", 0, 0, 0, 0), new LiveFile("no-newline.txt", 2, 0, 0, 0));
    assertThat(result.lines()).isEqualTo(2);
    assertThat(result.skippedFiles()).isZero();
  }

  @Test
  void measure_repositoryOpenedInsideSubfolder_usesTopLevelPaths() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("top.txt", numbered("line", 1, 2));
    repo.writeLines("sub/inner.txt", numbered("line", 1, 3));
    repo.commit("two files");
    Git git = Git.open(folder.resolve("sub"));

    List<String> tracked = LiveCode.trackedFiles(git, "HEAD");
    LiveCodeResult result = measure(git, tracked, (commit, path, line) -> Optional.empty());

    assertThat(tracked).containsExactly("sub/inner.txt", "top.txt");
    assertThat(result.files())
        .containsExactly(
            new LiveFile("sub/inner.txt", 3, 0, 0, 0), new LiveFile("top.txt", 2, 0, 0, 0));
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void measure_pathMissingAtRevision_warnsBlameFailed() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("here.txt", numbered("line", 1, 3));
    repo.commit("one file");

    LiveCodeResult result =
        measure(
            repo.open(), List.of("gone.txt", "here.txt"), (commit, path, line) -> Optional.empty());

    assertThat(result.files()).containsExactly(new LiveFile("here.txt", 3, 0, 0, 0));
    assertThat(result.skippedFiles()).isEqualTo(1);
    assertThat(result.warnings()).hasSize(1);
    ScanWarning warning = result.warnings().getFirst();
    assertThat(warning.kind()).isEqualTo("blame-failed");
    assertThat(warning.subject()).isEqualTo("gone.txt");
    assertThat(warning.message()).startsWith("gone.txt: git blame failed: ").contains("gone.txt");
  }

  @Test
  void measure_thirtyFiles_parallelismOneAndFourAgree() {
    TestRepo repo = TestRepo.init(folder);
    long expectedLines = 0;
    for (int i = 0; i < 30; i++) {
      int lines = 1 + i % 7;
      expectedLines += lines;
      repo.writeLines("pkg" + i % 3 + "/file" + i + ".txt", numbered("f" + i + " human", 1, lines));
    }
    repo.commit("human writes thirty files");
    for (int i = 0; i < 30; i += 2) {
      List<String> lines = new ArrayList<>(numbered("f" + i + " human", 1, 1 + i % 7));
      lines.set(0, "f" + i + " agent 1");
      repo.writeLines("pkg" + i % 3 + "/file" + i + ".txt", lines);
    }
    String agent = repo.commit("agent rewrites line 1 of even files");
    LineAttribution attribution =
        (commit, path, line) ->
            commit.equals(agent)
                ? Optional.of(new Attribution(Confidence.WEAK, "aider"))
                : Optional.empty();
    Git git = repo.open();
    List<String> tracked = LiveCode.trackedFiles(git, "HEAD");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Progress progress =
        Progress.start(
            new PrintStream(sink, true, StandardCharsets.UTF_8), true, "blame", 30, "files");

    LiveCodeResult serial =
        LiveCode.measure(git, "HEAD", tracked, Set.of(), attribution, 1, Progress.silent());
    LiveCodeResult parallel =
        LiveCode.measure(git, "HEAD", tracked, Set.of(), attribution, 4, progress);

    assertThat(tracked).hasSize(30);
    assertThat(parallel).isEqualTo(serial);
    assertThat(parallel.lines()).isEqualTo(expectedLines);
    assertThat(parallel.weak()).isEqualTo(15);
    assertThat(parallel.linesByAgent()).containsExactly(Map.entry("aider", 15L));
    assertThat(parallel.files())
        .extracting(LiveFile::path)
        .isSortedAccordingTo(String::compareTo)
        .hasSize(30);
    assertThat(progress.done()).isEqualTo(30);
  }

  @Test
  void measure_unknownRevision_throwsUserInput() {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("f.txt", numbered("line", 1, 1));
    repo.commit("one");

    assertThatThrownBy(() ->
            LiveCode.measure(
                repo.open(),
                "no-such-branch",
                List.of("f.txt"),
                Set.of(),
                (commit, path, line) -> Optional.empty(),
                1,
                Progress.silent()))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("no-such-branch");
    assertThatThrownBy(() ->
            LiveCode.measure(
                repo.open(),
                "HEAD",
                List.of("f.txt"),
                Set.of("deadbeef"),
                (commit, path, line) -> Optional.empty(),
                1,
                Progress.silent()))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("deadbeef");
  }

  @Test
  void trackedFiles_symlinkAndExecutable_listsRegularFilesOnly() throws IOException {
    TestRepo repo = TestRepo.init(folder);
    repo.writeLines("b/run.sh", List.of("echo hi"));
    repo.writeLines("a.txt", List.of("a"));
    Files.createSymbolicLink(folder.resolve("link.txt"), Path.of("a.txt"));
    repo.commit("files and a link");
    repo.git("update-index", "--chmod=+x", "b/run.sh");
    repo.commit("make run.sh executable");

    assertThat(LiveCode.trackedFiles(repo.open(), "HEAD")).containsExactly("a.txt", "b/run.sh");
    assertThat(new TreeSet<>(List.of(repo.git("ls-tree", "-r", "--name-only", "HEAD").split("\n"))))
        .containsExactly("a.txt", "b/run.sh", "link.txt");
  }
}
