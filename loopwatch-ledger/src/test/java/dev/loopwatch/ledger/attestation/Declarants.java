package dev.loopwatch.ledger.attestation;

import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic declarant keys and attestations for tests. */
final class Declarants {
  static final String NAME = "lab.example/compute";

  private Declarants() {}

  static byte[] seed(long value) {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(value).nextBytes(seed);
    return seed;
  }

  static String signerKey(long value) {
    return NoteKeys.signerKey(NAME, NoteKeys.TYPE_ED25519, seed(value));
  }

  static Signer signer(long value) {
    return NoteKeys.signer(signerKey(value));
  }

  static String verifierKey(long value) {
    return NoteKeys.verifierKey(NAME, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(value)));
  }

  /** A compute report by declarant key 1 over one day, with one commitment. */
  static Attestation computeReport() {
    return new Attestation(
        verifierKey(1),
        StatementType.COMPUTE_REPORT,
        "run-7",
        new Period(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z")),
        new Compute(
            new BigInteger("32000000000000000000000000"),
            new BigDecimal("4096.50"),
            EstimationMethod.MEASURED),
        Map.of(Commitment.WEIGHTS, dev.loopwatch.ledger.merkle.Hash.fromHex("ab".repeat(32))),
        List.of());
  }
}
