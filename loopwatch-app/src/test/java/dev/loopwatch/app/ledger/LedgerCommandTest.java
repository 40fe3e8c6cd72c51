package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.CliRun;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real ledger commands on real folders and files, checking exit codes and output. */
class LedgerCommandTest {
  @TempDir Path temp;
  private Path log;
  private String logKey;
  private Path declarantKey;
  private String declarant;

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  static String statement(String declarant, String runId) {
    return """
    {
      "schema": "loopwatch.attestation/v1",
      "declarant": "%s",
      "type": "run_started",
      "run_id": "%s",
      "period": {"start": "2025-03-01T00:00:00Z", "end": "2025-03-01T00:00:00Z"},
      "compute": {"flop": 0, "accelerator_hours": 0, "method": "measured"}
    }
    """
        .formatted(declarant, runId);
  }

  @BeforeEach
  void setUp() {
    log = temp.resolve("log");
    CliRun init = run("ledger", "init", log.toString(), "--origin", "ledger.example/test");
    assertThat(init.code()).as(init.err()).isZero();
    logKey = init.out().strip();
    declarantKey = temp.resolve("lab.key");
    CliRun keygen =
        run("ledger", "keygen", "--name", "lab.example/compute", "--out", declarantKey.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    declarant = keygen.out().strip();
  }

  private Path signed(String runId) throws IOException {
    Path json = temp.resolve(runId + ".json");
    Files.writeString(json, statement(declarant, runId));
    Path out = temp.resolve(runId + ".note");
    CliRun sign =
        run(
            "ledger",
            "sign",
            json.toString(),
            "--key",
            declarantKey.toString(),
            "--out",
            out.toString());
    assertThat(sign.code()).as(sign.err()).isZero();
    return out;
  }

  @Test
  void init_newFolder_printsVerifierKeyAndKeepsPrivateKey0600() throws IOException {
    assertThat(logKey).matches("ledger\\.example/test\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}");
    Path key = log.resolve("log.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("PRIVATE+KEY+ledger.example/test+");
    assertThat(Files.readString(log.resolve("checkpoint"))).startsWith("ledger.example/test\n0\n");
  }

  @Test
  void init_existingLog_exit2AndKeyUntouched() throws IOException {
    String before = Files.readString(log.resolve("log.key"));
    CliRun again = run("ledger", "init", log.toString(), "--origin", "ledger.example/test");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already holds a log");
    assertThat(Files.readString(log.resolve("log.key"))).isEqualTo(before);
  }

  @Test
  void init_originWithSpace_exit2() {
    CliRun bad = run("ledger", "init", temp.resolve("x").toString(), "--origin", "a b");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--origin \"a b\" must be non-empty without spaces or '+'");
  }

  @Test
  void keygen_writes0600AndNeverPrintsPrivateKey() throws IOException {
    assertThat(declarant).startsWith("lab.example/compute+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(declarantKey)))
        .isEqualTo("rw-------");
    CliRun again = run("ledger", "keygen", "--name", "other", "--out", declarantKey.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists; not overwriting it");
    assertThat(again.out() + again.err()).doesNotContain("PRIVATE+KEY");
  }

  @Test
  void sign_statement_writesCanonicalSignedNote() throws IOException {
    Path note = signed("run-1");
    SignedAttestation opened = SignedAttestation.open(Files.readAllBytes(note));
    assertThat(opened.attestation().runId()).isEqualTo("run-1");
    assertThat(Files.readString(note))
        .startsWith("{\"compute\":{\"accelerator_hours\":0,\"flop\":0,\"method\":\"measured\"}");
  }

  @Test
  void sign_otherDeclarantsKey_exit2() throws IOException {
    Path json = temp.resolve("s.json");
    Files.writeString(json, statement(logKey, "run-1"));
    CliRun sign =
        run(
            "ledger",
            "sign",
            json.toString(),
            "--key",
            declarantKey.toString(),
            "--out",
            temp.resolve("s.note").toString());
    assertThat(sign.code()).isEqualTo(2);
    assertThat(sign.err()).contains("is not the declarant ledger.example/test+");
    assertThat(temp.resolve("s.note")).doesNotExist();
  }

  @Test
  void sign_unknownField_exit2NamingFileAndField() throws IOException {
    Path json = temp.resolve("s.json");
    Files.writeString(json, statement(declarant, "r").replace("\"type\"", "\"site\": 1, \"type\""));
    CliRun sign =
        run("ledger", "sign", json.toString(), "--key", declarantKey.toString(), "--out", "x");
    assertThat(sign.code()).isEqualTo(2);
    assertThat(sign.err()).contains(json + ": attestation has unknown field \"site\"");
  }

  @Test
  void append_twoEntries_indexesInOrder() throws IOException {
    Path first = signed("run-1");
    Path second = signed("run-2");
    CliRun append = run("ledger", "append", log.toString(), first.toString(), second.toString());
    assertThat(append.code()).as(append.err()).isZero();
    assertThat(append.out()).isEqualTo("0 " + first + "\n1 " + second + "\n");
    CliRun more = run("ledger", "append", log.toString(), first.toString());
    assertThat(more.out()).isEqualTo("2 " + first + "\n");
    assertThat(Files.readString(log.resolve("checkpoint"))).startsWith("ledger.example/test\n3\n");
  }

  @Test
  void append_oneInvalidFile_exit2AndNothingAppended() throws IOException {
    Path good = signed("run-1");
    Path bad = temp.resolve("bad.note");
    Files.writeString(bad, Files.readString(good).replace("run-1", "run-9"));
    CliRun append = run("ledger", "append", log.toString(), good.toString(), bad.toString());
    assertThat(append.code()).isEqualTo(2);
    assertThat(append.err())
        .contains(bad + ": signed attestation: declarant lab.example/compute: invalid signature");
    assertThat(Files.readString(log.resolve("checkpoint"))).startsWith("ledger.example/test\n0\n");
  }

  @Test
  void proveAndVerify_witnessedLog_usesCosignedCheckpointAndChecksWitnessPolicy()
      throws IOException {
    Path[] notes = {signed("run-1"), signed("run-2")};
    assertThat(run("ledger", "append", log.toString(), notes[0].toString()).code()).isZero();
    // What 'ledger serve --witness-policy' publishes: checkpoint.cosigned, here at size 1, while
    // the plain checkpoint moves on to size 2 before any witness cosigned it.
    byte[] witnessSeed = new byte[32];
    witnessSeed[0] = 7;
    String witnessKey =
        Cosignature.verifierKey("witness.example/w1", Ed25519.publicKey(witnessSeed));
    Note cosigned =
        Note.parse(Files.readAllBytes(log.resolve("checkpoint")))
            .signedBy(
                List.of(
                    Cosignature.signer("witness.example/w1", witnessSeed, () -> 1_700_000_000L)));
    Files.write(log.resolve("checkpoint.cosigned"), cosigned.bytes());
    assertThat(run("ledger", "append", log.toString(), notes[1].toString()).code()).isZero();
    Path policy = temp.resolve("witnesses.policy");
    Files.writeString(policy, "log %s\nwitness w1 %s\nquorum w1\n".formatted(logKey, witnessKey));

    Path proof = temp.resolve("p.tlog-proof");
    CliRun prove = run("ledger", "prove", log.toString(), "0", "--out", proof.toString());
    assertThat(prove.code()).as(prove.err()).isZero();
    assertThat(prove.err()).contains("tree of size 1");
    CliRun unpublished =
        run("ledger", "prove", log.toString(), "1", "--out", temp.resolve("q").toString());
    assertThat(unpublished.code()).isEqualTo(2);

    CliRun verify =
        run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            notes[0].toString(),
            "--log-key",
            logKey,
            "--witness-policy",
            policy.toString());
    assertThat(verify.code()).as(verify.err()).isZero();

    // A proof against a checkpoint without the witness's cosignature fails the policy.
    Files.delete(log.resolve("checkpoint.cosigned"));
    Path plain = temp.resolve("plain.tlog-proof");
    assertThat(run("ledger", "prove", log.toString(), "0", "--out", plain.toString()).code())
        .isZero();
    CliRun unwitnessed =
        run(
            "ledger",
            "verify",
            plain.toString(),
            "--entry",
            notes[0].toString(),
            "--log-key",
            logKey,
            "--witness-policy",
            policy.toString());
    assertThat(unwitnessed.code()).isEqualTo(1);
    assertThat(unwitnessed.err()).contains("lacks the witness cosignatures");
  }

  @Test
  void proveAndVerify_entry_exit0() throws IOException {
    Path[] notes = {signed("run-1"), signed("run-2"), signed("run-3")};
    run(
        "ledger",
        "append",
        log.toString(),
        notes[0].toString(),
        notes[1].toString(),
        notes[2].toString());
    Path proof = temp.resolve("p.tlog-proof");
    CliRun prove = run("ledger", "prove", log.toString(), "1", "--out", proof.toString());
    assertThat(prove.code()).as(prove.err()).isZero();
    assertThat(Files.readString(proof)).startsWith("c2sp.org/tlog-proof@v1\nindex 1\n");
    CliRun verify =
        run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            notes[1].toString(),
            "--log-key",
            logKey);
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out())
        .isEqualTo(
            "ok: entry 1 of ledger.example/test (tree size 3): run_started for run run-2 by"
                + " lab.example/compute\n");
    Path keyFile = temp.resolve("log.vkey");
    Files.writeString(keyFile, logKey + "\n");
    CliRun fromFile =
        run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            notes[1].toString(),
            "--log-key",
            keyFile.toString());
    assertThat(fromFile.code()).as(fromFile.err()).isZero();
  }

  @Test
  void verify_otherEntryOrOtherLogKey_exit1() throws IOException {
    Path[] notes = {signed("run-1"), signed("run-2")};
    run("ledger", "append", log.toString(), notes[0].toString(), notes[1].toString());
    Path proof = temp.resolve("p.tlog-proof");
    run("ledger", "prove", log.toString(), "0", "--out", proof.toString());
    CliRun wrongEntry =
        run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            notes[1].toString(),
            "--log-key",
            logKey);
    assertThat(wrongEntry.code()).isEqualTo(1);
    assertThat(wrongEntry.err()).startsWith("loopwatch: invalid: tlog-proof for index 0:");
    CliRun wrongKey =
        run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            notes[0].toString(),
            "--log-key",
            declarant);
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("checkpoint signature");
  }

  @Test
  void verify_malformedInputs_exit2() throws IOException {
    Path note = signed("run-1");
    run("ledger", "append", log.toString(), note.toString());
    Path proof = temp.resolve("p.tlog-proof");
    run("ledger", "prove", log.toString(), "0", "--out", proof.toString());
    Path broken = temp.resolve("broken.tlog-proof");
    Files.writeString(broken, "not a proof\n");
    assertThat(
            run(
                    "ledger",
                    "verify",
                    broken.toString(),
                    "--entry",
                    note.toString(),
                    "--log-key",
                    logKey)
                .code())
        .isEqualTo(2);
    assertThat(
            run(
                    "ledger",
                    "verify",
                    proof.toString(),
                    "--entry",
                    temp.resolve("missing").toString(),
                    "--log-key",
                    logKey)
                .code())
        .isEqualTo(2);
    assertThat(
            run(
                    "ledger",
                    "verify",
                    proof.toString(),
                    "--entry",
                    note.toString(),
                    "--log-key",
                    "nonsense")
                .code())
        .isEqualTo(2);
  }

  @Test
  void prove_indexBeyondLog_exit2() throws IOException {
    CliRun prove =
        run("ledger", "prove", log.toString(), "0", "--out", temp.resolve("p").toString());
    assertThat(prove.code()).isEqualTo(2);
    assertThat(prove.err()).contains("index 0 is not in log " + log + " of size 0");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
