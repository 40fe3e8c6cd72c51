package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent attempts with a real shell "agent". */
class AttemptTest {
  @TempDir Path temp;

  private static final List<String> FAKE_LOOPWATCH =
      List.of("sh", "-c", "echo \"{\\\"args\\\": \\\"$3 $4\\\"}\" >> \"$6\"; echo scored", "x");

  @Test
  void run_agentSpeedsUpAndScores_scoresLoggedAndFinalGradedOnHiddenSeeds() throws Exception {
    TaskSpec task = TaskSpec.load(TaskTrees.task(temp.resolve("task"), ""));

    Attempt.Result result =
        Attempt.run(
            task,
            "sed -i 's/sleep 0.2/sleep 0.02/' src/prog.sh && ./score && echo done",
            Duration.ofSeconds(60),
            FAKE_LOOPWATCH,
            new GradeOptions(2, false, false, false),
            line -> {});

    assertThat(result.agentExitCode()).isZero();
    assertThat(result.budgetExhausted()).isFalse();
    assertThat(result.scores()).containsExactly("{\"args\": \"--practice --no-reference\"}");
    assertThat(TaskTrees.read(result.transcript())).isEqualTo("scored\ndone\n");
    assertThat(result.grade().practice()).isFalse();
    assertThat(result.grade().seeds()).hasSize(3).noneMatch(seed -> seed.seed() <= 2);
    assertThat(result.grade().accepted()).isTrue();
    assertThat(result.grade().notes())
        .contains(
            "1 file(s) the candidate added outside the editable globs were left out of its copy");
    assertThat(TaskTrees.read(result.folder().resolve("practice-task/task.toml")))
        .contains("practice_only = true", "practice_seeds = [1, 2]")
        .doesNotContain("grading_seeds", "check_seeds");
  }

  @Test
  void run_agent_sandboxedWithoutTaskFolderJarOrNetwork() {
    Path taskFolder = TaskTrees.task(temp.resolve("task"), "");
    TaskSpec task = TaskSpec.load(taskFolder);

    Attempt.Result result =
        Attempt.run(
            task,
            "find / -name task.toml 2>/dev/null | wc -l > found.txt;"
                + " ls "
                + taskFolder
                + " > listed.txt 2>&1;"
                + " ls /proc | grep -c '^[0-9]' > procs.txt;"
                + " tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > net.txt",
            Duration.ofSeconds(60),
            FAKE_LOOPWATCH,
            new GradeOptions(2, false, false, false),
            line -> {});

    Path workspace = result.folder().resolve("workspace");
    assertThat(TaskTrees.read(workspace.resolve("found.txt"))).isEqualTo("0\n");
    assertThat(TaskTrees.read(workspace.resolve("listed.txt"))).contains("No such file");
    assertThat(Integer.parseInt(TaskTrees.read(workspace.resolve("procs.txt")).strip()))
        .isLessThan(8);
    assertThat(TaskTrees.read(workspace.resolve("net.txt"))).isEqualTo("lo\n");
  }

  @Test
  void run_agentPastBudget_stoppedAndGraded() {
    TaskSpec task = TaskSpec.load(TaskTrees.task(temp.resolve("task"), ""));

    Attempt.Result result =
        Attempt.run(
            task,
            "sleep 30 & sleep 30",
            Duration.ofSeconds(1),
            FAKE_LOOPWATCH,
            new GradeOptions(2, false, false, false),
            line -> {});

    assertThat(result.budgetExhausted()).isTrue();
    assertThat(result.agentExitCode()).isEqualTo(137);
    assertThat(result.scores()).isEmpty();
    assertThat(result.grade().check("outputs_match_hidden").orElseThrow().verdict())
        .isEqualTo(Check.Verdict.PASS);
  }

  @Test
  void writePracticeTask_dataGenerator_generatorFilesCopiedReferenceAndSeedsLeftOut()
      throws Exception {
    Path folder = TaskTrees.task(temp.resolve("task"), "reference = \"reference\"\n");
    TaskTrees.write(folder.resolve("gen/gen.sh"), "echo x > \"$1\"\n");
    Trees.copy(folder.resolve("baseline"), folder.resolve("reference"));
    TaskTrees.write(
        folder.resolve("task.toml"),
        TaskTrees.read(folder.resolve("task.toml"))
            + "data = [\"sh\", \"gen/gen.sh\", \"{data}\"]\n");
    TaskSpec task = TaskSpec.load(folder);

    TaskSpec practice = TaskSpec.load(Attempt.writePracticeTask(task, temp.resolve("practice")));

    assertThat(practice.data())
        .contains(new TaskData.Generator(List.of("sh", "gen/gen.sh", "{data}")));
    assertThat(TaskTrees.read(temp.resolve("practice/gen/gen.sh"))).isEqualTo("echo x > \"$1\"\n");
    assertThat(temp.resolve("practice/reference")).doesNotExist();
    assertThat(practice.reference()).isEmpty();
  }

  @Test
  void writePracticeTask_loadsAsPracticeOnly() throws Exception {
    TaskSpec task = TaskSpec.load(TaskTrees.task(temp.resolve("task"), ""));

    TaskSpec practice = TaskSpec.load(Attempt.writePracticeTask(task, temp.resolve("practice")));

    assertThat(practice.practiceOnly()).isTrue();
    assertThat(practice.gradingSeeds()).isEmpty();
    assertThat(practice.practiceSeeds()).containsExactly(1L, 2L);
    assertThat(practice.outputs()).isEqualTo(task.outputs());
    assertThat(practice.run()).isEqualTo(task.run());
    assertThat(practice.limits()).isEqualTo(task.limits());
  }
}
