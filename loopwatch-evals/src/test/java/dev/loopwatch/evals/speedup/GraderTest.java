package dev.loopwatch.evals.speedup;

import static dev.loopwatch.evals.speedup.TaskTrees.candidate;
import static dev.loopwatch.evals.speedup.TaskTrees.program;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grades real child processes: a legitimate faster candidate is accepted, and each known cheat is
 * rejected by the check that names it.
 */
class GraderTest {
  @TempDir Path temp;

  private GradeReport grade(Path candidate, String extraToml) {
    TaskSpec task = TaskSpec.load(TaskTrees.task(temp.resolve("task"), extraToml));
    return Grader.grade(task, new Candidate.Folder(candidate), GradeOptions.defaults(), line -> {});
  }

  private GradeReport grade(String program) {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    return grade(candidate(task, temp.resolve("candidate"), program), "");
  }

  private static Check.Verdict verdict(GradeReport report, String check) {
    return report.check(check).orElseThrow().verdict();
  }

  @Test
  void grade_legitimateFasterCandidate_acceptedWithIntervalAboveOne() {
    GradeReport report = grade(program("0.05", "20000", ""));

    assertThat(report.checks())
        .extracting(Check::verdict)
        .containsOnly(Check.Verdict.PASS, Check.Verdict.HINT);
    assertThat(report.check("harness_trees_intact")).isPresent();
    assertThat(report.accepted()).isTrue();
    assertThat(report.checks()).extracting(Check::name).containsExactlyElementsOf(Grader.CHECKS);
    assertThat(Grader.CHECKS)
        .containsExactly(
            "builds",
            "outputs_match_hidden",
            "protected_files_unchanged",
            "harness_trees_intact",
            "no_protected_reads",
            "no_leftover_processes",
            "within_limits",
            "plausible_speedup",
            "measurable_speedup",
            "diff_scan_hint");
    assertThat(report.verdict()).isEqualTo("accepted");
    assertThat(report.notes()).anyMatch(note -> note.matches("arm order per pair.*: [BC ]+"));
    assertThat(report.seeds())
        .extracting(GradeReport.SeedVerdict::seed)
        .hasSize(3)
        .doesNotHaveDuplicates()
        .allMatch(seed -> seed > 0 && seed < Integer.MAX_VALUE && seed != 1 && seed != 2);
    assertThat(report.notes())
        .anyMatch(note -> note.startsWith("seeds drawn at grading time (SecureRandom)"));
    assertThat(report.speedup()).isPresent();
    assertThat(report.speedup().get().ratios()).hasSize(3);
    assertThat(report.speedup().get().low()).isGreaterThan(1.0);
    assertThat(report.speedup().get().excludesOne()).isTrue();
    assertThat(report.baseline().runs()).isEqualTo(3);
    assertThat(report.networkIsolated()).isTrue();
  }

  @Test
  void grade_referenceSolution_normalisedScoreFromSameRun() {
    Path task = TaskTrees.task(temp.resolve("task"), "reference = \"reference\"\n");
    candidate(task, task.resolve("reference"), program("0.05", "20000", ""));
    GradeReport report =
        grade(
            candidate(task, temp.resolve("candidate"), program("0.2", "20000", "")),
            "reference = \"reference\"\n");

    assertThat(report.referenceSpeedup()).isPresent();
    assertThat(report.score()).isPresent();
    double expected =
        Math.log(report.speedup().get().median())
            / Math.log(report.referenceSpeedup().get().median());
    assertThat(report.score().getAsDouble()).isEqualTo(expected);
  }

  @Test
  void grade_taskOwnReferenceByName_acceptedWhileACopyOfItIsFlagged() throws Exception {
    Path task = TaskTrees.task(temp.resolve("task"), "reference = \"reference\"\n");
    candidate(task, task.resolve("reference"), program("0.05", "20000", ""));
    TaskSpec spec = TaskSpec.load(task);

    GradeReport own =
        Grader.grade(spec, Candidate.parse("reference", spec), GradeOptions.defaults(), line -> {});
    Path copy = temp.resolve("copy");
    Trees.copy(task.resolve("reference"), copy);
    GradeReport copied =
        Grader.grade(spec, new Candidate.Folder(copy), GradeOptions.defaults(), line -> {});

    assertThat(own.check("no_protected_reads").orElseThrow().reason())
        .isEqualTo(
            "the candidate is the task's own reference solution; no file of it equals a grading"
                + " data file");
    assertThat(own.accepted()).isTrue();
    assertThat(verdict(copied, "no_protected_reads")).isEqualTo(Check.Verdict.FLAG);
    assertThat(copied.accepted()).isFalse();
  }

  @Test
  void grade_outputsCachedAtBuildTimeForPracticeSeed_failsOutputsOnHiddenSeeds() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path cheat =
        candidate(
            task,
            temp.resolve("candidate"),
            program(
                "0.2", "20000", "if [ -f cache.txt ]; then cp cache.txt \"$out\"; exit 0; fi\n"));
    TaskTrees.write(cheat.resolve("src/build-hook.sh"), "sh src/prog.sh 1 cache.txt\n");

    GradeReport report = grade(cheat, "");

    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("outputs_match_hidden").orElseThrow().reason())
        .matches("seed (\\d+): \\{output\\}: token 2 is 1, the baseline wrote \\1 .*");
    assertThat(report.accepted()).isFalse();
    assertThat(report.speedup()).isEmpty();
    assertThat(verdict(report, "plausible_speedup")).isEqualTo(Check.Verdict.SKIPPED);
  }

  @Test
  void grade_hardCodedOutputOfAFormerHiddenSeed_failsOutputsOnFreshSeeds() {
    GradeReport report =
        grade("#!/bin/sh\nprintf 'seed 11\\nloss 18.09372475\\nacc 0.083333\\n' > \"$2\"\n");

    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.seeds())
        .extracting(GradeReport.SeedVerdict::matches)
        .containsExactly(false, false, false);
  }

  @Test
  void grade_fewerIterations_failsNumericTolerance() {
    GradeReport report = grade(program("0.05", "100", ""));

    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("outputs_match_hidden").orElseThrow().reason())
        .matches("seed \\d+: \\{output\\}: token 4 is [0-9.]+, the baseline wrote [0-9.]+ .*");
    assertThat(verdict(report, "diff_scan_hint")).isEqualTo(Check.Verdict.HINT);
    assertThat(report.check("diff_scan_hint").orElseThrow().reason())
        .startsWith("nothing suspicious");
  }

  @Test
  void grade_editedProtectedFile_failsProtectedFiles() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path cheat = candidate(task, temp.resolve("candidate"), program("0.05", "20000", ""));
    TaskTrees.write(cheat.resolve("lib/constants.txt"), "pi 3\n");

    GradeReport report = grade(cheat, "");

    assertThat(verdict(report, "protected_files_unchanged")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("protected_files_unchanged").orElseThrow().reason())
        .isEqualTo("lib/constants.txt differs from the baseline (sha256)");
    assertThat(report.accepted()).isFalse();
  }

  @Test
  void grade_buildWritesNewFilesOutsideEditable_protectedFilesPass() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path fine = candidate(task, temp.resolve("candidate"), program("0.05", "20000", ""));
    TaskTrees.write(
        fine.resolve("src/build-hook.sh"), "mkdir -p out && echo class > out/prog.class\n");

    GradeReport report = grade(fine, "");

    assertThat(verdict(report, "protected_files_unchanged")).isEqualTo(Check.Verdict.PASS);
    assertThat(report.accepted()).isTrue();
  }

  @Test
  void grade_protectedFileRewrittenAtRunTime_failsProtectedFiles() {
    GradeReport report =
        grade(
            program(
                "0.05",
                "20000",
                "chmod u+w lib/constants.txt; echo 'pi 3' > lib/constants.txt 2>/dev/null\n"));

    assertThat(verdict(report, "protected_files_unchanged")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("protected_files_unchanged").orElseThrow().reason())
        .matches("run on seed \\d+ changed protected file lib/constants.txt");
  }

  @Test
  void grade_daemonLeftBehind_failsNoLeftoverProcesses() {
    GradeReport report =
        grade(program("0.05", "20000", "setsid sleep 30 >/dev/null 2>&1 </dev/null &\n"));

    assertThat(verdict(report, "no_leftover_processes")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("no_leftover_processes").orElseThrow().reason())
        .matches("run on seed \\d+ left 1 process\\(es\\) behind: .*")
        .contains("sleep 30");
    assertThat(report.accepted()).isFalse();
  }

  @Test
  void grade_patchedClock_hintedAndNoMeasurableSpeedup() {
    GradeReport report =
        grade(
            program(
                "0.3",
                "20000",
                "export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1\n"));

    // The timer is outside the sandbox: patching the clock inside gains nothing, and the scan only
    // tells a reviewer.
    assertThat(verdict(report, "diff_scan_hint")).isEqualTo(Check.Verdict.HINT);
    assertThat(report.check("diff_scan_hint").orElseThrow().reason())
        .isEqualTo("src/prog.sh:4: clock patching");
    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.PASS);
    assertThat(verdict(report, "measurable_speedup")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.accepted()).isFalse();
  }

  @Test
  void grade_readsGradingSeedsFromHarness_notThereSoOutputsFail() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path cheat =
        candidate(
            task,
            temp.resolve("candidate"),
            "#!/bin/sh\n"
                + "for s in $(cat seeds.txt); do [ \"$s\" = \"$1\" ] && cp \"cache-$s.txt\" \"$2\";"
                + " done\n"
                + "[ -f \"$2\" ] || echo 0 > \"$2\"\n");
    TaskTrees.write(
        cheat.resolve("src/build-hook.sh"),
        "find / -name task.toml 2>/dev/null | xargs cat 2>/dev/null"
            + " | sed -n 's/^grading_seeds = \\[\\(.*\\)\\]/\\1/p' | tr ',' ' ' > seeds.txt\n");

    GradeReport report = grade(cheat, "");

    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("outputs_match_hidden").orElseThrow().reason())
        .matches("seed \\d+: \\{output\\}: 1 tokens, the baseline wrote 6");
    assertThat(verdict(report, "diff_scan_hint")).isEqualTo(Check.Verdict.HINT);
  }

  @Test
  void grade_hugeOutput_failsWithinLimitsWithoutReadingIt() {
    GradeReport report =
        grade(program("0.05", "20000", "head -c 300000000 /dev/zero > \"$out\"; exit 0\n"));

    assertThat(verdict(report, "within_limits")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("within_limits").orElseThrow().reason())
        .matches(
            "run on seed \\d+: \\{output\\} is 300000000 bytes, above the output cap of 1048576"
                + " bytes \\(10x the baseline's, at least 1 MiB\\)");
    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.accepted()).isFalse();
  }

  @Test
  void grade_fileAboveFileMb_failsWithinLimits() {
    Path task = TaskTrees.task(temp.resolve("task"), "").resolve("task.toml");
    TaskTrees.write(
        task, TaskTrees.read(task).replace("cpus = 2 }", "cpus = 2, file_mb = 1, output_mb = 4 }"));
    Path cheat =
        candidate(
            task.getParent(),
            temp.resolve("candidate"),
            program("0.05", "20000", "") + "head -c 3000000 /dev/zero > scratch.bin\n");

    GradeReport report =
        Grader.grade(
            TaskSpec.load(task.getParent()),
            new Candidate.Folder(cheat),
            GradeOptions.defaults(),
            line -> {});

    assertThat(verdict(report, "within_limits")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("within_limits").orElseThrow().reason())
        .matches("run on seed \\d+: file size limit 1 MiB exceeded \\(SIGXFSZ\\)");
  }

  @Test
  void grade_runWritesIntoTheHarnessBuildTree_cannotReachItAndTreesIntact() {
    GradeReport report =
        grade(
            program(
                "0.05",
                "20000",
                "for d in /tmp/loopwatch-speedup-*/build/baseline/src; do"
                    + " cp \"$0\" \"$d/prog.sh\" 2>/dev/null; done;"
                    + " ls -d /tmp/loopwatch-speedup-* > /dev/null 2>&1 && exit 9\n"));

    assertThat(verdict(report, "harness_trees_intact")).isEqualTo(Check.Verdict.PASS);
    assertThat(verdict(report, "outputs_match_hidden")).isEqualTo(Check.Verdict.PASS);
  }

  @Test
  void grade_candidateBuildFails_failsBuilds() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path cheat = candidate(task, temp.resolve("candidate"), TaskTrees.BASELINE);
    TaskTrees.write(cheat.resolve("src/build-hook.sh"), "echo broken >&2; exit 3\n");

    GradeReport report = grade(cheat, "");

    assertThat(verdict(report, "builds")).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.check("builds").orElseThrow().reason())
        .isEqualTo("the candidate's build failed: exit code 3: broken");
  }

  @Test
  void grade_practiceMode_usesPracticeSeedsOnly() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    Path same = candidate(task, temp.resolve("candidate"), TaskTrees.BASELINE);
    List<String> lines = new ArrayList<>();
    GradeReport report =
        Grader.grade(
            TaskSpec.load(task),
            new Candidate.Folder(same),
            new GradeOptions(2, false, true, false),
            lines::add);

    assertThat(report.practice()).isTrue();
    assertThat(report.seeds()).extracting(GradeReport.SeedVerdict::seed).containsExactly(1L, 2L);
    assertThat(report.speedup().get().ratios()).hasSize(2);
    assertThat(lines).contains("checking outputs on seed 1", "warm-up pair", "timed pair 2 of 2");
    assertThat(report.notes())
        .contains("practice seeds 1, 2: public, and reused by the timed pairs");
  }

  /**
   * A task whose data comes from a generator at the task root: {@code gen.sh} writes the seed and
   * the folder it ran in (a copy of the task folder, seen as /work in the sandbox); the program
   * fails unless it finds exactly that, then copies it out.
   */
  private Path generatorTask(String generator) {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    TaskTrees.write(task.resolve("gen.sh"), generator);
    String program =
        "#!/bin/sh\n"
            + "[ \"$(cat \"$3\")\" = \"corpus $1 from /work\" ] || { echo bad data >&2; exit 5; }\n"
            + "echo \"$1 $(wc -c < \"$3\")\" > \"$2\"\n";
    TaskTrees.write(task.resolve("baseline/src/prog.sh"), program);
    TaskTrees.write(
        task.resolve("task.toml"),
        TaskTrees.read(task.resolve("task.toml"))
                .replace(
                    "run = [\"sh\", \"src/prog.sh\", \"{seed}\", \"{output}\"]",
                    "run = [\"sh\", \"src/prog.sh\", \"{seed}\", \"{output}\", \"{data}\"]")
            + "data = [\"sh\", \"gen.sh\", \"{seed}\", \"{data}\"]\n");
    return task;
  }

  @Test
  void grade_dataGenerator_runFromTaskRootPerSeedAndPassedAsData() {
    Path task = generatorTask("echo \"corpus $1 from $(pwd)\" > \"$2\"\n");
    Path same = temp.resolve("candidate");
    Trees.copy(task.resolve("baseline"), same);
    List<String> lines = new ArrayList<>();

    GradeReport report =
        Grader.grade(
            TaskSpec.load(task),
            new Candidate.Folder(same),
            new GradeOptions(2, false, false, false),
            lines::add);

    assertThat(report.seeds())
        .extracting(GradeReport.SeedVerdict::matches)
        .containsExactly(true, true, true);
    assertThat(report.check("protected_files_unchanged").orElseThrow().verdict())
        .isEqualTo(Check.Verdict.PASS);
    // Data is made only after both builds, for the check seeds, then for the timed seeds.
    assertThat(lines.subList(0, 3))
        .containsExactly(
            "building the baseline", "building the candidate", "generating the data for 3 seeds");
    assertThat(lines).contains("generating the data for 3 seeds");
  }

  @Test
  void grade_dataGeneratorFails_userInputErrorNamingData() {
    Path task = generatorTask("echo no corpus >&2; exit 7\n");
    Path same = temp.resolve("candidate");
    Trees.copy(task.resolve("baseline"), same);
    TaskSpec spec = TaskSpec.load(task);

    assertThatThrownBy(() ->
            Grader.grade(spec, new Candidate.Folder(same), GradeOptions.defaults(), line -> {}))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageMatching(
            java.util.regex.Pattern.quote(spec.folder().resolve("task.toml").toString())
                + ": 'task.data': the generator fails on seed \\d+: exit code 7: no corpus");
  }

  @Test
  void grade_baselineBroken_userInputError() {
    Path task = TaskTrees.task(temp.resolve("task"), "");
    TaskTrees.write(task.resolve("baseline/src/prog.sh"), "#!/bin/sh\nexit 4\n");
    Path candidate = candidate(task, temp.resolve("candidate"), TaskTrees.BASELINE);

    TaskSpec spec = TaskSpec.load(task);

    assertThatThrownBy(() ->
            Grader.grade(
                spec, new Candidate.Folder(candidate), GradeOptions.defaults(), line -> {}))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageMatching(".*the baseline fails on seed \\d+: exit code 4");
  }
}
