package dev.loopwatch.ledger.audit;

/** The closed set of things an audit can find wrong, with the names used in output. */
public enum ViolationKind {
  /** The checkpoint is malformed or not signed by the log key. */
  BAD_CHECKPOINT("bad_checkpoint"),
  /** The checkpoint lacks the cosignatures the witness policy requires. */
  QUORUM_NOT_MET("quorum_not_met"),
  /** The log shrank below the size of the last checkpoint this auditor verified. */
  ROLLBACK("rollback"),
  /** The log signed a checkpoint inconsistent with the last one this auditor verified. */
  SPLIT_VIEW("split_view"),
  /** The tiles or entry bundles do not give the checkpoint's root. */
  ROOT_MISMATCH("root_mismatch"),
  /** An entry is not a valid signed attestation. */
  INVALID_ENTRY("invalid_entry"),
  /** An entry by a declarant the policy does not list, when it lists only some. */
  UNLISTED_DECLARANT("unlisted_declarant"),
  /** Compute reports in one cap window add up to more than the cap. */
  CAP_EXCEEDED("cap_exceeded"),
  /** A run started inside a declared pause. */
  STARTED_IN_PAUSE("started_in_pause"),
  /** A run was started a second time. */
  DOUBLE_START("double_start"),
  /** A run was stopped that had not been started. */
  STOP_WITHOUT_START("stop_without_start"),
  /** A run was stopped a second time. */
  DOUBLE_STOP("double_stop"),
  /** A run stopped before it started. */
  STOP_BEFORE_START("stop_before_start"),
  /** Compute was reported for a run outside its started/stopped interval. */
  COMPUTE_OUTSIDE_RUN("compute_outside_run"),
  /** No heartbeat for longer than the declarant's interval. */
  HEARTBEAT_SILENCE("heartbeat_silence"),
  /** A declarant logged more than one phase_report for one month. */
  DUPLICATE_PHASE_REPORT("duplicate_phase_report"),
  /** A month between a declarant's first and last phase_report has none. */
  PHASE_REPORT_GAP("phase_report_gap"),
  /** A phase_report's published snapshot is not in the snapshots folder. */
  SNAPSHOT_MISSING("snapshot_missing"),
  /** A phase_report's data_manifest is not the SHA-256 of its published snapshot. */
  SNAPSHOT_MISMATCH("snapshot_mismatch");

  private final String jsonName;

  ViolationKind(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in text and JSON output. */
  public String jsonName() {
    return jsonName;
  }
}
