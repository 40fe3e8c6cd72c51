package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plausibility and measurability rules on a grading's timings, each driven by run results as
 * the sandbox reports them (wall time from the harness, CPU time from the run's cgroup).
 */
class TimingChecksTest {
  @TempDir Path temp;

  private TaskSpec task(String extraToml) {
    return TaskSpec.load(TaskTrees.task(temp.resolve("task"), extraToml));
  }

  private static RunResult run(double wallSeconds, double cpuSeconds) {
    return new RunResult(
        0,
        (long) (wallSeconds * 1e9),
        OptionalDouble.of(cpuSeconds),
        OptionalLong.of(1024),
        false,
        List.of(),
        List.of(),
        "");
  }

  private static List<RunResult> runs(double wallSeconds, double... cpuSeconds) {
    return Arrays.stream(cpuSeconds).mapToObj(cpu -> run(wallSeconds, cpu)).toList();
  }

  private static Optional<Speedup> speedup(double baseline, double candidate, int pairs) {
    double[] base = new double[pairs];
    double[] cand = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      base[i] = baseline * (1 + 0.001 * i);
      cand[i] = candidate * (1 + 0.001 * i);
    }
    return Optional.of(Speedup.of(base, cand));
  }

  @Test
  void plausible_cpuExplainsTheSpeedup_passes() {
    Check check =
        TimingChecks.plausible(
            task(""), speedup(2.0, 1.0, 5), runs(2.0, 1.9, 1.9, 1.9), runs(1.0, 0.95, 0.95, 0.95));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.PASS);
    assertThat(check.reason()).contains("(cgroup) explains it");
  }

  @Test
  void plausible_wallSpeedupAboveCpuSpeedupTimesCpus_flagged() {
    // A CPU-bound baseline at 2 s; the candidate's wall time is 0.2 s (10x) while its cgroup saw
    // 1.0 s of CPU (1.9x): with 2 CPUs at most 3.8x is explained, the rest ran outside the run.
    Check check =
        TimingChecks.plausible(
            task(""), speedup(2.0, 0.2, 5), runs(2.0, 1.9, 1.9, 1.9), runs(0.2, 1.0, 1.0, 1.0));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.FLAG);
    assertThat(check.reason()).contains("times 2 CPUs");
  }

  @Test
  void plausible_singleThreadedTaskCandidateCpuAnOrderBelow_flagged() {
    Check check =
        TimingChecks.plausible(
            task("single_threaded = true\n"),
            speedup(2.0, 0.15, 5),
            runs(2.0, 1.9, 1.9, 1.9),
            runs(0.15, 0.1, 0.1, 0.1));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.FLAG);
    assertThat(check.reason()).contains("single-threaded");
  }

  @Test
  void plausible_sameCandidateOnMultiThreadedTask_notFlaggedForCpu() {
    Check check =
        TimingChecks.plausible(
            task(""), speedup(2.0, 0.15, 5), runs(2.0, 1.9, 1.9, 1.9), runs(0.15, 0.1, 0.1, 0.1));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.PASS);
  }

  @Test
  void plausible_oneBaselineRunStraysFromItsMedian_flagged() {
    // A slowed baseline (another process stopped or loaded it in one pair) shows in its own CPU.
    Check check =
        TimingChecks.plausible(
            task(""),
            speedup(2.0, 1.0, 5),
            runs(2.0, 1.9, 1.9, 4.0, 1.9),
            runs(1.0, 0.95, 0.95, 0.95, 0.95));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.FLAG);
    assertThat(check.reason()).contains("timed pair 3").contains("strays");
  }

  @Test
  void plausible_aboveMaxSpeedup_flagged() {
    Check check =
        TimingChecks.plausible(
            task(""), speedup(300, 1, 5), runs(300, 290, 290, 290), runs(1, 0.9, 0.9, 0.9));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.FLAG);
    assertThat(check.reason()).contains("max_speedup 200x");
  }

  @Test
  void plausible_notTimed_skipped() {
    assertThat(TimingChecks.plausible(task(""), Optional.empty(), List.of(), List.of()).verdict())
        .isEqualTo(Check.Verdict.SKIPPED);
  }

  @Test
  void measurable_intervalAboveOne_passesWithRangeBelowFivePairs() {
    Check check = TimingChecks.measurable(speedup(2.0, 1.0, 3));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.PASS);
    assertThat(check.reason()).contains("range").doesNotContain("CI");
  }

  @Test
  void measurable_fivePairs_saysCi() {
    assertThat(TimingChecks.measurable(speedup(2.0, 1.0, 5)).reason()).contains("% CI");
  }

  @Test
  void measurable_intervalBelowOne_fails() {
    // A clearly slower candidate: an interval that excludes 1 from below is no speedup.
    Check check = TimingChecks.measurable(speedup(1.0, 2.0, 5));

    assertThat(check.verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check.reason()).startsWith("no measurable speedup");
  }
}
