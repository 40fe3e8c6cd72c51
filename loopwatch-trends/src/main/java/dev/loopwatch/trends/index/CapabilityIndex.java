package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.trends.horizon.Interval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fits Epoch AI's capability index (ECI) to benchmark scores, with bootstrap intervals and
 * diagnostics.
 *
 * <p>The method is eci-public's {@code fit_eci_model} ({@code src/eci/fitting.py}, MIT): scores
 * clipped to {@code [clip, 1 - clip]}; the model {@code score = sigmoid(a_b (C_m - D_b))} fitted by
 * bounded penalised least squares ({@link IrtSolver}); the anchor benchmark's discriminability
 * pinned during the fit and every capability and difficulty then shifted so its difficulty is the
 * pinned value; the index {@code offset + scale * C} with offset and scale chosen so the two anchor
 * models take their values, the same map giving each benchmark's difficulty index and {@code a /
 * scale} its slope per index point. The bootstrap follows eci-public too: each draw resamples every
 * model's own scores with replacement (so each model keeps its count), refits from the central
 * solution, and maps the draw onto the index scale with that draw's own anchor capabilities; the
 * intervals are the {@code (1 -+ level) / 2} quantiles (linear interpolation, numpy's default) of
 * the draws, and the two anchor models have none.
 *
 * <p>Deliberate differences: rows are put in a canonical order first, so the result and every draw
 * do not depend on the input's row order; the solver starts from zero capabilities and difficulties
 * rather than numpy's seeded random start and runs to convergence; draw {@code i} uses its own
 * generator seeded from {@code (seed, i)} so draws run in parallel and reproduce; a draw whose
 * anchors swap order is left out and counted (eci-public raises).
 */
public final class CapabilityIndex {
  private static final double MIN_ANCHOR_SPREAD = 1e-12;

  private CapabilityIndex() {}

  /** Fits {@code scores} with {@code options}. */
  public static IndexFit fit(List<Score> scores, IndexOptions options) {
    requireNonNull(scores, "scores is null");
    requireNonNull(options, "options is null");
    if (scores.isEmpty()) {
      throw LoopwatchException.userInput("no scores to fit");
    }
    ScoreMatrix data = ScoreMatrix.of(scores, options.clip());
    check(data, options);
    int anchor = data.benchmarkIndex(options.anchorBenchmark());
    int low = data.modelIndex(options.low().model());
    int high = data.modelIndex(options.high().model());
    IrtSolver solver =
        new IrtSolver(data, anchor, options.anchorDiscriminability(), options.regularization());
    double[] ones = new double[data.rows()];
    Arrays.fill(ones, 1);
    IrtSolver.Solution central = solver.solve(ones, solver.start());
    int nm = data.modelCount();
    int nb = data.benchmarkCount();
    double[] x = central.x();
    double shift = x[nm + anchor] - options.anchorDifficulty();
    double[] capability = new double[nm];
    for (int m = 0; m < nm; m++) {
      capability[m] = x[m] - shift;
    }
    double spread = capability[high] - capability[low];
    double valueSpread = options.high().value() - options.low().value();
    if (!(spread * Math.signum(valueSpread) > MIN_ANCHOR_SPREAD)) {
      throw LoopwatchException.userInput(
          "the scale anchors do not define a scale: '"
              + options.high().model()
              + "' (capability "
              + capability[high]
              + ") must be "
              + (valueSpread > 0 ? "above" : "below")
              + " '"
              + options.low().model()
              + "' ("
              + capability[low]
              + ") as their values are");
    }
    double scale = valueSpread / spread;
    double offset = options.low().value() - scale * capability[low];

    Draws draws = bootstrap(data, solver, central.x(), anchor, low, high, options);

    double[] predicted = new double[data.rows()];
    for (int i = 0; i < data.rows(); i++) {
      int m = data.model[i];
      int b = data.benchmark[i];
      predicted[i] = IrtSolver.sigmoid(x[nm + nb + b] * (x[m] - x[nm + b]));
    }
    List<EnumSet<IndexFlag>> modelFlags = new ArrayList<>();
    List<EnumSet<IndexFlag>> benchmarkFlags = new ArrayList<>();
    for (int m = 0; m < nm; m++) {
      modelFlags.add(EnumSet.noneOf(IndexFlag.class));
    }
    for (int b = 0; b < nb; b++) {
      benchmarkFlags.add(EnumSet.noneOf(IndexFlag.class));
    }
    diagnose(data, options, anchor, x, modelFlags, benchmarkFlags);

    int[] benchmarksOfModel = new int[nm];
    for (int m = 0; m < nm; m++) {
      benchmarksOfModel[m] = data.pairStart[m + 1] - data.pairStart[m];
    }
    int[] modelsOfBenchmark = new int[nb];
    for (int b : data.pairBenchmark) {
      modelsOfBenchmark[b]++;
    }
    double[] modelSquares = new double[nm];
    int[] modelRows = new int[nm];
    double[] benchSquares = new double[nb];
    double[] benchSum = new double[nb];
    int[] benchRows = new int[nb];
    for (int i = 0; i < data.rows(); i++) {
      double r = predicted[i] - data.performance[i];
      modelSquares[data.model[i]] += r * r;
      modelRows[data.model[i]]++;
      benchSquares[data.benchmark[i]] += r * r;
      benchSum[data.benchmark[i]] += r;
      benchRows[data.benchmark[i]]++;
    }

    List<ModelIndex> models = new ArrayList<>();
    for (int m = 0; m < nm; m++) {
      Optional<Interval> interval =
          m == low || m == high ? Optional.empty() : draws.interval(draws.index, m, nm);
      models.add(
          new ModelIndex(
              data.models[m],
              data.dates.get(m),
              benchmarksOfModel[m],
              capability[m],
              offset + scale * capability[m],
              interval,
              Math.sqrt(modelSquares[m] / modelRows[m]),
              List.copyOf(modelFlags.get(m))));
    }
    models.sort(
        Comparator.comparingDouble(ModelIndex::index).reversed().thenComparing(ModelIndex::model));
    List<BenchmarkParams> benchmarks = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      double difficulty = x[nm + b] - shift;
      double discriminability = x[nm + nb + b];
      benchmarks.add(
          new BenchmarkParams(
              data.benchmarks[b],
              modelsOfBenchmark[b],
              b == anchor,
              difficulty,
              discriminability,
              offset + scale * difficulty,
              draws.interval(draws.difficultyIndex, b, nb),
              discriminability / scale,
              draws.interval(draws.slope, b, nb),
              Math.sqrt(benchSquares[b] / benchRows[b]),
              benchSum[b] / benchRows[b],
              List.copyOf(benchmarkFlags.get(b))));
    }
    benchmarks.sort(
        Comparator.comparingDouble(BenchmarkParams::difficulty)
            .thenComparing(BenchmarkParams::benchmark));
    return new IndexFit(
        models,
        benchmarks,
        data.rows(),
        offset,
        scale,
        central.cost(),
        central.iterations(),
        central.converged(),
        draws.count,
        options.bootstrap() - draws.count,
        options);
  }

  private static void check(ScoreMatrix data, IndexOptions options) {
    if (data.benchmarkIndex(options.anchorBenchmark()) < 0) {
      throw LoopwatchException.userInput(
          "anchor benchmark '"
              + options.anchorBenchmark()
              + "' is not in the scores (benchmarks: "
              + names(data.benchmarks)
              + "); choose one with --anchor-benchmark");
    }
    for (ScaleAnchor anchor : List.of(options.low(), options.high())) {
      if (data.modelIndex(anchor.model()) < 0) {
        throw LoopwatchException.userInput(
            "scale anchor model '"
                + anchor.model()
                + "' is not in the scores (models: "
                + names(data.models)
                + "); choose two with --anchor MODEL=VALUE");
      }
    }
    if (data.modelCount() < 2 || data.benchmarkCount() < 2) {
      throw LoopwatchException.userInput(
          "the scores cover "
              + data.modelCount()
              + " model(s) and "
              + data.benchmarkCount()
              + " benchmark(s); the index needs at least 2 of each");
    }
    double first = data.performance[0];
    boolean constant = true;
    for (double value : data.performance) {
      constant &= value == first;
    }
    if (constant) {
      throw LoopwatchException.userInput(
          "every score is " + first + " (after clipping): there is nothing to fit");
    }
  }

  private static String names(String[] all) {
    List<String> shown = Arrays.asList(all).subList(0, Math.min(all.length, 8));
    return String.join(", ", shown) + (all.length > 8 ? ", ... (" + all.length + ")" : "");
  }

  private static void diagnose(
      ScoreMatrix data,
      IndexOptions options,
      int anchor,
      double[] x,
      List<EnumSet<IndexFlag>> modelFlags,
      List<EnumSet<IndexFlag>> benchmarkFlags) {
    int nm = data.modelCount();
    int nb = data.benchmarkCount();
    for (int m = 0; m < nm; m++) {
      if (data.pairStart[m + 1] - data.pairStart[m] < options.minBenchmarks()) {
        modelFlags.get(m).add(IndexFlag.FEW_BENCHMARKS);
      }
      if (Math.abs(x[m]) >= IrtSolver.CAPABILITY_BOUND) {
        modelFlags.get(m).add(IndexFlag.AT_BOUND);
      }
    }
    int[] models = new int[nb];
    double[] firstScore = new double[nb];
    boolean[] varies = new boolean[nb];
    boolean[] seen = new boolean[nb];
    for (int p = 0; p < data.pairBenchmark.length; p++) {
      models[data.pairBenchmark[p]]++;
    }
    for (int i = 0; i < data.rows(); i++) {
      int b = data.benchmark[i];
      if (!seen[b]) {
        seen[b] = true;
        firstScore[b] = data.performance[i];
      } else if (data.performance[i] != firstScore[b]) {
        varies[b] = true;
      }
    }
    for (int b = 0; b < nb; b++) {
      EnumSet<IndexFlag> flags = benchmarkFlags.get(b);
      if (models[b] == 1) {
        flags.add(IndexFlag.ONE_MODEL);
      } else if (!varies[b]) {
        flags.add(IndexFlag.CONSTANT_SCORES);
      }
      double a = x[nm + nb + b];
      if (Math.abs(x[nm + b]) >= IrtSolver.CAPABILITY_BOUND
          || (b != anchor
              && (a <= IrtSolver.DISCRIMINABILITY_MIN || a >= IrtSolver.DISCRIMINABILITY_MAX))) {
        flags.add(IndexFlag.AT_BOUND);
      }
    }
    // Union-find over models (0..nm-1) and benchmarks (nm..nm+nb-1) joined by their scores.
    int[] parent = new int[nm + nb];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < data.rows(); i++) {
      int a = root(parent, data.model[i]);
      int b = root(parent, nm + data.benchmark[i]);
      parent[a] = b;
    }
    int home = root(parent, nm + anchor);
    for (int m = 0; m < nm; m++) {
      if (root(parent, m) != home) {
        modelFlags.get(m).add(IndexFlag.NOT_LINKED);
      }
    }
    for (int b = 0; b < nb; b++) {
      if (root(parent, nm + b) != home) {
        benchmarkFlags.get(b).add(IndexFlag.NOT_LINKED);
      }
    }
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** The successful draws on the index scale, draw-major. */
  private static final class Draws {
    final int count;
    final double[] index;
    final double[] difficultyIndex;
    final double[] slope;
    final double level;

    Draws(int count, double[] index, double[] difficultyIndex, double[] slope, double level) {
      this.count = count;
      this.index = index;
      this.difficultyIndex = difficultyIndex;
      this.slope = slope;
      this.level = level;
    }

    /** The interval of entry {@code k} of rows of width {@code width}, or empty without draws. */
    Optional<Interval> interval(double[] values, int k, int width) {
      if (count < 2) {
        return Optional.empty();
      }
      double[] column = new double[count];
      for (int d = 0; d < count; d++) {
        column[d] = values[d * width + k];
      }
      Arrays.sort(column);
      double tail = (1 - level) / 2;
      return Optional.of(new Interval(quantile(column, tail), quantile(column, 1 - tail), count));
    }
  }

  /**
   * The {@code q} quantile of sorted {@code values} with linear interpolation (numpy's default).
   */
  static double quantile(double[] values, double q) {
    double position = q * (values.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, values.length - 1);
    double fraction = position - below;
    return values[below] + (values[above] - values[below]) * fraction;
  }

  private record Draw(double[] index, double[] difficultyIndex, double[] slope) {}

  private static Draws bootstrap(
      ScoreMatrix data,
      IrtSolver solver,
      double[] start,
      int anchor,
      int low,
      int high,
      IndexOptions options) {
    int nm = data.modelCount();
    int nb = data.benchmarkCount();
    int n = options.bootstrap();
    List<Optional<Draw>> results = new ArrayList<>();
    if (n > 0) {
      int threads = Math.min(options.parallelism(), n);
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<Optional<Draw>>> futures = new ArrayList<>();
        for (int d = 0; d < n; d++) {
          long drawSeed = mix(options.seed(), d);
          futures.add(
              pool.submit(() -> draw(data, solver, start, anchor, low, high, options, drawSeed)));
        }
        for (Future<Optional<Draw>> future : futures) {
          results.add(future.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(LoopwatchException.Kind.INTERNAL, "bootstrap interrupted", e);
      } catch (ExecutionException e) {
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL,
            "bootstrap draw failed: " + e.getCause(),
            e.getCause());
      }
    }
    List<Draw> good = results.stream().flatMap(Optional::stream).toList();
    double[] index = new double[good.size() * nm];
    double[] difficultyIndex = new double[good.size() * nb];
    double[] slope = new double[good.size() * nb];
    for (int d = 0; d < good.size(); d++) {
      System.arraycopy(good.get(d).index(), 0, index, d * nm, nm);
      System.arraycopy(good.get(d).difficultyIndex(), 0, difficultyIndex, d * nb, nb);
      System.arraycopy(good.get(d).slope(), 0, slope, d * nb, nb);
    }
    return new Draws(good.size(), index, difficultyIndex, slope, options.level());
  }

  private static Optional<Draw> draw(
      ScoreMatrix data,
      IrtSolver solver,
      double[] start,
      int anchor,
      int low,
      int high,
      IndexOptions options,
      long seed) {
    int nm = data.modelCount();
    int nb = data.benchmarkCount();
    SplittableRandom random = new SplittableRandom(seed);
    double[] weights = new double[data.rows()];
    for (int[] rows : data.rowsByModel) {
      for (int k = 0; k < rows.length; k++) {
        weights[rows[random.nextInt(rows.length)]]++;
      }
    }
    IrtSolver.Solution solution = solver.solve(weights, start);
    if (!solution.converged()) {
      return Optional.empty();
    }
    double[] x = solution.x();
    double shift = x[nm + anchor] - options.anchorDifficulty();
    double spread = x[high] - x[low];
    double valueSpread = options.high().value() - options.low().value();
    if (!(spread * Math.signum(valueSpread) > MIN_ANCHOR_SPREAD)) {
      return Optional.empty();
    }
    double scale = valueSpread / spread;
    double offset = options.low().value() - scale * (x[low] - shift);
    double[] index = new double[nm];
    for (int m = 0; m < nm; m++) {
      index[m] = offset + scale * (x[m] - shift);
    }
    double[] difficultyIndex = new double[nb];
    double[] slope = new double[nb];
    for (int b = 0; b < nb; b++) {
      difficultyIndex[b] = offset + scale * (x[nm + b] - shift);
      slope[b] = x[nm + nb + b] / scale;
    }
    return Optional.of(new Draw(index, difficultyIndex, slope));
  }

  /** A draw's seed: SplitMix64's finaliser over the seed and the draw number. */
  private static long mix(long seed, int draw) {
    long z = seed + 0x9E3779B97F4A7C15L * (draw + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
