package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one review produced: findings, a reviewer error, "not applicable" when the reviewer could
 * read none of the change's files, or "not reviewed" when a model budget stopped the run first.
 * Each records wall time and cost.
 */
public sealed interface ReviewOutcome {
  /** The reviewer's wall-clock time for this change. */
  Duration wallTime();

  /** The cost in US dollars the reviewer reported, when it reported one. */
  Optional<BigDecimal> costUsd();

  /** What the review's language-model calls used; empty for reviewers that call no model. */
  default Optional<ModelCalls> modelCalls() {
    return Optional.empty();
  }

  /**
   * The reviewer ran and answered.
   *
   * @param findings its findings, in the order it reported them (possibly none)
   * @param modelCalls what its model calls used, for a model reviewer
   */
  record Reviewed(
      List<Finding> findings,
      Duration wallTime,
      Optional<BigDecimal> costUsd,
      Optional<ModelCalls> modelCalls)
      implements ReviewOutcome {
    /** Checks the fields are present and copies the list. */
    public Reviewed {
      findings = List.copyOf(requireNonNull(findings, "findings is null"));
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
      requireNonNull(modelCalls, "modelCalls is null");
    }

    /** Findings of a reviewer that calls no model. */
    public Reviewed(List<Finding> findings, Duration wallTime, Optional<BigDecimal> costUsd) {
      this(findings, wallTime, costUsd, Optional.empty());
    }
  }

  /**
   * The reviewer crashed, timed out or answered with invalid output: a reviewer error, never a
   * miss.
   *
   * @param reason one line saying what went wrong (exit code, timeout, the JSON field at fault)
   * @param modelCalls what its model calls used, for a model reviewer (an unreadable answer is paid
   *     for too)
   */
  record Failed(
      String reason,
      Duration wallTime,
      Optional<BigDecimal> costUsd,
      Optional<ModelCalls> modelCalls)
      implements ReviewOutcome {
    /** Checks the fields are present. */
    public Failed {
      requireNonNull(reason, "reason is null");
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
      requireNonNull(modelCalls, "modelCalls is null");
    }

    /** The failure of a reviewer that calls no model. */
    public Failed(String reason, Duration wallTime, Optional<BigDecimal> costUsd) {
      this(reason, wallTime, costUsd, Optional.empty());
    }
  }

  /**
   * The reviewer could read none of the changed files (PMD on a change without {@code .java} files,
   * a command reviewer answering {@code "files_read": []}): neither caught nor missed, and left out
   * of the catch rate.
   *
   * @param reason one line saying which files the reviewer reads
   */
  record NotApplicable(String reason, Duration wallTime, Optional<BigDecimal> costUsd)
      implements ReviewOutcome {
    /** Checks the fields are present. */
    public NotApplicable {
      requireNonNull(reason, "reason is null");
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
    }
  }

  /**
   * The review was not made because a model budget ({@code --max-cost}, {@code --max-calls}) ran
   * out first ({@code stopped_by_budget}): neither caught, missed nor a reviewer error, and left
   * out of the catch rate.
   *
   * @param reason one line naming the limit
   */
  record StoppedByBudget(String reason, Duration wallTime) implements ReviewOutcome {
    /** Checks the fields are present. */
    public StoppedByBudget {
      requireNonNull(reason, "reason is null");
      requireNonNull(wallTime, "wallTime is null");
    }

    /** Nothing was spent: the call was refused before it was sent. */
    @Override
    public Optional<BigDecimal> costUsd() {
      return Optional.empty();
    }
  }
}
