package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.research.task.Corpus;
import dev.loopwatch.research.task.Message;
import dev.loopwatch.research.task.ModelSpec;
import org.ejml.data.DMatrixRMaj;

/**
 * The representations of every message, fitted once per task without labels: the TF-IDF vectors
 * (whose vocabulary also gives the weak teacher its word features) and the strong model's SVD
 * coordinates.
 *
 * @param tfidf the TF-IDF vectors
 * @param strong one row of {@code svdDimensions} coordinates per message
 */
public record StrongFeatures(TfIdf tfidf, double[][] strong) {
  /** Checks the fields. */
  public StrongFeatures {
    requireNonNull(tfidf, "tfidf is null");
    requireNonNull(strong, "strong is null");
  }

  /** Fits TF-IDF and the randomized SVD on all message bodies; no label is read. */
  public static StrongFeatures fit(Corpus corpus, ModelSpec model) {
    TfIdf tfidf =
        TfIdf.fit(
            corpus.messages().stream().map(Message::body).toList(),
            model.maxTerms(),
            model.minDf());
    DMatrixRMaj coordinates =
        RandomizedSvd.fitTransform(
            tfidf.matrix(), model.svdDimensions(), 10, model.svdPowerIterations(), model.svdSeed());
    double[][] strong = new double[coordinates.numRows][coordinates.numCols];
    for (int r = 0; r < coordinates.numRows; r++) {
      System.arraycopy(
          coordinates.data, r * coordinates.numCols, strong[r], 0, coordinates.numCols);
    }
    return new StrongFeatures(tfidf, strong);
  }

  /** The vocabulary size. */
  public int terms() {
    return tfidf.vocabulary().size();
  }

  /** The strong coordinates of the given messages. */
  double[][] rows(int[] indices) {
    double[][] out = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      out[i] = strong[indices[i]];
    }
    return out;
  }
}
