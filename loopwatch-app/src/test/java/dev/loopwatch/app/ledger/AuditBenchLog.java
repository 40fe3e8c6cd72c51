package dev.loopwatch.app.ledger;

import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds the log for bench/ledger-audit.sh with the library (no HTTP): {@code COUNT} signed
 * heartbeats from {@code DECLARANTS} (1 to 3) declarants, round-robin, one minute apart each, and
 * writes the log key to {@code DIR.vkey} and the declarant keys to {@code DIR.declarants}.
 *
 * <p>Run: {@code java -cp ... dev.loopwatch.app.ledger.AuditBenchLog DIR COUNT DECLARANTS}.
 */
final class AuditBenchLog {
  private static final int BATCH = 65_536;

  private AuditBenchLog() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int declarants = Integer.parseInt(args[2]);
    Signer[] signers = new Signer[declarants];
    String[] keys = new String[declarants];
    for (int d = 0; d < declarants; d++) {
      String name = "lab-" + d + ".example/compute";
      signers[d] =
          NoteKeys.signer(
              NoteKeys.signerKey(name, NoteKeys.TYPE_ED25519, Attestations.seed(d + 7)));
      keys[d] =
          NoteKeys.verifierKey(
              name, NoteKeys.TYPE_ED25519, Ed25519.publicKey(Attestations.seed(d + 7)));
    }
    try (TileLog log =
        TileLog.create(
            folder, Attestations.LOG_ORIGIN, NoteKeys.signer(Attestations.logSignerKey()))) {
      for (int first = 0; first < count; first += BATCH) {
        int start = first;
        List<byte[]> batch =
            IntStream.range(start, Math.min(count, start + BATCH))
                .parallel()
                .mapToObj(i ->
                    Attestations.heartbeat(
                        i / declarants, signers[i % declarants], keys[i % declarants]))
                .toList();
        log.append(batch);
        System.err.printf("%d entries%n", start + batch.size());
      }
    }
    Files.writeString(Path.of(folder + ".vkey"), Attestations.logVerifierKey() + "\n");
    Files.writeString(Path.of(folder + ".declarants"), String.join("\n", keys) + "\n");
  }
}
