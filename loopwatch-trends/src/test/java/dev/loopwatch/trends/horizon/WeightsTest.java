package dev.loopwatch.trends.horizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightsTest {
  private static final List<Run> RUNS =
      List.of(
          Run.of("a", "f1/t1", "f1", 1, 1),
          Run.of("a", "f1/t1", "f1", 1, 0),
          Run.of("a", "f1/t2", "f1", 2, 1),
          Run.of("a", "f1/t3", "f1", 4, 0),
          Run.of("a", "f1/t4", "f1", 8, 0),
          Run.of("a", "f2/t1", "f2", 16, 1),
          Run.of("b", "f1/t1", "f1", 1, 1));

  @Test
  void compute_equal_isInverseRunsPerTaskNormalised() {
    double[] weights = Weights.compute(RUNS, Weighting.EQUAL);
    // agent a: 5 tasks; t1 has two runs.
    assertThat(weights)
        .containsExactly(new double[] {0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 1.0}, within(1e-15));
  }

  @Test
  void compute_invsqrt_dividesBySqrtOfTasksInFamily() {
    double[] weights = Weights.compute(RUNS, Weighting.INVSQRT);
    // agent a raw: f1 has 4 tasks -> 1/2 per task (split over runs), f2 has 1 -> 1; total 3.
    assertThat(weights)
        .containsExactly(
            new double[] {0.25 / 3, 0.25 / 3, 0.5 / 3, 0.5 / 3, 0.5 / 3, 1.0 / 3, 1.0},
            within(1e-15));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void compute_randomRuns_sumToOnePerAgent(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int family = random.nextInt(8);
      runs.add(
          Run.of(
              "agent" + random.nextInt(4),
              "f" + family + "/t" + random.nextInt(5),
              "f" + family,
              1 + random.nextInt(100),
              random.nextInt(2)));
    }
    for (Weighting weighting : Weighting.values()) {
      double[] weights = Weights.compute(runs, weighting);
      Map<String, Double> sums = new TreeMap<>();
      for (int i = 0; i < weights.length; i++) {
        sums.merge(runs.get(i).alias(), weights[i], Double::sum);
      }
      for (Map.Entry<String, Double> sum : sums.entrySet()) {
        assertThat(sum.getValue())
            .as("seed %d %s %s", seed, weighting, sum.getKey())
            .isCloseTo(1.0, within(1e-12));
      }
    }
  }
}
