package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-agent task weights, as in METR's compute_task_weights.py: {@code equal_task_weight} is 1 /
 * (runs the agent has on the task); {@code invsqrt_task_weight} is that divided by the square root
 * of the number of distinct tasks the agent ran in the task's family. Each is normalised to sum to
 * 1 over the agent's runs. Computing them on a filtered run list recomputes them for that list.
 */
public final class Weights {
  private Weights() {}

  /** The weight of each run of {@code runs}, in the same order. */
  public static double[] compute(List<Run> runs, Weighting weighting) {
    requireNonNull(runs, "runs is null");
    requireNonNull(weighting, "weighting is null");
    Map<String, Integer> runsPerTask = new HashMap<>();
    Map<String, Integer> tasksPerFamily = new HashMap<>();
    for (Run run : runs) {
      if (runsPerTask.merge(key(run.alias(), run.taskId()), 1, Integer::sum) == 1) {
        tasksPerFamily.merge(key(run.alias(), run.taskFamily()), 1, Integer::sum);
      }
    }
    double[] weights = new double[runs.size()];
    Map<String, Double> totals = new HashMap<>();
    for (int i = 0; i < weights.length; i++) {
      Run run = runs.get(i);
      double weight = 1.0 / runsPerTask.get(key(run.alias(), run.taskId()));
      if (weighting == Weighting.INVSQRT) {
        weight /= Math.sqrt(tasksPerFamily.get(key(run.alias(), run.taskFamily())));
      }
      weights[i] = weight;
      totals.merge(run.alias(), weight, Double::sum);
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= totals.get(runs.get(i).alias());
    }
    return weights;
  }

  private static String key(String alias, String name) {
    return alias + '\u0000' + name;
  }
}
