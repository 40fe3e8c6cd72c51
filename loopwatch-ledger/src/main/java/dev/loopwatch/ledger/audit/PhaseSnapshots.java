package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.NoteKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;

/**
 * Where a declarant publishes the metrics snapshot a phase_report's {@code data_manifest} commits
 * to: under a snapshots folder, {@code <key id>/<yyyy-MM>.json}, the key id being the declarant
 * key's 8 hex digits. Key ids, unlike key names, are safe as folder names.
 */
public final class PhaseSnapshots {
  private PhaseSnapshots() {}

  /** The snapshot's path relative to the snapshots folder, with {@code /} as separator. */
  public static String relativePath(String declarant, YearMonth month) {
    requireNonNull(month, "month is null");
    return NoteKeys.hex(NoteKeys.verifier(requireNonNull(declarant, "declarant is null")).keyId())
        + "/"
        + month
        + ".json";
  }

  /** The SHA-256 hash of {@code bytes}, as committed to by {@code data_manifest}. */
  public static Hash sha256(byte[] bytes) {
    try {
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
