package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candidates from folders and git commits, always copied fresh. */
class CandidateTest {
  @TempDir Path temp;

  private static String git(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_NAME",
                "Test",
                "GIT_AUTHOR_EMAIL",
                "test@example.com",
                "GIT_COMMITTER_NAME",
                "Test",
                "GIT_COMMITTER_EMAIL",
                "test@example.com",
                "GIT_AUTHOR_DATE",
                "2026-01-01T00:00:00Z",
                "GIT_COMMITTER_DATE",
                "2026-01-01T00:00:00Z"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void parse_repoAtCommit_copiesThatCommitsTree() throws Exception {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path repo = TaskTrees.candidate(task, temp.resolve("repo"), "first\n");
    git(repo, "-c", "init.defaultBranch=main", "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "first");
    String first = git(repo, "rev-parse", "HEAD");
    TaskTrees.write(repo.resolve("src/prog.sh"), "second\n");
    git(repo, "commit", "-q", "-am", "second");

    Candidate candidate = Candidate.parse(repo + "@" + first, TaskSpec.load(task));
    candidate.copyTo(temp.resolve("copy"));

    assertThat(candidate).isInstanceOf(Candidate.GitCommit.class);
    assertThat(TaskTrees.read(temp.resolve("copy/src/prog.sh"))).isEqualTo("first\n");
    assertThat(temp.resolve("copy/lib/constants.txt")).exists();
  }

  @Test
  void parse_bareCommitOfTaskRepository_usesBaselineFolderOfThatCommit() throws Exception {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    git(task, "-c", "init.defaultBranch=main", "init", "-q");
    git(task, "add", "-A");
    git(task, "commit", "-q", "-m", "task");
    TaskTrees.write(task.resolve("baseline/src/prog.sh"), "faster\n");
    git(task, "commit", "-q", "-am", "faster");

    Candidate candidate = Candidate.parse("HEAD", TaskSpec.load(task));
    candidate.copyTo(temp.resolve("copy"));

    assertThat(candidate.describe()).endsWith("@HEAD:baseline");
    assertThat(TaskTrees.read(temp.resolve("copy/src/prog.sh"))).isEqualTo("faster\n");
    assertThat(temp.resolve("copy/task.toml")).doesNotExist();
  }

  @Test
  void parse_folder_copiedFresh() throws Exception {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Candidate candidate = Candidate.parse(task.resolve("baseline").toString(), TaskSpec.load(task));
    candidate.copyTo(temp.resolve("copy"));
    Files.writeString(temp.resolve("copy/src/prog.sh"), "changed");

    assertThat(TaskTrees.read(task.resolve("baseline/src/prog.sh"))).isEqualTo(TaskTrees.BASELINE);
  }

  @Test
  void parse_unknownCommit_userInputError() throws Exception {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path repo = Files.createDirectories(temp.resolve("repo"));
    git(repo, "-c", "init.defaultBranch=main", "init", "-q");
    Candidate candidate = Candidate.parse(repo + "@nope", TaskSpec.load(task));

    assertThatThrownBy(() -> candidate.copyTo(temp.resolve("copy")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("cannot read " + repo + "@nope: ");
  }
}
