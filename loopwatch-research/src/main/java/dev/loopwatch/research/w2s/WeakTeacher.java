package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * The weak supervisor: logistic regression on a handful of binary word features ("the message
 * contains word w"), trained on the seed's small labelled set. The words are the {@code k} terms
 * with the highest chi-squared statistic between presence and label on that labelled set (the
 * statistic of scikit-learn's {@code chi2}: observed minus expected class counts of the presence
 * feature; ties broken by vocabulary order), so the teacher sees what a quick keyword filter would
 * see and nothing of the strong representation.
 *
 * @param words the chosen vocabulary columns, in rank order
 * @param model the fitted regression on their presence features
 */
record WeakTeacher(int[] words, LogisticRegression model) {
  WeakTeacher {
    requireNonNull(words, "words is null");
    requireNonNull(model, "model is null");
    words = words.clone();
  }

  /** Chooses {@code k} words on {@code labelled} and fits the regression there. */
  static WeakTeacher train(TfIdf tfidf, int[] labels, int[] labelled, int k, double c) {
    int[] words = topChiSquared(tfidf.matrix(), labels, labelled, k);
    int[] y = new int[labelled.length];
    for (int i = 0; i < labelled.length; i++) {
      y[i] = labels[labelled[i]];
    }
    return new WeakTeacher(
        words, LogisticRegression.fit(presence(tfidf.matrix(), words, labelled), y, c));
  }

  /** The teacher's probability of class 1 for each of {@code messages}. */
  double[] probabilities(TfIdf tfidf, int[] messages) {
    return model.probabilities(presence(tfidf.matrix(), words, messages));
  }

  /** The teacher's 0/1 labels for {@code messages}. */
  int[] predict(TfIdf tfidf, int[] messages) {
    return model.predict(presence(tfidf.matrix(), words, messages));
  }

  /** The chosen words, in rank order. */
  List<String> wordList(TfIdf tfidf) {
    return Arrays.stream(words).mapToObj(tfidf.vocabulary()::get).toList();
  }

  private static double[][] presence(SparseRows matrix, int[] words, int[] messages) {
    double[][] x = new double[messages.length][words.length];
    for (int i = 0; i < messages.length; i++) {
      for (int w = 0; w < words.length; w++) {
        x[i][w] = matrix.contains(messages[i], words[w]) ? 1 : 0;
      }
    }
    return x;
  }

  static int[] topChiSquared(SparseRows matrix, int[] labels, int[] labelled, int k) {
    int terms = matrix.columns();
    double[] positive = new double[terms];
    double[] total = new double[terms];
    int positives = 0;
    for (int message : labelled) {
      boolean isPositive = labels[message] == 1;
      if (isPositive) {
        positives++;
      }
      for (int e = matrix.rowStart()[message]; e < matrix.rowStart()[message + 1]; e++) {
        int term = matrix.column()[e];
        total[term]++;
        if (isPositive) {
          positive[term]++;
        }
      }
    }
    double shareOne = (double) positives / labelled.length;
    double shareZero = 1 - shareOne;
    double[] score = new double[terms];
    for (int j = 0; j < terms; j++) {
      double expectedOne = shareOne * total[j];
      double expectedZero = shareZero * total[j];
      double observedZero = total[j] - positive[j];
      double s = 0;
      if (expectedOne > 0) {
        s += (positive[j] - expectedOne) * (positive[j] - expectedOne) / expectedOne;
      }
      if (expectedZero > 0) {
        s += (observedZero - expectedZero) * (observedZero - expectedZero) / expectedZero;
      }
      score[j] = s;
    }
    Integer[] order = new Integer[terms];
    for (int j = 0; j < terms; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : a - b);
    int[] chosen = new int[Math.min(k, terms)];
    for (int i = 0; i < chosen.length; i++) {
      chosen[i] = order[i];
    }
    return chosen;
  }
}
