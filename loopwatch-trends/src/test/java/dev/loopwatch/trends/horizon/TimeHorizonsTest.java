package dev.loopwatch.trends.horizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TimeHorizonsTest {
  /** Runs of three agents with known curves over 12 families; agent "zero" always fails. */
  static List<Run> synthetic(long seed, int runsPerTask) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] agents = {"early", "late", "zero"};
    double[] intercepts = {1.5, 3.0, 0};
    double[] slopes = {-0.8, -0.5, 0};
    List<Run> runs = new ArrayList<>();
    for (int f = 0; f < 12; f++) {
      int tasks = 1 + random.nextInt(4);
      for (int t = 0; t < tasks; t++) {
        double minutes = Math.exp(random.nextDouble(Math.log(0.1), Math.log(2000)));
        double x = Math.log(minutes) / Math.log(2);
        String source = f % 3 == 0 ? "SWAA" : "HCAST";
        for (int a = 0; a < agents.length; a++) {
          int n = 1 + random.nextInt(runsPerTask);
          for (int r = 0; r < n; r++) {
            double p = a == 2 ? 0 : 1 / (1 + Math.exp(-(intercepts[a] + slopes[a] * x)));
            double score = random.nextDouble() < p ? 1 : 0;
            runs.add(
                new Run(
                    agents[a],
                    "fam" + f + "/task" + t,
                    "fam" + f,
                    Optional.of(source),
                    minutes,
                    score,
                    OptionalDouble.of(score),
                    OptionalDouble.empty(),
                    OptionalDouble.empty()));
          }
        }
      }
    }
    return runs;
  }

  @Test
  void fit_agents_fittedOrAllFailedInAliasOrder() {
    TimeHorizons horizons = TimeHorizons.of(synthetic(1, 4), HorizonOptions.defaults());
    List<AgentFit> fits = horizons.fit();
    assertThat(fits).extracting(AgentFit::agent).containsExactly("early", "late", "zero");
    assertThat(fits.get(0)).isInstanceOf(AgentFit.Fitted.class);
    assertThat(fits.get(2)).isEqualTo(new AgentFit.AllFailed("zero"));
    assertThat(fits.get(2).horizon(0.5)).isZero();
    assertThat(fits.get(1).horizon(0.5)).isGreaterThan(fits.get(0).horizon(0.5));
  }

  @Test
  void fit_matchesDirectFitOfWeightedRuns() {
    List<Run> runs = synthetic(2, 3);
    TimeHorizons horizons = TimeHorizons.of(runs, HorizonOptions.defaults());
    double[] weights = Weights.compute(runs, Weighting.INVSQRT);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).alias().equals("late")) {
        x.add(Math.log(runs.get(i).humanMinutes()) / Math.log(2));
        y.add(runs.get(i).score());
        w.add(weights[i]);
      }
    }
    LogisticFit direct = LogisticRegression.fit(array(x), array(y), array(w), 0.1);
    LogisticFit grouped = ((AgentFit.Fitted) horizons.fit().get(1)).fit();
    assertThat(grouped.intercept()).isCloseTo(direct.intercept(), within(1e-10));
    assertThat(grouped.slope()).isCloseTo(direct.slope(), within(1e-10));
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void fit_allSuccess_reportedAsUnbounded() {
    List<Run> runs = List.of(Run.of("a", "t1", "f", 1, 1), Run.of("a", "t2", "f", 30, 1));
    assertThat(TimeHorizons.of(runs, HorizonOptions.defaults()).fit())
        .containsExactly(new AgentFit.AllSucceeded("a"));
  }

  @Test
  void fit_oneTaskLengthHalfSucceeded_isFlatNotUnbounded() {
    List<Run> runs = List.of(Run.of("a", "t1", "f", 1, 1), Run.of("a", "t1", "f", 1, 0));
    AgentFit.Fitted fit =
        (AgentFit.Fitted) TimeHorizons.of(runs, HorizonOptions.defaults()).fit().get(0);
    assertThat(fit.flat()).isTrue();
    assertThat(fit.rising()).isFalse();
  }

  @Test
  void fit_successRisingWithLength_isRising() {
    List<Run> runs =
        List.of(
            Run.of("a", "t1", "f1", 1, 0),
            Run.of("a", "t2", "f2", 2, 0),
            Run.of("a", "t3", "f3", 30, 1),
            Run.of("a", "t4", "f4", 60, 1),
            Run.of("a", "t5", "f5", 4, 1),
            Run.of("a", "t6", "f6", 20, 0));
    AgentFit.Fitted fit =
        (AgentFit.Fitted) TimeHorizons.of(runs, HorizonOptions.defaults()).fit().get(0);
    assertThat(fit.rising()).isTrue();
    assertThat(fit.flat()).isFalse();
  }

  @Test
  void of_excludedSources_recomputesWeightsOnRemainingRuns() {
    List<Run> runs = synthetic(3, 3);
    List<Run> hcast = runs.stream().filter(r -> r.taskSource().get().equals("HCAST")).toList();
    List<AgentFit> excluded =
        TimeHorizons.of(runs, HorizonOptions.defaults().withExcludedSources(List.of("SWAA"))).fit();
    List<AgentFit> filtered = TimeHorizons.of(hcast, HorizonOptions.defaults()).fit();
    assertThat(excluded).isEqualTo(filtered);
    assertThat(excluded).isNotEqualTo(TimeHorizons.of(runs, HorizonOptions.defaults()).fit());
  }

  @Test
  void of_unknownExcludedSource_isUserInputError() {
    assertThatThrownBy(() ->
            TimeHorizons.of(
                synthetic(3, 2),
                HorizonOptions.defaults().withExcludedSources(List.of("RE-Bench"))))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("no runs have the excluded task source(s) RE-Bench");
  }

  @Test
  void bootstrap_sameSeed_isReproducibleAndThreadIndependent() {
    TimeHorizons horizons = TimeHorizons.of(synthetic(4, 3), HorizonOptions.defaults());
    HorizonSamples one = horizons.bootstrap(200, 42, 1);
    HorizonSamples four = horizons.bootstrap(200, 42, 4);
    HorizonSamples again = horizons.bootstrap(200, 42, 3);
    assertThat(four).isEqualTo(one);
    assertThat(again).isEqualTo(one);
    assertThat(horizons.bootstrap(200, 43, 4)).isNotEqualTo(one);
  }

  @Test
  void bootstrap_adjacentSeeds_shareNoSample() {
    TimeHorizons horizons = TimeHorizons.of(synthetic(4, 3), HorizonOptions.defaults());
    Set<String> first = sampleKeys(horizons.bootstrap(200, 42, 2), horizons.agents());
    Set<String> second = sampleKeys(horizons.bootstrap(200, 43, 2), horizons.agents());
    assertThat(first).hasSize(200);
    assertThat(second).hasSize(200);
    first.retainAll(second);
    assertThat(first).as("samples shared by seeds 42 and 43").isEmpty();
  }

  /** One string per sample: every agent's p50 horizon in that sample. */
  private static Set<String> sampleKeys(HorizonSamples samples, List<String> agents) {
    Set<String> keys = new TreeSet<>();
    for (int s = 0; s < samples.samples(); s++) {
      StringBuilder key = new StringBuilder();
      for (String agent : agents) {
        key.append(samples.horizons(agent, 0.5)[s]).append(' ');
      }
      keys.add(key.toString());
    }
    return keys;
  }

  @Test
  void bootstrap_samples_centreOnPointEstimateAndSkipAllFailed() {
    TimeHorizons horizons = TimeHorizons.of(synthetic(5, 4), HorizonOptions.defaults());
    HorizonSamples samples = horizons.bootstrap(300, 42, 2);
    double p50 = horizons.fit().get(1).horizon(0.5);
    Interval interval = samples.interval("late", 0.5, 0.95).orElseThrow();
    assertThat(interval.low()).isLessThan(p50);
    assertThat(interval.high()).isGreaterThan(p50);
    assertThat(interval.samples()).isEqualTo(300);
    assertThat(samples.horizons("zero", 0.5)).containsOnly(Double.NaN);
    assertThat(samples.interval("zero", 0.5, 0.95)).isEmpty();
    double[] p80 = samples.horizons("late", 0.8);
    double[] p50s = samples.horizons("late", 0.5);
    for (int s = 0; s < p80.length; s++) {
      assertThat(p80[s]).as("sample %d", s).isLessThan(p50s[s]);
    }
  }

  @Test
  void bootstrap_singleFamilySingleTask_resamplesOnlyRuns() {
    // One task: the family and task draws are fixed, so each sample redraws the 4 runs (2
    // successes).
    // With one x the penalty pins the slope at exactly 0 and the horizon is 2^(-b0/0): 4 or 0
    // successes drawn -> skipped (NaN, p = 2/16); 2 -> b0 = 0 -> NaN (6/16); 3 -> 0 (4/16); 1 ->
    // infinite (4/16).
    List<Run> runs =
        List.of(
            Run.of("a", "t", "f", 5, 1),
            Run.of("a", "t", "f", 5, 1),
            Run.of("a", "t", "f", 5, 0),
            Run.of("a", "t", "f", 5, 0));
    double[] horizons =
        TimeHorizons.of(runs, HorizonOptions.defaults()).bootstrap(4000, 42, 2).horizons("a", 0.5);
    long nan = Arrays.stream(horizons).filter(Double::isNaN).count();
    long zero = Arrays.stream(horizons).filter(h -> h == 0).count();
    long infinite = Arrays.stream(horizons).filter(Double::isInfinite).count();
    assertThat(nan + zero + infinite).isEqualTo(4000);
    // Standard deviations are about 32 and 27; allow about four.
    assertThat(nan).isBetween(1870L, 2130L);
    assertThat(zero).isBetween(890L, 1110L);
    assertThat(infinite).isBetween(890L, 1110L);
  }
}
