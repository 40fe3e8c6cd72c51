package dev.loopwatch.trends.index;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Scores drawn from the item-response model with known parameters: model {@code m} has capability
 * {@code capability[m]}, benchmark {@code b} difficulty {@code difficulty[b]} and discriminability
 * {@code discriminability[b]}; benchmark 0 is named Winogrande with difficulty 0 and
 * discriminability 1, and the first and last models are the scale anchors. Model {@code m} is
 * released on 2023-01-01 plus {@code 5 m} days.
 */
final class SyntheticScores {
  final double[] capability;
  final double[] difficulty;
  final double[] discriminability;
  final List<Score> scores;

  private SyntheticScores(
      double[] capability, double[] difficulty, double[] discriminability, List<Score> scores) {
    this.capability = capability;
    this.difficulty = difficulty;
    this.discriminability = discriminability;
    this.scores = List.copyOf(scores);
  }

  static String model(int m) {
    return String.format("model-%03d", m);
  }

  static String benchmark(int b) {
    return b == 0 ? "Winogrande" : String.format("bench-%02d", b);
  }

  /**
   * {@code models} models on {@code benchmarks} benchmarks; each model sees the anchor and a random
   * {@code coverage} share of the others; Gaussian noise of sd {@code noise} is added and the score
   * clipped to [0, 1].
   */
  static SyntheticScores draw(
      long seed, int models, int benchmarks, double coverage, double noise) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] capability = new double[models];
    for (int m = 0; m < models; m++) {
      capability[m] = -1.5 + 3.5 * m / (models - 1.0) + 0.2 * (random.nextDouble() - 0.5);
    }
    double[] difficulty = new double[benchmarks];
    double[] discriminability = new double[benchmarks];
    for (int b = 0; b < benchmarks; b++) {
      difficulty[b] = b == 0 ? 0 : -1 + 3.5 * random.nextDouble();
      discriminability[b] = b == 0 ? 1 : 0.6 + 2.4 * random.nextDouble();
    }
    List<Score> scores = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      LocalDate date = LocalDate.of(2023, 1, 1).plusDays(5L * m);
      for (int b = 0; b < benchmarks; b++) {
        if (b != 0 && random.nextDouble() > coverage) {
          continue;
        }
        double p =
            1 / (1 + Math.exp(-discriminability[b] * (capability[m] - difficulty[b])))
                + noise * random.nextGaussian();
        scores.add(
            new Score(
                model(m),
                benchmark(b),
                Math.min(1, Math.max(0, p)),
                Optional.of(date),
                Optional.empty()));
      }
    }
    return new SyntheticScores(capability, difficulty, discriminability, scores);
  }

  /** Options with this data's anchors: the first and last models take their true capabilities. */
  IndexOptions options() {
    int last = capability.length - 1;
    return IndexOptions.defaults()
        .withScale(
            new ScaleAnchor(model(0), capability[0]),
            new ScaleAnchor(model(last), capability[last]));
  }
}
