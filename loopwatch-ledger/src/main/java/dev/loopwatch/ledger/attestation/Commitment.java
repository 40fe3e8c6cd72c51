package dev.loopwatch.ledger.attestation;

/**
 * What an attestation commits to by SHA-256 hash, with its key in the {@code commitments} object.
 * Declarants salt what could be guessed; the hash alone reveals nothing.
 */
public enum Commitment {
  /** The model weights (e.g. a hash over the checkpoint files). */
  WEIGHTS("weights"),
  /** The training or serving configuration; for a phase report, the phases.toml bytes. */
  CONFIG("config"),
  /** The manifest listing the training data; for a phase report, the published metrics snapshot. */
  DATA_MANIFEST("data_manifest"),
  /** The list of accelerator chip IDs used. */
  CHIP_IDS("chip_ids");

  private final String jsonName;

  Commitment(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The key used in the {@code commitments} object. */
  public String jsonName() {
    return jsonName;
  }
}
