package dev.loopwatch.trends.horizon;

/** How runs are weighted within one agent's fit (METR's compute_task_weights.py). */
public enum Weighting {
  /** Every task counts equally: each run weighs 1 / (runs of that task by the agent). */
  EQUAL,
  /** As {@link #EQUAL}, divided by the square root of the tasks the agent ran in the family. */
  INVSQRT
}
