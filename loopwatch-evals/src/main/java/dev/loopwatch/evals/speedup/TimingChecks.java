package dev.loopwatch.evals.speedup;

import dev.loopwatch.core.stats.Quantiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The checks on the timings of a grading: {@code plausible_speedup} (flags a speedup the CPU time
 * measured by the kernel cannot explain, or a baseline that did not behave like itself) and {@code
 * measurable_speedup} (the interval lies above 1).
 */
final class TimingChecks {
  /** A baseline run whose CPU is this factor off its median (and {@link #STRAY_SECONDS}) strays. */
  static final double STRAY_FACTOR = 1.5;

  /** The least absolute CPU difference from the median that counts as straying, in seconds. */
  static final double STRAY_SECONDS = 0.25;

  /** A baseline counts as CPU-bound when its median CPU is at least this share of its wall time. */
  static final double CPU_BOUND = 0.5;

  private TimingChecks() {}

  /**
   * {@code plausible_speedup}: flags (needs review, not accepted) when the median speedup is above
   * the task's {@code max_speedup}; when, for a CPU-bound baseline, the wall speedup is above the
   * CPU speedup times the run's CPUs (work the kernel did not see in the run's cgroup); when a
   * single-threaded task's candidate uses a tenth of the baseline's CPU or less; or when a timed
   * baseline run's CPU strays far from the median of the grading's baseline runs (a slowed or
   * poisoned baseline).
   */
  static Check plausible(
      TaskSpec task, Optional<Speedup> speedup, List<RunResult> base, List<RunResult> candidate) {
    String name = "plausible_speedup";
    if (speedup.isEmpty()) {
      return Check.skipped(name, "not timed: an earlier check failed");
    }
    double wall = speedup.get().median();
    List<String> problems = new ArrayList<>();
    if (wall > task.maxSpeedup()) {
      problems.add(
          format(
              "median speedup %.2fx is above the task's max_speedup %.0fx",
              wall, task.maxSpeedup()));
    }
    OptionalDouble baseCpu = medianCpu(base);
    OptionalDouble candidateCpu = medianCpu(candidate);
    double baseWall =
        Quantiles.of(base.stream().mapToDouble(RunResult::wallSeconds).toArray(), 0.5);
    if (baseCpu.isPresent() && candidateCpu.isPresent() && candidateCpu.getAsDouble() > 0) {
      double cpuSpeedup = baseCpu.getAsDouble() / candidateCpu.getAsDouble();
      int cpus = task.limits().cpus();
      if (baseCpu.getAsDouble() >= CPU_BOUND * baseWall && wall > cpuSpeedup * cpus) {
        problems.add(
            format(
                "wall speedup %.2fx is above the CPU speedup %.2fx times %d CPUs: work the run's"
                    + " cgroup did not account for",
                wall, cpuSpeedup, cpus));
      }
      if (task.singleThreaded() && cpuSpeedup >= 10) {
        problems.add(
            format(
                "the candidate's CPU %.3f s is an order of magnitude below the baseline's %.3f s"
                    + " on a single-threaded task",
                candidateCpu.getAsDouble(), baseCpu.getAsDouble()));
      }
      for (int i = 0; i < base.size(); i++) {
        OptionalDouble cpu = base.get(i).cpuSeconds();
        double median = baseCpu.getAsDouble();
        if (cpu.isPresent()
            && Math.abs(cpu.getAsDouble() - median) > STRAY_SECONDS
            && (cpu.getAsDouble() > STRAY_FACTOR * median
                || cpu.getAsDouble() < median / STRAY_FACTOR)) {
          problems.add(
              format(
                  "the baseline's CPU in timed pair %d, %.3f s, strays from its median %.3f s",
                  i + 1, cpu.getAsDouble(), median));
          break;
        }
      }
    }
    if (!problems.isEmpty()) {
      return Check.flag(
          name,
          problems.getFirst()
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
              + ": needs review");
    }
    return Check.pass(
        name,
        format(
            "median speedup %.2fx is within max_speedup %.0fx%s",
            wall,
            task.maxSpeedup(),
            baseCpu.isPresent() && candidateCpu.isPresent()
                ? format(
                    "; CPU %.3f s -> %.3f s (cgroup) explains it",
                    baseCpu.getAsDouble(), candidateCpu.getAsDouble())
                : "; CPU not measured"));
  }

  /** {@code measurable_speedup}: the speedup's interval lies entirely above 1. */
  static Check measurable(Optional<Speedup> speedup) {
    String name = "measurable_speedup";
    if (speedup.isEmpty()) {
      return Check.skipped(name, "not timed: an earlier check failed");
    }
    Speedup s = speedup.get();
    String interval =
        format(
            "%s %.3f-%.3f over %d pairs",
            s.ratios().size() < 5 ? "range" : format("%.0f%% CI", s.level() * 100),
            s.low(),
            s.high(),
            s.ratios().size());
    return s.low() > 1
        ? Check.pass(name, "the interval lies above 1: " + interval)
        : Check.fail(
            name, "no measurable speedup: the interval includes or lies below 1: " + interval);
  }

  private static OptionalDouble medianCpu(List<RunResult> runs) {
    double[] cpu =
        runs.stream()
            .filter(run -> run.cpuSeconds().isPresent())
            .mapToDouble(run -> run.cpuSeconds().getAsDouble())
            .toArray();
    return cpu.length == 0 || cpu.length < runs.size()
        ? OptionalDouble.empty()
        : OptionalDouble.of(Quantiles.of(cpu, 0.5));
  }

  private static String format(String format, Object... arguments) {
    return String.format(Locale.ROOT, format, arguments);
  }
}
