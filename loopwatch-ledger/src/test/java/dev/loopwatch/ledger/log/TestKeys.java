package dev.loopwatch.ledger.log;

import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import java.util.SplittableRandom;

/** Deterministic Ed25519 log keys for tests. */
final class TestKeys {
  static final String ORIGIN = "example.com/test-log";

  private TestKeys() {}

  static byte[] seed(long value) {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(value).nextBytes(seed);
    return seed;
  }

  static Signer signer(long value) {
    return NoteKeys.signer(NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed(value)));
  }

  static Verifier verifier(long value) {
    return NoteKeys.verifier(
        NoteKeys.verifierKey(ORIGIN, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(value))));
  }

  /** The deterministic content of entry {@code index}: 0 to 299 bytes derived from the index. */
  static byte[] entry(long index) {
    SplittableRandom random = new SplittableRandom(index * 7919 + 17);
    byte[] entry = new byte[random.nextInt(300)];
    random.nextBytes(entry);
    return entry;
  }
}
