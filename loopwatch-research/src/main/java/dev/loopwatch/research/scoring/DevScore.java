package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The server's answer to one dev submission: accuracy on the dev part of the seed's test split, PGR
 * against the pre-registered baselines, and the accuracy deltas next to it (a PGR alone hides how
 * small the gap is).
 *
 * @param submission the submission's id
 * @param agent who sent it
 * @param seed the seed
 * @param snapshot the snapshot commit the agent named, if any
 * @param transferAccuracy accuracy on the dev part
 * @param pgr {@code (accuracy - weak) / (ceiling - weak)} with the task's mean baselines
 * @param correct correct predictions on the dev part
 * @param total messages in the dev part
 * @param predictedZero predictions of class 0 over the whole submission
 * @param predictedOne predictions of class 1 over the whole submission
 * @param quotaLeft scored dev submissions the agent has left
 */
public record DevScore(
    String submission,
    String agent,
    long seed,
    Optional<String> snapshot,
    double transferAccuracy,
    double pgr,
    int correct,
    int total,
    int predictedZero,
    int predictedOne,
    int quotaLeft) {
  /** Checks the fields. */
  public DevScore {
    requireNonNull(submission, "submission is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(snapshot, "snapshot is null");
  }
}
