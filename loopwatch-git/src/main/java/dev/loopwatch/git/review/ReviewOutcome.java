package dev.loopwatch.git.review;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one review produced: findings, a reviewer error, or "not applicable" when the reviewer could
 * read none of the change's files. Each records wall time and cost.
 */
public sealed interface ReviewOutcome {
  /** The reviewer's wall-clock time for this change. */
  Duration wallTime();

  /** The cost in US dollars the reviewer reported, when it reported one. */
  Optional<BigDecimal> costUsd();

  /**
   * The reviewer ran and answered.
   *
   * @param findings its findings, in the order it reported them (possibly none)
   */
  record Reviewed(List<Finding> findings, Duration wallTime, Optional<BigDecimal> costUsd)
      implements ReviewOutcome {
    /** Checks the fields are present and copies the list. */
    public Reviewed {
      findings = List.copyOf(requireNonNull(findings, "findings is null"));
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
    }
  }

  /**
   * The reviewer crashed, timed out or answered with invalid output: a reviewer error, never a
   * miss.
   *
   * @param reason one line saying what went wrong (exit code, timeout, the JSON field at fault)
   */
  record Failed(String reason, Duration wallTime, Optional<BigDecimal> costUsd)
      implements ReviewOutcome {
    /** Checks the fields are present. */
    public Failed {
      requireNonNull(reason, "reason is null");
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
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
}
