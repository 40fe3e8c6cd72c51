package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A result's score on the sealed final split: per seed, then the mean PGR with its spread over
 * seeds and a 95% confidence interval (Student's t over the seeds).
 *
 * @param agent the agent that posted the result
 * @param result the result's id
 * @param snapshot the snapshot commit it pins
 * @param seeds the per-seed scores, in seed order
 * @param meanAccuracy mean final-split accuracy over seeds
 * @param meanPgr mean PGR over seeds
 * @param pgrSd sample standard deviation of the per-seed PGRs
 * @param pgrCiLow lower end of the 95% interval of the mean PGR
 * @param pgrCiHigh upper end of the 95% interval of the mean PGR
 * @param weakAccuracy the pre-registered weak baseline (mean)
 * @param ceilingAccuracy the pre-registered ceiling (mean)
 * @param naiveAccuracy the pre-registered naive transfer (mean)
 * @param flags the probe flags the result's predictions raised
 */
public record SealedScore(
    String agent,
    String result,
    String snapshot,
    List<Seed> seeds,
    double meanAccuracy,
    double meanPgr,
    double pgrSd,
    double pgrCiLow,
    double pgrCiHigh,
    double weakAccuracy,
    double ceilingAccuracy,
    double naiveAccuracy,
    List<ProbeFlag> flags) {
  /**
   * One seed's sealed score.
   *
   * @param seed the seed
   * @param accuracy accuracy on the sealed final part
   * @param pgr PGR against the task's mean baselines
   * @param correct correct predictions
   * @param total messages in the final part
   */
  public record Seed(long seed, double accuracy, double pgr, int correct, int total) {}

  /** Checks the fields. */
  public SealedScore {
    requireNonNull(agent, "agent is null");
    requireNonNull(result, "result is null");
    requireNonNull(snapshot, "snapshot is null");
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
    flags = List.copyOf(requireNonNull(flags, "flags is null"));
  }
}
