package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.research.w2s.SeedSplit;
import dev.loopwatch.research.w2s.W2sExperiment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One seed's test labels as the server holds them, in submission order, with the dev/final cut.
 *
 * @param labels the true label of each test message, in the order predictions are submitted
 * @param dev whether each position belongs to the dev part (else the sealed final part)
 */
public record SeedLabels(int[] labels, boolean[] dev) {
  /** Checks the fields. */
  public SeedLabels {
    requireNonNull(labels, "labels is null");
    requireNonNull(dev, "dev is null");
    if (labels.length != dev.length) {
      throw new IllegalArgumentException("labels and dev differ in length");
    }
    labels = labels.clone();
    dev = dev.clone();
  }

  /** The labels of every seed of the experiment's task, with the reproducible dev cut (salt 0). */
  public static Map<Long, SeedLabels> of(W2sExperiment experiment) {
    return of(experiment, 0);
  }

  /**
   * The labels of every seed, with the dev cut drawn with {@code salt} ({@link SeedSplit#devCut}).
   */
  public static Map<Long, SeedLabels> of(W2sExperiment experiment, long salt) {
    Map<Long, SeedLabels> out = new LinkedHashMap<>();
    for (long seed : experiment.task().seeds()) {
      SeedSplit split = experiment.split(seed);
      boolean[] dev =
          SeedSplit.devCut(
              split.test().length, seed, experiment.task().splits().devFraction(), salt);
      out.put(seed, new SeedLabels(experiment.testLabels(seed), dev));
    }
    return out;
  }

  /** How many predictions a submission for this seed carries. */
  public int size() {
    return labels.length;
  }

  /** Correct predictions and total over one part. */
  int[] correct(int[] predictions, boolean devPart) {
    int correct = 0;
    int total = 0;
    for (int i = 0; i < labels.length; i++) {
      if (dev[i] == devPart) {
        total++;
        if (predictions[i] == labels[i]) {
          correct++;
        }
      }
    }
    return new int[] {correct, total};
  }
}
