package dev.loopwatch.ledger.note;

/** A known public key that checks note signatures: its name and key ID select its signatures. */
public interface Verifier {
  /** The key name. */
  String name();

  /** The 32-bit key ID. */
  int keyId();

  /** Whether {@code signature} (without the key ID) is valid for the note text {@code message}. */
  boolean verify(byte[] message, byte[] signature);
}
