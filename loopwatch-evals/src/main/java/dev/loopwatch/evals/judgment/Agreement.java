package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Wilson;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How often the judge's verdict matches a human rater's on the labelled items: plain agreement with
 * a Wilson score interval, and Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal
 * scales"), which discounts the agreement two raters would reach by chance given how often each
 * gives each verdict. Kappa is undefined (empty) when chance agreement is 1, that is when both give
 * one and the same verdict every time.
 *
 * @param items labelled items compared
 * @param agreed items where judge and rater gave the same verdict
 * @param agreement agreed / items with its Wilson interval
 * @param kappa Cohen's kappa over the three verdicts
 */
public record Agreement(int items, int agreed, Bootstrap.Interval agreement, OptionalDouble kappa) {

  /** Checks for nulls. */
  public Agreement {
    requireNonNull(agreement, "agreement is null");
    requireNonNull(kappa, "kappa is null");
  }

  /**
   * A judge's and a human rater's verdict on the same candidate proposal.
   *
   * @param judge the judge's verdict (over both orders)
   * @param human the rater's verdict
   */
  public record Pair(Verdict judge, Verdict human) {
    /** Checks for nulls. */
    public Pair {
      requireNonNull(judge, "judge is null");
      requireNonNull(human, "human is null");
    }
  }

  /**
   * Computes the agreement of {@code pairs} at confidence {@code level}.
   *
   * @throws IllegalArgumentException if there are no pairs
   */
  public static Agreement of(List<Pair> pairs, double level) {
    requireNonNull(pairs, "pairs is null");
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no labelled items");
    }
    int k = Verdict.values().length;
    double[] judge = new double[k];
    double[] human = new double[k];
    int agreed = 0;
    for (Pair pair : pairs) {
      judge[pair.judge().ordinal()]++;
      human[pair.human().ordinal()]++;
      if (pair.judge() == pair.human()) {
        agreed++;
      }
    }
    int n = pairs.size();
    double observed = agreed / (double) n;
    double chance = 0;
    for (int i = 0; i < k; i++) {
      chance += (judge[i] / n) * (human[i] / n);
    }
    OptionalDouble kappa =
        chance >= 1
            ? OptionalDouble.empty()
            : OptionalDouble.of((observed - chance) / (1 - chance));
    return new Agreement(n, agreed, Wilson.interval(agreed, n, level), kappa);
  }
}
