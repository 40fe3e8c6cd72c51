package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import java.util.List;

/**
 * One candidate's record against the human: win rate with ties counted half, its bootstrap interval
 * resampled by session, the tie rate, the judge's order consistency and the length-controlled win
 * rate with its own session-bootstrap interval.
 *
 * @param candidate the candidate model
 * @param items comparisons counted
 * @param sessions distinct sessions among them
 * @param wins comparisons the candidate won in both orders
 * @param ties comparisons tied or split by order
 * @param losses comparisons the human won in both orders
 * @param winRate (wins + ties/2) / items, with its interval
 * @param tieRate ties / items
 * @param orderConsistency the share of comparisons where the judge picked the same proposal (or a
 *     tie) in both orders
 * @param lengthControlled the length-controlled win rate ({@link LengthControlled}), with its
 *     interval
 */
public record WinRate(
    String candidate,
    int items,
    int sessions,
    int wins,
    int ties,
    int losses,
    Bootstrap.Interval winRate,
    double tieRate,
    double orderConsistency,
    Bootstrap.Interval lengthControlled) {

  /** Checks for nulls. */
  public WinRate {
    requireNonNull(candidate, "candidate is null");
    requireNonNull(winRate, "winRate is null");
    requireNonNull(lengthControlled, "lengthControlled is null");
  }

  /**
   * Computes the record of one candidate's {@code comparisons}.
   *
   * @param level the interval's confidence level, such as 0.95
   * @param resamples bootstrap resamples, such as 1000
   * @param seed the bootstrap seed
   * @throws IllegalArgumentException if there are no comparisons or they name several candidates
   */
  public static WinRate of(List<Comparison> comparisons, double level, int resamples, long seed) {
    requireNonNull(comparisons, "comparisons is null");
    if (comparisons.isEmpty()) {
      throw new IllegalArgumentException("no comparisons");
    }
    String candidate = comparisons.getFirst().candidate();
    int wins = 0;
    int ties = 0;
    int consistent = 0;
    for (Comparison comparison : comparisons) {
      if (!comparison.candidate().equals(candidate)) {
        throw new IllegalArgumentException(
            "comparisons of two candidates: " + candidate + ", " + comparison.candidate());
      }
      switch (comparison.verdict()) {
        case CANDIDATE -> wins++;
        case TIE -> ties++;
        case HUMAN -> {}
      }
      if (comparison.consistent()) {
        consistent++;
      }
    }
    int n = comparisons.size();
    long sessions = comparisons.stream().map(Comparison::sessionId).distinct().count();
    return new WinRate(
        candidate,
        n,
        (int) sessions,
        wins,
        ties,
        n - wins - ties,
        SessionBootstrap.interval(
            comparisons, Comparison::sessionId, WinRate::meanScore, level, resamples, seed),
        ties / (double) n,
        consistent / (double) n,
        SessionBootstrap.interval(
            comparisons, Comparison::sessionId, LengthControlled::winRate, level, resamples, seed));
  }

  /** The mean score of {@code comparisons}: wins 1, ties ½, losses 0. */
  static double meanScore(List<Comparison> comparisons) {
    double sum = 0;
    for (Comparison comparison : comparisons) {
      sum += comparison.verdict().score();
    }
    return sum / comparisons.size();
  }
}
