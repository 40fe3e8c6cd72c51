package dev.loopwatch.ledger.audit;

import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Compute;
import dev.loopwatch.ledger.attestation.EstimationMethod;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic keys, signed attestations and real tiled logs for audit tests. */
final class AuditFixture {
  static final String ORIGIN = "example.com/audit-log";
  static final String LAB_A = "lab-a.example/compute";
  static final String LAB_B = "lab-b.example/compute";

  private AuditFixture() {}

  static byte[] seed(long value) {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(value).nextBytes(seed);
    return seed;
  }

  static Signer logSigner() {
    return NoteKeys.signer(NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed(100)));
  }

  static String logKey() {
    return NoteKeys.verifierKey(ORIGIN, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(100)));
  }

  static Signer signer(String name, long seed) {
    return NoteKeys.signer(NoteKeys.signerKey(name, NoteKeys.TYPE_ED25519, seed(seed)));
  }

  static String key(String name, long seed) {
    return NoteKeys.verifierKey(name, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(seed)));
  }

  static String labA() {
    return key(LAB_A, 1);
  }

  static String labB() {
    return key(LAB_B, 2);
  }

  static Attestation attestation(
      String declarant, StatementType type, String run, String start, String end, long flop) {
    return new Attestation(
        declarant,
        type,
        run,
        new Period(Instant.parse(start), Instant.parse(end)),
        new Compute(
            BigInteger.valueOf(flop), BigDecimal.valueOf(flop, 1), EstimationMethod.MEASURED),
        Map.of(),
        List.of());
  }

  /** An entry by lab A, signed by its key. */
  static byte[] a(StatementType type, String run, String start, String end, long flop) {
    return SignedAttestation.sign(
            attestation(labA(), type, run, start, end, flop), signer(LAB_A, 1))
        .bytes();
  }

  /** An entry by lab B, signed by its key. */
  static byte[] b(StatementType type, String run, String start, String end, long flop) {
    return SignedAttestation.sign(
            attestation(labB(), type, run, start, end, flop), signer(LAB_B, 2))
        .bytes();
  }

  /** An attestation naming lab A but signed by another key of the same name. */
  static byte[] forged(StatementType type, String run, String start) {
    Attestation attestation = attestation(labA(), type, run, start, start, 0);
    return Note.sign(attestation.canonicalJson() + "\n", List.of(signer(LAB_A, 99))).bytes();
  }

  /** Heartbeat number {@code n} of lab A, one per hour from 2025-01-01. */
  static byte[] heartbeat(long n) {
    String time = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(3600 * n).toString();
    return a(StatementType.HEARTBEAT, "hb", time, time, 0);
  }

  /** A new log in {@code folder} holding {@code entries}, closed. */
  static void createLog(Path folder, List<byte[]> entries) {
    try (TileLog log = TileLog.create(folder, ORIGIN, logSigner())) {
      if (!entries.isEmpty()) {
        log.append(entries);
      }
    }
  }

  /** Appends {@code entries} to the log in {@code folder}. */
  static void append(Path folder, List<byte[]> entries) {
    try (TileLog log = TileLog.open(folder, NoteKeys.verifier(logKey()), logSigner())) {
      log.append(entries);
    }
  }
}
