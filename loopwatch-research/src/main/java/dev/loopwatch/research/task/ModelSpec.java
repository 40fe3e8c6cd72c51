package dev.loopwatch.research.task;

/**
 * The featurisation and models of a weak-to-strong text task.
 *
 * @param maxTerms TF-IDF vocabulary size (most frequent terms)
 * @param minDf a term must occur in at least this many documents
 * @param svdDimensions the strong representation's dimensions
 * @param svdPowerIterations power iterations of the randomized SVD
 * @param svdSeed the seed of the SVD's random test matrix (fixed: the representation is part of the
 *     task, shared by all seeds)
 * @param studentC inverse L2 strength of the student's logistic regression
 * @param weakWords how many binary word features the weak teacher sees (chosen by chi-squared on
 *     its labelled messages)
 * @param weakC inverse L2 strength of the weak teacher's logistic regression
 */
public record ModelSpec(
    int maxTerms,
    int minDf,
    int svdDimensions,
    int svdPowerIterations,
    long svdSeed,
    double studentC,
    int weakWords,
    double weakC) {
  /** Checks the fields. */
  public ModelSpec {
    if (maxTerms < 1 || minDf < 1 || svdDimensions < 1 || svdPowerIterations < 0) {
      throw new IllegalArgumentException("model sizes must be positive");
    }
    if (!(studentC > 0) || !(weakC > 0) || weakWords < 1) {
      throw new IllegalArgumentException("C values and weakWords must be positive");
    }
  }
}
