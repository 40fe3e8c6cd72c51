package dev.loopwatch.trends.index;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The scores as index arrays in a canonical order: models and benchmarks sorted by name, rows
 * sorted by (model, benchmark, performance), so nothing downstream depends on the input's row
 * order. Each row also knows its (model, benchmark) pair, the unit the solver's cross terms are
 * accumulated in.
 */
final class ScoreMatrix {
  final String[] models;
  final String[] benchmarks;
  final List<Optional<LocalDate>> dates;
  final int[] model;
  final int[] benchmark;
  final double[] performance;

  /** Row {@code i} belongs to pair {@code pair[i]}; pairs are grouped by model. */
  final int[] pair;

  /** The pairs of model {@code m} are {@code pairStart[m] .. pairStart[m + 1] - 1}. */
  final int[] pairStart;

  /** The benchmark of each pair. */
  final int[] pairBenchmark;

  /** The rows of each model, in canonical order. */
  final int[][] rowsByModel;

  private ScoreMatrix(List<Score> sorted, double clip) {
    TreeMap<String, Integer> modelIndex = new TreeMap<>();
    TreeMap<String, Integer> benchmarkIndex = new TreeMap<>();
    Map<String, LocalDate> latest = new TreeMap<>();
    for (Score score : sorted) {
      modelIndex.put(score.model(), 0);
      benchmarkIndex.put(score.benchmark(), 0);
      score.date().ifPresent(d -> latest.merge(score.model(), d, (a, b) -> a.isAfter(b) ? a : b));
    }
    models = modelIndex.keySet().toArray(String[]::new);
    benchmarks = benchmarkIndex.keySet().toArray(String[]::new);
    for (int i = 0; i < models.length; i++) {
      modelIndex.put(models[i], i);
    }
    for (int i = 0; i < benchmarks.length; i++) {
      benchmarkIndex.put(benchmarks[i], i);
    }
    List<Optional<LocalDate>> modelDates = new ArrayList<>();
    for (String name : models) {
      modelDates.add(Optional.ofNullable(latest.get(name)));
    }
    dates = List.copyOf(modelDates);
    int n = sorted.size();
    model = new int[n];
    benchmark = new int[n];
    performance = new double[n];
    pair = new int[n];
    List<Integer> starts = new ArrayList<>();
    List<Integer> pairBenchmarks = new ArrayList<>();
    int[] counts = new int[models.length];
    for (int i = 0; i < n; i++) {
      Score score = sorted.get(i);
      model[i] = modelIndex.get(score.model());
      benchmark[i] = benchmarkIndex.get(score.benchmark());
      performance[i] = Math.min(Math.max(score.performance(), clip), 1 - clip);
      counts[model[i]]++;
      boolean newModel = i == 0 || model[i] != model[i - 1];
      if (newModel) {
        starts.add(pairBenchmarks.size());
      }
      if (newModel || benchmark[i] != benchmark[i - 1]) {
        pairBenchmarks.add(benchmark[i]);
      }
      pair[i] = pairBenchmarks.size() - 1;
    }
    starts.add(pairBenchmarks.size());
    pairStart = starts.stream().mapToInt(Integer::intValue).toArray();
    pairBenchmark = pairBenchmarks.stream().mapToInt(Integer::intValue).toArray();
    rowsByModel = new int[models.length][];
    int row = 0;
    for (int m = 0; m < models.length; m++) {
      rowsByModel[m] = new int[counts[m]];
      for (int k = 0; k < counts[m]; k++) {
        rowsByModel[m][k] = row++;
      }
    }
  }

  /** The matrix of {@code scores}, performances clipped to {@code [clip, 1 - clip]}. */
  static ScoreMatrix of(List<Score> scores, double clip) {
    List<Score> sorted = new ArrayList<>(scores);
    sorted.sort(
        Comparator.comparing(Score::model)
            .thenComparing(Score::benchmark)
            .thenComparingDouble(Score::performance));
    return new ScoreMatrix(sorted, clip);
  }

  int rows() {
    return model.length;
  }

  int modelCount() {
    return models.length;
  }

  int benchmarkCount() {
    return benchmarks.length;
  }

  /** The index of {@code name} among the benchmarks, or -1. */
  int benchmarkIndex(String name) {
    int found = Arrays.binarySearch(benchmarks, name);
    return found >= 0 ? found : -1;
  }

  /** The index of {@code name} among the models, or -1. */
  int modelIndex(String name) {
    int found = Arrays.binarySearch(models, name);
    return found >= 0 ? found : -1;
  }
}
