package dev.loopwatch.app.ledger;

import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Compute;
import dev.loopwatch.ledger.attestation.EstimationMethod;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic keys and signed heartbeat attestations for server tests and the load generator. */
final class Attestations {
  static final String LOG_ORIGIN = "ledger.example/test";
  private static final String DECLARANT = "lab.example/compute";

  private Attestations() {}

  static byte[] seed(long value) {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(value).nextBytes(seed);
    return seed;
  }

  static String logSignerKey() {
    return NoteKeys.signerKey(LOG_ORIGIN, NoteKeys.TYPE_ED25519, seed(100));
  }

  static String logVerifierKey() {
    return NoteKeys.verifierKey(LOG_ORIGIN, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(100)));
  }

  static Signer declarantSigner() {
    return NoteKeys.signer(NoteKeys.signerKey(DECLARANT, NoteKeys.TYPE_ED25519, seed(7)));
  }

  static String declarantKey() {
    return NoteKeys.verifierKey(DECLARANT, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(7)));
  }

  /** The signed heartbeat number {@code n} of run {@code run-0}: one minute per heartbeat. */
  static byte[] heartbeat(long n, Signer signer, String declarant) {
    Instant start = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(60 * n);
    Attestation attestation =
        new Attestation(
            declarant,
            StatementType.HEARTBEAT,
            "run-0",
            new Period(start, start.plusSeconds(59)),
            new Compute(
                BigInteger.valueOf(1_000_000_000_000_000L).multiply(BigInteger.valueOf(n + 1)),
                BigDecimal.valueOf(n, 1),
                EstimationMethod.MEASURED),
            Map.of(),
            List.of());
    return SignedAttestation.sign(attestation, signer).bytes();
  }

  static byte[] heartbeat(long n) {
    return heartbeat(n, declarantSigner(), declarantKey());
  }
}
