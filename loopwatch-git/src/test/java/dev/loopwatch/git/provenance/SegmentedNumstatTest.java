package dev.loopwatch.git.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.log.NumstatReader;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentedNumstatTest {
  private static final List<String> OPTIONS = ProvenanceMiner.CHAIN_OPTIONS;

  @TempDir Path temp;

  /** What the scan read before: one process, its commits up to the end or its failure. */
  private record Read(List<NumstatReader.CommitStats> commits, Optional<String> failure) {}

  /**
   * A history with merges (one bringing in a rename and an edit), renames on the chain and plain
   * edits: 19 first-parent changes.
   */
  private TestRepo history() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("repo"));
    Files.createDirectories(repo.root().resolve("lib"));
    Files.createDirectories(repo.root().resolve("docs"));
    for (int i = 0; i < 6; i++) {
      repo.write("src/file" + i + ".txt", ("line of file " + i + "\n").repeat(5 + i));
      repo.commit("add file " + i);
    }
    for (int round = 0; round < 3; round++) {
      repo.git("checkout", "-q", "-b", "topic" + round);
      repo.git("mv", "src/file" + round + ".txt", "lib/moved" + round + ".txt");
      repo.commit("move file " + round);
      repo.append("lib/moved" + round + ".txt", "more on the topic " + round + "\n");
      repo.commit("edit moved " + round);
      repo.git("checkout", "-q", "main");
      repo.append("src/file5.txt", "main line " + round + "\n");
      repo.commit("edit on main " + round);
      repo.git("merge", "--no-ff", "-q", "-m", "merge topic " + round, "topic" + round);
      repo.git("mv", "src/file" + (round + 3) + ".txt", "docs/renamed" + round + ".txt");
      repo.commit("rename on main " + round);
      repo.append("docs/renamed" + round + ".txt", "after the rename\n");
      repo.commit("edit renamed " + round);
    }
    repo.write("bin/blob.dat", "binary\0data");
    repo.commit("add a binary file");
    return repo;
  }

  private static Read direct(Git git, List<String> revisions) {
    List<String> args = new ArrayList<>(OPTIONS);
    args.addAll(revisions);
    args.add("--");
    Git.Result result = git.tryRun(args);
    List<NumstatReader.CommitStats> commits = new ArrayList<>();
    NumstatReader reader =
        new NumstatReader(
            new ByteArrayInputStream(result.stdout().getBytes(StandardCharsets.UTF_8)));
    try {
      Optional<NumstatReader.CommitStats> next;
      while ((next = reader.next()).isPresent()) {
        commits.add(next.get());
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return new Read(
        commits,
        result.exitCode() == 0
            ? Optional.empty()
            : Optional.of(git.failure(args, result.exitCode(), result.stderr()).getMessage()));
  }

  private static Read segmented(Git git, List<String> revisions, SegmentedNumstat.Plan plan) {
    List<NumstatReader.CommitStats> commits = new ArrayList<>();
    try (SegmentedNumstat numstat =
        SegmentedNumstat.start(git, OPTIONS, revisions, List.of(), plan)) {
      Optional<NumstatReader.CommitStats> next;
      while ((next = numstat.next()).isPresent()) {
        commits.add(next.get());
      }
      assertThat(numstat.next()).isEmpty();
      return new Read(commits, Optional.empty());
    } catch (LoopwatchException e) {
      assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.EXTERNAL);
      return new Read(commits, Optional.of(e.getMessage()));
    }
  }

  private static SegmentedNumstat.Plan plan(int parallel, int segments) {
    return new SegmentedNumstat.Plan(parallel, segments, 1, NumstatPrefetch.FILE_BUDGET);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void next_segments_giveWhatOneProcessGives(int segments) throws Exception {
    Git git = Git.open(history().root());
    Read one = direct(git, List.of("main"));
    assertThat(one.commits()).hasSize(19);
    assertThat(one.commits())
        .anySatisfy(c -> assertThat(c.files().getFirst().oldPath()).isPresent());
    for (int parallel = 1; parallel <= 3; parallel++) {
      assertThat(segmented(git, List.of("main"), plan(parallel, segments))).isEqualTo(one);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void next_segmentsWithBase_giveWhatOneProcessGives(int segments) throws Exception {
    TestRepo repo = history();
    Git git = Git.open(repo.root());
    // A base on the chain (an incremental scan's) and one on a merged topic branch.
    String onChain = repo.git("rev-parse", "main~7").strip();
    String onTopic = repo.git("rev-parse", "topic1").strip();
    for (String base : List.of(onChain, onTopic)) {
      List<String> revisions = List.of(repo.git("rev-parse", "main").strip(), "^" + base);
      Read one = direct(git, revisions);
      assertThat(one.commits()).isNotEmpty();
      assertThat(segmented(git, revisions, plan(2, segments))).isEqualTo(one);
    }
  }

  @Test
  void next_tipReachableFromBase_givesNothing() throws Exception {
    TestRepo repo = history();
    Git git = Git.open(repo.root());
    List<String> revisions = List.of("main~3", "^main");
    assertThat(segmented(git, revisions, plan(2, 4)))
        .isEqualTo(new Read(List.of(), Optional.empty()));
  }

  @Test
  void next_minSegment_keepsAShortChainInOneProcess() throws Exception {
    Git git = Git.open(history().root());
    SegmentedNumstat.Plan plan = new SegmentedNumstat.Plan(2, 8, 1000, 10);
    assertThat(plan.segmentsFor(22)).isEqualTo(1);
    assertThat(plan.segmentsFor(2500)).isEqualTo(2);
    assertThat(plan.segmentsFor(100_000)).isEqualTo(8);
    assertThat(segmented(git, List.of("main"), plan)).isEqualTo(direct(git, List.of("main")));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void next_blobMissingInAnOldSegment_failsAsOneProcessFails(int segments) throws Exception {
    TestRepo repo = history();
    // The oldest change's file content goes missing: git fails on the first change that reads
    // it (the merge that renames it), after the newer segments read fine.
    String oldest = repo.git("rev-list", "--max-parents=0", "main").strip();
    String blob = repo.git("rev-parse", oldest + ":src/file0.txt").strip();
    Files.delete(
        repo.root().resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));
    Git git = Git.open(repo.root());
    Read one = direct(git, List.of("main"));
    assertThat(one.failure()).isPresent();
    assertThat(one.commits()).isNotEmpty();
    assertThat(segmented(git, List.of("main"), plan(2, segments))).isEqualTo(one);
  }

  @Test
  void next_unknownTip_throwsTheFailureOfOneProcess() throws Exception {
    Git git = Git.open(history().root());
    Read one = direct(git, List.of("no-such-branch"));
    assertThat(one.failure())
        .hasValueSatisfying(m -> assertThat(m).contains("git log --first-parent -z failed"));
    assertThat(segmented(git, List.of("no-such-branch"), plan(2, 4))).isEqualTo(one);
  }

  /**
   * Twenty changes of 400 long-named files each: every segment's output is far larger than a pipe
   * and a one-entry read-ahead together, so its git cannot finish until it is read.
   */
  private TestRepo wideHistory() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("wide"));
    String folder = "a-folder-with-a-rather-long-name/and-another-one-below-it/";
    for (int i = 0; i < 20; i++) {
      for (int f = 0; f < 400; f++) {
        repo.append(folder + "file-with-a-long-name-number-" + f + ".txt", "change " + i + "\n");
      }
      repo.commit("change " + i);
    }
    return repo;
  }

  private static List<ProcessHandle> gitChildren() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(p ->
            p.info()
                .arguments()
                .map(args -> List.of(args).contains("--first-parent"))
                .orElse(false))
        .toList();
  }

  @Test
  void close_afterOneCommit_leavesNoGitRunning() throws Exception {
    Git git = Git.open(wideHistory().root());
    SegmentedNumstat numstat =
        SegmentedNumstat.start(
            git, OPTIONS, List.of("main"), List.of(), new SegmentedNumstat.Plan(2, 2, 1, 1));
    assertThat(numstat.next()).isPresent();
    // The first segment's git is blocked on its pipe with most of its output unread.
    List<ProcessHandle> running = gitChildren();
    assertThat(running).isNotEmpty();
    numstat.close();
    for (ProcessHandle process : running) {
      // Already reaped by close; the wait only bounds a failing test.
      process.onExit().get(60, TimeUnit.SECONDS);
    }
    assertThat(gitChildren()).isEmpty();
  }

  @Test
  void close_beforeAnyRead_leavesNoGitRunning() throws Exception {
    Git git = Git.open(wideHistory().root());
    SegmentedNumstat numstat =
        SegmentedNumstat.start(
            git, OPTIONS, List.of("main"), List.of(), new SegmentedNumstat.Plan(2, 4, 1, 1));
    numstat.close();
    assertThat(gitChildren()).isEmpty();
  }

  @Test
  void close_afterFailure_leavesNoGitRunning() throws Exception {
    Git git = Git.open(wideHistory().root());
    // The first of four segments fails at once; the three later ones are blocked on their pipes.
    List<String> revisions = List.of("main");
    SegmentedNumstat numstat =
        SegmentedNumstat.start(
            git,
            List.of("log", "--first-parent", "-z", "--numstat", "--format=%x02%H"),
            revisions,
            List.of(),
            new SegmentedNumstat.Plan(4, 4, 1, 1));
    assertThat(catchThrowable(numstat::next)).isInstanceOf(LoopwatchException.class);
    numstat.close();
    assertThat(gitChildren()).isEmpty();
  }
}
