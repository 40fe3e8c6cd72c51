package dev.loopwatch.evals.judgment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Scripted judges for the statistics tests: comparisons with known answers. */
final class Judges {
  private Judges() {}

  /** The picks in both orders of a judge whose verdict is {@code verdict} and is consistent. */
  static Comparison consistent(
      String session, Verdict verdict, int candidateLength, int humanLength) {
    Pick first =
        switch (verdict) {
          case CANDIDATE -> Pick.FIRST;
          case HUMAN -> Pick.SECOND;
          case TIE -> Pick.TIE;
        };
    Pick second =
        switch (verdict) {
          case CANDIDATE -> Pick.SECOND;
          case HUMAN -> Pick.FIRST;
          case TIE -> Pick.TIE;
        };
    return new Comparison(
        session + "#" + candidateLength + "/" + humanLength,
        session,
        "model",
        first,
        second,
        candidateLength,
        humanLength);
  }

  /**
   * A judge that always prefers the longer proposal and, for equal lengths, picks whichever is
   * shown first (so its verdict flips with the order: a tie). Lengths are multiples of 50
   * characters; the candidate's run longer, so the raw win rate is far above one half.
   */
  static List<Comparison> prefersLonger(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int human = 50 * random.nextInt(4, 12);
      int candidate = 50 * random.nextInt(6, 14);
      Pick first = candidate >= human ? Pick.FIRST : Pick.SECOND;
      Pick second = candidate > human ? Pick.SECOND : Pick.FIRST;
      comparisons.add(
          new Comparison("i" + i, "s" + (i / 3), "verbose", first, second, candidate, human));
    }
    return comparisons;
  }

  /**
   * A judge blind to length: the candidate wins with probability {@code p}, whatever the lengths,
   * which vary independently.
   */
  static List<Comparison> blindToLength(int n, double p, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Verdict verdict = random.nextDouble() < p ? Verdict.CANDIDATE : Verdict.HUMAN;
      comparisons.add(
          consistent("s" + (i / 3), verdict, random.nextInt(100, 900), random.nextInt(100, 600)));
    }
    return comparisons;
  }
}
