package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one seed of the weak-to-strong experiment measured, accuracies on the whole test split.
 *
 * @param seed the seed
 * @param weak the weak teacher's accuracy
 * @param ceiling the student trained on the true labels of the unlabelled set
 * @param naive the student trained on the weak teacher's labels (naive transfer)
 * @param reference the student trained with the confidence loss ({@link ConfidenceLoss})
 * @param weakWords the weak teacher's words
 */
public record SeedOutcome(
    long seed,
    double weak,
    double ceiling,
    double naive,
    double reference,
    List<String> weakWords) {
  /** Checks the fields. */
  public SeedOutcome {
    weakWords = List.copyOf(requireNonNull(weakWords, "weakWords is null"));
  }

  /** The naive transfer's performance gap recovered. */
  public double naivePgr() {
    return (naive - weak) / (ceiling - weak);
  }

  /** The reference method's performance gap recovered. */
  public double referencePgr() {
    return (reference - weak) / (ceiling - weak);
  }
}
