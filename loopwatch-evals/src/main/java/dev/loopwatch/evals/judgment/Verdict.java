package dev.loopwatch.evals.judgment;

import java.util.Arrays;
import java.util.Optional;

/** Which next step won a comparison between a candidate model's proposal and the human's. */
public enum Verdict {
  /** The candidate's proposal was better. */
  CANDIDATE("candidate", 1.0),
  /** The human's actual next step was better. */
  HUMAN("human", 0.0),
  /** Neither, or the judge changed its mind when the order was swapped. */
  TIE("tie", 0.5);

  private final String id;
  private final double score;

  Verdict(String id, double score) {
    this.id = id;
    this.score = score;
  }

  /** Returns the stable id used in files, such as {@code candidate}. */
  public String id() {
    return id;
  }

  /** Returns the candidate's score: 1 for a win, 0.5 for a tie, 0 for a loss. */
  public double score() {
    return score;
  }

  /** Returns the verdict with this id, or empty. */
  public static Optional<Verdict> of(String id) {
    return Arrays.stream(values()).filter(verdict -> verdict.id.equals(id)).findFirst();
  }
}
