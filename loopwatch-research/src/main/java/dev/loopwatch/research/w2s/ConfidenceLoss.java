package dev.loopwatch.research.w2s;

import java.util.Arrays;

/**
 * The reference method: the auxiliary confidence loss of Burns et al. 2023 ("logconf",
 * openai/weak-to-strong {@code loss.py}) adapted to a linear student fitted in full batches. Start
 * from the naive student (fitted on the weak labels); then, each round, harden the student's own
 * predictions on the unlabelled set with a threshold at the quantile that gives them the weak
 * labels' class share, and refit on the soft target {@code (1 − α) · weak label + α · hardened
 * prediction}. The paper ramps α from 0 to its final value over the first tenth of training; with
 * whole-batch refits the ramp is the first (naive) fit, then α = {@code alpha} (0.5 as in the
 * paper) for {@code rounds} rounds. The student is pulled towards its own confident beliefs where
 * they disagree with the teacher, which is what lets it correct the teacher's systematic errors
 * instead of imitating them.
 */
final class ConfidenceLoss {
  private ConfidenceLoss() {}

  /** The student after {@code rounds} confidence-loss refits. */
  static LogisticRegression fit(
      double[][] x, int[] weakLabels, double c, double alpha, int rounds) {
    int n = weakLabels.length;
    double[] weights = new double[n];
    Arrays.fill(weights, 1);
    double share = 0;
    for (int label : weakLabels) {
      share += label;
    }
    share /= n;
    LogisticRegression student = LogisticRegression.fit(x, weakLabels, c);
    for (int round = 0; round < rounds; round++) {
      double[] p = student.probabilities(x);
      double threshold = quantile(p, 1 - share);
      double[] targets = new double[n];
      for (int i = 0; i < n; i++) {
        double hardened = p[i] > threshold ? 1 : 0;
        targets[i] = (1 - alpha) * weakLabels[i] + alpha * hardened;
      }
      student = LogisticRegression.fit(x, targets, weights, c);
    }
    return student;
  }

  /** The {@code q} quantile of {@code values} (linear interpolation, as numpy's default). */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    double fraction = position - lower;
    return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
  }
}
