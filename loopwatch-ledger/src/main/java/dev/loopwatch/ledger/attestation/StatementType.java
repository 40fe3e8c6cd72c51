package dev.loopwatch.ledger.attestation;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The closed set of statement kinds an attestation can make, with their JSON names. */
public enum StatementType {
  /** A training or inference run started at the period's start. */
  RUN_STARTED("run_started"),
  /** A run stopped at the period's end. */
  RUN_STOPPED("run_stopped"),
  /** The compute used during the period. */
  COMPUTE_REPORT("compute_report"),
  /** Evaluation results obtained during the period; requires at least one evaluation. */
  EVAL_RESULT("eval_result"),
  /** A periodic liveness statement; silence where one is due is itself evidence. */
  HEARTBEAT("heartbeat"),
  /** A declared pause: no run may start during the period. */
  PAUSE_DECLARED("pause_declared"),
  /**
   * The phase an organisation held in one calendar month, with its indicators; requires a {@code
   * phase_report} member, a one-month period and the {@code data_manifest} and {@code config}
   * commitments.
   */
  PHASE_REPORT("phase_report");

  private final String jsonName;

  StatementType(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in the {@code type} field. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The type with this JSON name.
   *
   * @throws LoopwatchException listing the accepted names
   */
  public static StatementType fromJson(String name) {
    for (StatementType type : values()) {
      if (type.jsonName.equals(name)) {
        return type;
      }
    }
    throw LoopwatchException.userInput(
        "attestation field \"type\": unknown statement type \""
            + name
            + "\", expected one of "
            + Arrays.stream(values())
                .map(StatementType::jsonName)
                .collect(Collectors.joining(", ")));
  }
}
