package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.szz.SzzOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a retrospective runs.
 *
 * @param szz the SZZ filters (the issue-date filter drops candidates after an incident started)
 * @param rule the strict catch rule
 * @param judge the judge, when judged catches are wanted
 * @param maxJudged at most this many findings per review go to the judge, in reviewer order
 * @param controls how many control changes to sample (0 = none)
 * @param seed the seed of the control sample and the bootstrap intervals
 * @param resamples bootstrap resamples per interval
 * @param tempParent the folder review workspaces are created in
 */
public record RetroOptions(
    SzzOptions szz,
    CatchRule rule,
    Optional<Judge> judge,
    int maxJudged,
    int controls,
    long seed,
    int resamples,
    Path tempParent) {
  /** Default findings judged per review. */
  public static final int DEFAULT_MAX_JUDGED = 20;

  /** Default bootstrap resamples. */
  public static final int DEFAULT_RESAMPLES = 2000;

  /** Checks the fields are present and the counts valid. */
  public RetroOptions {
    requireNonNull(szz, "szz is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(judge, "judge is null");
    requireNonNull(tempParent, "tempParent is null");
    if (maxJudged < 1) {
      throw new IllegalArgumentException("maxJudged must be at least 1, got " + maxJudged);
    }
    if (controls < 0) {
      throw new IllegalArgumentException("controls must be 0 or more, got " + controls);
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
    }
  }

  /**
   * SZZ defaults with the issue-date filter, a 5-line window, no judge, no controls, seed 1, 2000
   * resamples.
   */
  public static RetroOptions defaults(Path tempParent) {
    return new RetroOptions(
        SzzOptions.defaults(),
        CatchRule.defaults(),
        Optional.empty(),
        DEFAULT_MAX_JUDGED,
        0,
        1,
        DEFAULT_RESAMPLES,
        tempParent);
  }
}
