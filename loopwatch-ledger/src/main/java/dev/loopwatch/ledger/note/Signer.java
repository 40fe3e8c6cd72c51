package dev.loopwatch.ledger.note;

/** A private key that signs note texts. */
public interface Signer {
  /** The key name. */
  String name();

  /** The 32-bit key ID. */
  int keyId();

  /** The signature (without the key ID) of the note text {@code message}. */
  byte[] sign(byte[] message);
}
