package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TF-IDF document vectors, fitted without labels: the vocabulary is the {@code maxTerms} terms with
 * the highest total count among those in at least {@code minDf} documents (ties broken by the
 * term), sorted; a weight is {@code (1 + ln tf) × idf} with the smoothed {@code idf = ln((1 + n) /
 * (1 + df)) + 1}, and each row is scaled to unit Euclidean length. These are scikit-learn's {@code
 * TfidfVectorizer(sublinear_tf=True, min_df, max_features)} definitions, so numbers can be checked
 * against it.
 *
 * @param vocabulary the terms, sorted; column {@code j} is {@code vocabulary.get(j)}
 * @param matrix one row per document
 */
record TfIdf(List<String> vocabulary, SparseRows matrix) {
  TfIdf {
    vocabulary = List.copyOf(requireNonNull(vocabulary, "vocabulary is null"));
    requireNonNull(matrix, "matrix is null");
  }

  /** Fits the vocabulary on {@code documents} and returns their vectors. */
  static TfIdf fit(List<String> documents, int maxTerms, int minDf) {
    List<Map<String, Integer>> counts = new ArrayList<>(documents.size());
    Map<String, int[]> stats = new HashMap<>(); // term -> {document frequency, total count}
    for (String document : documents) {
      Map<String, Integer> count = new HashMap<>();
      for (String token : Tokens.of(document)) {
        count.merge(token, 1, Integer::sum);
      }
      for (Map.Entry<String, Integer> entry : count.entrySet()) {
        int[] s = stats.computeIfAbsent(entry.getKey(), term -> new int[2]);
        s[0]++;
        s[1] += entry.getValue();
      }
      counts.add(count);
    }
    List<String> kept =
        stats.entrySet().stream()
            .filter(entry -> entry.getValue()[0] >= minDf)
            .sorted(
                Comparator.comparingInt((Map.Entry<String, int[]> entry) -> -entry.getValue()[1])
                    .thenComparing(Map.Entry::getKey))
            .limit(maxTerms)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < kept.size(); j++) {
      index.put(kept.get(j), j);
    }
    int n = documents.size();
    double[] idf = new double[kept.size()];
    for (int j = 0; j < kept.size(); j++) {
      idf[j] = Math.log((1.0 + n) / (1.0 + stats.get(kept.get(j))[0])) + 1.0;
    }
    int[] rowStart = new int[n + 1];
    List<int[]> rowColumns = new ArrayList<>(n);
    List<double[]> rowValues = new ArrayList<>(n);
    int total = 0;
    for (int r = 0; r < n; r++) {
      TreeMap<Integer, Double> row = new TreeMap<>();
      for (Map.Entry<String, Integer> entry : counts.get(r).entrySet()) {
        Integer j = index.get(entry.getKey());
        if (j != null) {
          row.put(j, (1.0 + Math.log(entry.getValue())) * idf[j]);
        }
      }
      double norm = 0;
      for (double v : row.values()) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      int[] columns = new int[row.size()];
      double[] values = new double[row.size()];
      int e = 0;
      for (Map.Entry<Integer, Double> entry : row.entrySet()) {
        columns[e] = entry.getKey();
        values[e] = norm > 0 ? entry.getValue() / norm : 0;
        e++;
      }
      rowColumns.add(columns);
      rowValues.add(values);
      total += columns.length;
      rowStart[r + 1] = total;
    }
    int[] column = new int[total];
    double[] value = new double[total];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rowColumns.get(r), 0, column, rowStart[r], rowColumns.get(r).length);
      System.arraycopy(rowValues.get(r), 0, value, rowStart[r], rowValues.get(r).length);
    }
    return new TfIdf(kept, new SparseRows(n, kept.size(), rowStart, column, value));
  }
}
