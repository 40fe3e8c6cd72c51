package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The result of grading one candidate.
 *
 * @param task the task's name
 * @param candidate how the candidate was given
 * @param practice whether the practice seeds were used instead of the hidden ones
 * @param networkIsolated whether runs had no network
 * @param seeds the per-seed output verdicts
 * @param speedup the candidate's speedup over the baseline, when timed
 * @param referenceSpeedup the reference solution's speedup in the same interleaved run, when timed
 * @param score log(speedup) / log(reference speedup): 0 = baseline, 1 = reference, when both known
 * @param baseline resource use of the baseline's timed runs
 * @param candidateUse resource use of the candidate's timed runs
 * @param checks the named checks, in a fixed order
 * @param accepted whether every check passed
 * @param notes further remarks (e.g. the reference's outputs differ from the baseline's)
 * @param warnings what this grading's sandbox did not enforce or measure (e.g. the sandbox was off,
 *     no cgroups): printed first in every report; empty when fully sandboxed
 */
public record GradeReport(
    String task,
    String candidate,
    boolean practice,
    boolean networkIsolated,
    List<SeedVerdict> seeds,
    Optional<Speedup> speedup,
    Optional<Speedup> referenceSpeedup,
    OptionalDouble score,
    Usage baseline,
    Usage candidateUse,
    List<Check> checks,
    boolean accepted,
    List<String> notes,
    List<String> warnings) {
  public GradeReport {
    requireNonNull(task, "task is null");
    requireNonNull(candidate, "candidate is null");
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
    requireNonNull(speedup, "speedup is null");
    requireNonNull(referenceSpeedup, "referenceSpeedup is null");
    requireNonNull(score, "score is null");
    requireNonNull(baseline, "baseline is null");
    requireNonNull(candidateUse, "candidateUse is null");
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
    notes = List.copyOf(requireNonNull(notes, "notes is null"));
    warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
  }

  /**
   * The grading's verdict in words: {@code accepted}; {@code no measurable speedup} when only
   * {@code measurable_speedup} failed; {@code needs review} when checks only flagged; else {@code
   * rejected}.
   */
  public String verdict() {
    if (accepted) {
      return "accepted";
    }
    List<Check> failed =
        checks.stream().filter(check -> check.verdict() == Check.Verdict.FAIL).toList();
    boolean flagged = checks.stream().anyMatch(check -> check.verdict() == Check.Verdict.FLAG);
    if (failed.size() == 1 && failed.getFirst().name().equals("measurable_speedup") && !flagged) {
      return "no measurable speedup";
    }
    return failed.isEmpty() && flagged ? "needs review" : "rejected";
  }

  /** The check named {@code name}. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(check -> check.name().equals(name)).findFirst();
  }

  /**
   * Whether the candidate's outputs matched the baseline's on one seed.
   *
   * @param seed the seed
   * @param matches whether all outputs matched
   * @param reason empty when matched, else why not
   */
  public record SeedVerdict(long seed, boolean matches, String reason) {
    public SeedVerdict {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * Resource use of one arm's timed runs.
   *
   * @param runs the number of timed runs
   * @param medianWallSeconds median wall time
   * @param medianCpuSeconds median user + system CPU time of the process tree, when measured
   * @param peakRssKb the largest peak resident set of any run, KiB, when measured
   */
  public record Usage(
      int runs,
      OptionalDouble medianWallSeconds,
      OptionalDouble medianCpuSeconds,
      OptionalLong peakRssKb) {
    public Usage {
      requireNonNull(medianWallSeconds, "medianWallSeconds is null");
      requireNonNull(medianCpuSeconds, "medianCpuSeconds is null");
      requireNonNull(peakRssKb, "peakRssKb is null");
    }

    static Usage none() {
      return new Usage(0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty());
    }
  }
}
