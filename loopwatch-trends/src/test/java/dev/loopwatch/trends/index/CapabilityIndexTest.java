package dev.loopwatch.trends.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapabilityIndexTest {
  private static IndexOptions exact(IndexOptions options) {
    return new IndexOptions(
        options.anchorBenchmark(),
        options.anchorDifficulty(),
        options.anchorDiscriminability(),
        options.low(),
        options.high(),
        1e-12,
        1e-6,
        0,
        options.seed(),
        options.level(),
        options.minBenchmarks(),
        1);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void fit_noiseFreeScores_recoversTheParameters(long seed) {
    SyntheticScores data = SyntheticScores.draw(seed, 40, 12, 0.7, 0);
    IndexFit fit = CapabilityIndex.fit(data.scores, exact(data.options()));

    assertThat(fit.converged()).as("seed %d", seed).isTrue();
    Map<String, ModelIndex> models = byName(fit.models(), ModelIndex::model);
    for (int m = 0; m < data.capability.length; m++) {
      ModelIndex model = models.get(SyntheticScores.model(m));
      assertThat(model.capability())
          .as("seed %d model %d", seed, m)
          .isCloseTo(data.capability[m], within(1e-4));
      // The anchors take their true capabilities, so the index is the capability itself.
      assertThat(model.index()).isCloseTo(data.capability[m], within(1e-4));
    }
    Map<String, BenchmarkParams> benchmarks = byName(fit.benchmarks(), BenchmarkParams::benchmark);
    for (int b = 0; b < data.difficulty.length; b++) {
      BenchmarkParams benchmark = benchmarks.get(SyntheticScores.benchmark(b));
      assertThat(benchmark.difficulty())
          .as("seed %d benchmark %d", seed, b)
          .isCloseTo(data.difficulty[b], within(1e-4));
      assertThat(benchmark.discriminability()).isCloseTo(data.discriminability[b], within(1e-4));
    }
  }

  @Test
  void fit_noisyScoresWithEpochsPenalty_ranksModelsAsTheTruth() {
    SyntheticScores data = SyntheticScores.draw(7, 60, 15, 0.6, 0.03);
    IndexFit fit = CapabilityIndex.fit(data.scores, data.options().withBootstrap(0, 1));

    Map<String, ModelIndex> models = byName(fit.models(), ModelIndex::model);
    double worst = 0;
    for (int m = 0; m < data.capability.length; m++) {
      worst =
          Math.max(
              worst, Math.abs(models.get(SyntheticScores.model(m)).index() - data.capability[m]));
    }
    assertThat(worst).isLessThan(0.35);
  }

  @Test
  void fit_optimum_hasAZeroGradient() {
    SyntheticScores data = SyntheticScores.draw(11, 30, 8, 0.8, 0.05);
    IndexOptions options = data.options().withBootstrap(0, 1);
    ScoreMatrix matrix = ScoreMatrix.of(data.scores, options.clip());
    IrtSolver solver =
        new IrtSolver(matrix, matrix.benchmarkIndex("Winogrande"), 1, options.regularization());
    double[] weights = new double[matrix.rows()];
    Arrays.fill(weights, 1);
    IrtSolver.Solution solution = solver.solve(weights, solver.start());

    assertThat(solution.converged()).isTrue();
    double[] x = solution.x();
    int anchorAlpha = matrix.modelCount() + matrix.benchmarkCount();
    for (int j = 0; j < x.length; j++) {
      if (j == anchorAlpha) {
        continue;
      }
      double h = 1e-6;
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[j] += h;
      minus[j] -= h;
      double derivative = (solver.cost(weights, plus) - solver.cost(weights, minus)) / (2 * h);
      assertThat(derivative).as("parameter %d", j).isCloseTo(0, within(1e-6));
    }
  }

  @Test
  void fit_shuffledRowsAndOtherThreadCounts_giveTheSameResult() {
    SyntheticScores data = SyntheticScores.draw(3, 50, 10, 0.6, 0.04);
    IndexOptions options = data.options().withBootstrap(20, 99).withParallelism(1);
    IndexFit first = CapabilityIndex.fit(data.scores, options);
    List<Score> shuffled = new ArrayList<>(data.scores);
    Collections.shuffle(shuffled, new Random(5));
    IndexFit second = CapabilityIndex.fit(shuffled, options.withParallelism(3));

    assertThat(second.models()).isEqualTo(first.models());
    assertThat(second.benchmarks()).isEqualTo(first.benchmarks());
    assertThat(second.cost()).isEqualTo(first.cost());
    assertThat(first.draws()).isEqualTo(20);
  }

  @Test
  void fit_bootstrap_givesIntervalsAroundEveryEstimateButTheAnchors() {
    SyntheticScores data = SyntheticScores.draw(4, 40, 10, 0.7, 0.04);
    IndexFit fit = CapabilityIndex.fit(data.scores, data.options().withBootstrap(40, 12345));

    for (ModelIndex model : fit.models()) {
      boolean anchor =
          model.model().equals(SyntheticScores.model(0))
              || model.model().equals(SyntheticScores.model(39));
      assertThat(model.interval().isPresent()).as(model.model()).isEqualTo(!anchor);
      model.interval().ifPresent(i -> assertThat(i.low()).isLessThanOrEqualTo(i.high()));
    }
    for (BenchmarkParams benchmark : fit.benchmarks()) {
      assertThat(benchmark.indexInterval()).isPresent();
      assertThat(benchmark.slopeInterval()).isPresent();
    }
  }

  @Test
  void fit_defaultAnchors_putTheAnchorModelsOnTheirValues() {
    List<Score> scores = new ArrayList<>();
    SyntheticScores data = SyntheticScores.draw(8, 20, 6, 1, 0.02);
    for (Score score : data.scores) {
      String model =
          switch (score.model()) {
            case "model-005" -> "Claude 3.5 Sonnet";
            case "model-015" -> "GPT-5";
            default -> score.model();
          };
      scores.add(
          new Score(model, score.benchmark(), score.performance(), score.date(), score.source()));
    }
    IndexFit fit = CapabilityIndex.fit(scores, IndexOptions.defaults().withBootstrap(0, 1));
    Map<String, ModelIndex> models = byName(fit.models(), ModelIndex::model);

    assertThat(models.get("Claude 3.5 Sonnet").index()).isCloseTo(130, within(1e-9));
    assertThat(models.get("GPT-5").index()).isCloseTo(150, within(1e-9));
    BenchmarkParams winogrande =
        byName(fit.benchmarks(), BenchmarkParams::benchmark).get("Winogrande");
    assertThat(winogrande.anchor()).isTrue();
    assertThat(winogrande.difficulty()).isZero();
    assertThat(winogrande.discriminability()).isEqualTo(1);
  }

  @Test
  void fit_unknownAnchorBenchmark_failsNamingIt() {
    SyntheticScores data = SyntheticScores.draw(1, 10, 4, 1, 0);
    assertThatThrownBy(
            () -> CapabilityIndex.fit(data.scores, data.options().withAnchorBenchmark("MMLU")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("anchor benchmark 'MMLU' is not in the scores")
        .hasMessageContaining("Winogrande");
  }

  @Test
  void fit_unknownAnchorModel_failsNamingIt() {
    SyntheticScores data = SyntheticScores.draw(1, 10, 4, 1, 0);
    assertThatThrownBy(() -> CapabilityIndex.fit(data.scores, IndexOptions.defaults()))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("scale anchor model 'Claude 3.5 Sonnet' is not in the scores");
  }

  @Test
  void fit_allScoresEqual_fails() {
    List<Score> scores = new ArrayList<>();
    for (String model : List.of("a", "b", "c")) {
      for (String benchmark : List.of("Winogrande", "x")) {
        scores.add(Score.of(model, benchmark, 0.5));
      }
    }
    IndexOptions options =
        IndexOptions.defaults().withScale(new ScaleAnchor("a", 0), new ScaleAnchor("b", 1));
    assertThatThrownBy(() -> CapabilityIndex.fit(scores, options))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("every score is 0.5");
  }

  @Test
  void fit_anchorsInTheWrongOrder_failsNamingThem() {
    SyntheticScores data = SyntheticScores.draw(2, 12, 5, 1, 0);
    IndexOptions options =
        data.options()
            .withScale(
                new ScaleAnchor(SyntheticScores.model(11), 130),
                new ScaleAnchor(SyntheticScores.model(0), 150));
    // model-000 is the least capable, model-011 the most: 150 > 130 needs the reverse.
    assertThatThrownBy(() -> CapabilityIndex.fit(data.scores, options))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("do not define a scale")
        .hasMessageContaining(SyntheticScores.model(0));
  }

  @Test
  void fit_sparseAndDegenerateData_flagsTheRows() {
    SyntheticScores data = SyntheticScores.draw(5, 20, 6, 1, 0.02);
    List<Score> scores = new ArrayList<>(data.scores);
    scores.add(Score.of("lonely", "Winogrande", 0.4));
    scores.add(Score.of(SyntheticScores.model(3), "solo-bench", 0.3));
    scores.add(Score.of(SyntheticScores.model(3), "flat-bench", 0.6));
    scores.add(Score.of(SyntheticScores.model(4), "flat-bench", 0.6));
    scores.add(Score.of("island-a", "island-bench", 0.2));
    scores.add(Score.of("island-b", "island-bench", 0.7));
    IndexFit fit = CapabilityIndex.fit(scores, data.options().withBootstrap(0, 1));
    Map<String, ModelIndex> models = byName(fit.models(), ModelIndex::model);
    Map<String, BenchmarkParams> benchmarks = byName(fit.benchmarks(), BenchmarkParams::benchmark);

    assertThat(models.get("lonely").flags()).containsExactly(IndexFlag.FEW_BENCHMARKS);
    assertThat(models.get(SyntheticScores.model(3)).flags()).isEmpty();
    assertThat(benchmarks.get("solo-bench").flags()).containsExactly(IndexFlag.ONE_MODEL);
    assertThat(benchmarks.get("flat-bench").flags()).containsExactly(IndexFlag.CONSTANT_SCORES);
    assertThat(benchmarks.get("island-bench").flags()).contains(IndexFlag.NOT_LINKED);
    assertThat(models.get("island-a").flags())
        .contains(IndexFlag.FEW_BENCHMARKS, IndexFlag.NOT_LINKED);
  }

  @Test
  void quantile_linearInterpolation_matchesNumpy() {
    double[] values = {1, 2, 3, 4, 10};
    // numpy.quantile([1, 2, 3, 4, 10], [0.05, 0.95]) == [1.2, 8.8]
    assertThat(CapabilityIndex.quantile(values, 0.05)).isCloseTo(1.2, within(1e-12));
    assertThat(CapabilityIndex.quantile(values, 0.95)).isCloseTo(8.8, within(1e-12));
  }

  private static <T> Map<String, T> byName(List<T> rows, Function<T, String> name) {
    return rows.stream().collect(Collectors.toMap(name, Function.identity()));
  }
}
