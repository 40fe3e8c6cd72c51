package dev.loopwatch.research.w2s;

import dev.loopwatch.research.scoring.StudentT;
import java.util.List;

/**
 * The reference method's PGR minus naive transfer's, paired by seed: the mean, its two-sided 95%
 * Student-t interval over the seeds, and on how many seeds the reference was better, worse or tied
 * (equal accuracy).
 *
 * @param mean the mean difference in PGR
 * @param low the interval's lower end
 * @param high the interval's upper end
 * @param better seeds where the reference method's accuracy is higher
 * @param worse seeds where it is lower
 * @param tied seeds where they are equal
 */
record PairedDifference(double mean, double low, double high, int better, int worse, int tied) {
  /** The paired difference over {@code outcomes} (at least two). */
  static PairedDifference of(List<SeedOutcome> outcomes) {
    int n = outcomes.size();
    if (n < 2) {
      throw new IllegalArgumentException("a paired interval needs at least two seeds");
    }
    double[] d = new double[n];
    int better = 0;
    int worse = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      SeedOutcome o = outcomes.get(i);
      d[i] = o.referencePgr() - o.naivePgr();
      sum += d[i];
      if (o.reference() > o.naive()) {
        better++;
      } else if (o.reference() < o.naive()) {
        worse++;
      }
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : d) {
      squares += (v - mean) * (v - mean);
    }
    double half = StudentT.quantile975(n - 1) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    return new PairedDifference(mean, mean - half, mean + half, better, worse, n - better - worse);
  }
}
