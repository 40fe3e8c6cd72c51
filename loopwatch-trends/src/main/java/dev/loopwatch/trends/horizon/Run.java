package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One agent run on one task, as read from a METR run file.
 *
 * @param alias the agent (model) alias the run belongs to
 * @param taskId the task
 * @param taskFamily the family the task belongs to
 * @param taskSource the task suite (HCAST, RE-Bench, SWAA), absent in the early-2025 schema
 * @param humanMinutes how long the task takes a human, positive
 * @param score the binary score ({@code score_binarized}, or {@code score} in the 2025 schema)
 * @param scoreCont the continuous score in [0, 1], when the file has one
 * @param equalTaskWeight the file's {@code equal_task_weight}, when present
 * @param invsqrtTaskWeight the file's {@code invsqrt_task_weight}, when present
 */
public record Run(
    String alias,
    String taskId,
    String taskFamily,
    Optional<String> taskSource,
    double humanMinutes,
    double score,
    OptionalDouble scoreCont,
    OptionalDouble equalTaskWeight,
    OptionalDouble invsqrtTaskWeight) {
  /** Checks the fields. */
  public Run {
    requireNonNull(alias, "alias is null");
    requireNonNull(taskId, "taskId is null");
    requireNonNull(taskFamily, "taskFamily is null");
    requireNonNull(taskSource, "taskSource is null");
    requireNonNull(scoreCont, "scoreCont is null");
    requireNonNull(equalTaskWeight, "equalTaskWeight is null");
    requireNonNull(invsqrtTaskWeight, "invsqrtTaskWeight is null");
    if (!(humanMinutes > 0) || Double.isInfinite(humanMinutes)) {
      throw new IllegalArgumentException("humanMinutes must be positive: " + humanMinutes);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
  }

  /** A run with a binary score and no optional columns, for tests and synthetic data. */
  public static Run of(
      String alias, String taskId, String taskFamily, double humanMinutes, double score) {
    return new Run(
        alias,
        taskId,
        taskFamily,
        Optional.empty(),
        humanMinutes,
        score,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }
}
