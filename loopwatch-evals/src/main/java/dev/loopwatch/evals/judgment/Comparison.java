package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

/**
 * One item judged for one candidate in both orders: the candidate's proposal shown first, then
 * shown second.
 *
 * <p>The verdict follows MT-Bench (Zheng et al. 2023, "Judging LLM-as-a-Judge", section 3.4): a
 * proposal wins only when the judge prefers it in both orders; a verdict that flips with the order,
 * or a tie in either order, is a tie.
 *
 * @param itemId the item
 * @param sessionId the item's session, the unit the bootstrap resamples
 * @param candidate the candidate model's name
 * @param candidateFirst the judge's pick with the candidate's proposal shown first
 * @param candidateSecond the judge's pick with the candidate's proposal shown second
 * @param candidateLength the length of the candidate's proposal in characters
 * @param humanLength the length of the human's next step in characters
 */
public record Comparison(
    String itemId,
    String sessionId,
    String candidate,
    Pick candidateFirst,
    Pick candidateSecond,
    int candidateLength,
    int humanLength) {

  /** Checks for nulls and negative lengths. */
  public Comparison {
    requireNonNull(itemId, "itemId is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(candidate, "candidate is null");
    requireNonNull(candidateFirst, "candidateFirst is null");
    requireNonNull(candidateSecond, "candidateSecond is null");
    if (candidateLength < 0 || humanLength < 0) {
      throw new IllegalArgumentException("negative length");
    }
  }

  /** Returns the verdict over both orders: a win needs both, anything else is a tie. */
  public Verdict verdict() {
    if (candidateFirst == Pick.FIRST && candidateSecond == Pick.SECOND) {
      return Verdict.CANDIDATE;
    }
    if (candidateFirst == Pick.SECOND && candidateSecond == Pick.FIRST) {
      return Verdict.HUMAN;
    }
    return Verdict.TIE;
  }

  /**
   * Returns whether the judge picked the same proposal (or a tie) in both orders; a judge that
   * always picks the first position is never consistent.
   */
  public boolean consistent() {
    return verdict() != Verdict.TIE || (candidateFirst == Pick.TIE && candidateSecond == Pick.TIE);
  }

  /** Returns the candidate's length minus the human's, in characters. */
  public int lengthDifference() {
    return candidateLength - humanLength;
  }
}
