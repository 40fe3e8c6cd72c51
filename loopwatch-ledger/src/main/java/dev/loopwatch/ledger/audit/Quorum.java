package dev.loopwatch.ledger.audit;

/** The witness requirement a checkpoint must meet beyond the log's own signature. */
public interface Quorum {
  /** Whether the signed checkpoint note carries enough valid witness cosignatures. */
  boolean met(byte[] signedCheckpoint);

  /** What is required, for messages. */
  String describe();

  /** No witnesses required. */
  static Quorum none() {
    return new Quorum() {
      @Override
      public boolean met(byte[] signedCheckpoint) {
        return true;
      }

      @Override
      public String describe() {
        return "no witnesses";
      }
    };
  }
}
