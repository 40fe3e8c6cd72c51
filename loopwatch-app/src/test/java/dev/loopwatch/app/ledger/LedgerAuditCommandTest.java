package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Compute;
import dev.loopwatch.ledger.attestation.EstimationMethod;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.NoteKeys;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerAuditCommandTest {
  @TempDir Path temp;

  private static TileLog createLog(Path folder, List<byte[]> entries) {
    TileLog log =
        TileLog.create(
            folder, Attestations.LOG_ORIGIN, NoteKeys.signer(Attestations.logSignerKey()));
    if (!entries.isEmpty()) {
      log.append(entries);
    }
    return log;
  }

  private static List<byte[]> heartbeats(long count) {
    return LongStream.range(0, count).mapToObj(Attestations::heartbeat).toList();
  }

  private static byte[] runStopped(String run) {
    Instant time = Instant.parse("2025-01-01T00:00:00Z");
    Attestation attestation =
        new Attestation(
            Attestations.declarantKey(),
            StatementType.RUN_STOPPED,
            run,
            new Period(time, time),
            new Compute(BigInteger.ZERO, BigDecimal.ZERO, EstimationMethod.MEASURED),
            Map.of(),
            List.of());
    return SignedAttestation.sign(attestation, Attestations.declarantSigner()).bytes();
  }

  private Path policy(String extra) throws IOException {
    Path file = temp.resolve("policy.toml");
    Files.writeString(file, "log_key = \"" + Attestations.logVerifierKey() + "\"\n" + extra);
    return file;
  }

  private CliRun audit(String log, Path policy, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ledger",
                "audit",
                "--log",
                log,
                "--policy",
                policy.toString(),
                "--state",
                temp.resolve("state").toString(),
                "--now",
                "2025-01-01T01:00:00Z"));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void audit_cleanLog_exitsZero() throws IOException {
    createLog(temp.resolve("log"), heartbeats(10)).close();
    CliRun run = audit(temp.resolve("log").toString(), policy(""));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(Attestations.LOG_ORIGIN + " at size 10, 10 entry signatures verified")
        .endsWith("clean\n");
  }

  @Test
  void audit_violation_exitsOneWithIndexesAndAVerifiableProof() throws IOException {
    List<byte[]> entries = new ArrayList<>(heartbeats(3));
    entries.add(runStopped("run-9"));
    createLog(temp.resolve("log"), entries).close();
    Path proofs = temp.resolve("proofs");
    CliRun run =
        audit(temp.resolve("log").toString(), policy(""), "--proofs", proofs.toString(), "--json");
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    JsonNode report = Json.mapper().readTree(run.out());
    assertThat(report.get("violations")).hasSize(1);
    JsonNode violation = report.get("violations").get(0);
    assertThat(violation.get("kind").asText()).isEqualTo("stop_without_start");
    assertThat(violation.get("indexes").toString()).isEqualTo("[3]");
    assertThat(violation.get("run").asText()).isEqualTo("run-9");
    assertThat(report.get("size").asLong()).isEqualTo(4);

    Path entry = temp.resolve("entry.note");
    Files.write(entry, entries.get(3));
    CliRun verify =
        CliRun.run(
            "ledger",
            "verify",
            proofs.resolve("3.tlog-proof").toString(),
            "--entry",
            entry.toString(),
            "--log-key",
            Attestations.logVerifierKey());
    assertThat(verify.code()).as(verify.err()).isZero();
  }

  @Test
  void audit_overHttp_readsTheServedLog() throws IOException {
    TileLog log = createLog(temp.resolve("log"), heartbeats(300));
    try (LedgerServer server =
        LedgerServer.start(log, 0, Optional.empty(), LedgerServer.Batching.defaults())) {
      String url = "http://127.0.0.1:" + server.port();
      CliRun run = audit(url, policy(""));
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).startsWith("audited " + url + ": ").endsWith("clean\n");

      CliRun missing = audit(url + "/nowhere", policy(""));
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.err())
          .isEqualTo("loopwatch: cannot fetch " + url + "/nowhere/checkpoint: HTTP status 404\n");
    }
  }

  @Test
  void audit_unknownPolicyKey_exitsTwoNamingIt() throws IOException {
    createLog(temp.resolve("log"), heartbeats(1)).close();
    CliRun run = audit(temp.resolve("log").toString(), policy("max_flops = 3\n"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("unknown key 'max_flops'");
  }

  @Test
  void equivocation_forkedLogs_proveAndCheck() throws IOException {
    createLog(temp.resolve("honest"), heartbeats(3)).close();
    List<byte[]> forked = new ArrayList<>(heartbeats(5));
    forked.set(1, Attestations.heartbeat(99));
    createLog(temp.resolve("forked"), forked).close();
    Path a = temp.resolve("honest/checkpoint");
    Path b = temp.resolve("forked/checkpoint");
    Path proof = temp.resolve("equivocation.proof");
    String key = Attestations.logVerifierKey();

    CliRun prove =
        CliRun.run(
            "ledger",
            "equivocation",
            "prove",
            a.toString(),
            b.toString(),
            "--log",
            temp.resolve("forked").toString(),
            "--log-key",
            key,
            "--out",
            proof.toString());
    assertThat(prove.code()).as(prove.err()).isZero();
    CliRun check =
        CliRun.run("ledger", "equivocation", "check", proof.toString(), "--log-key", key);
    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out())
        .startsWith("equivocation: log " + Attestations.LOG_ORIGIN + " signed size 3");

    String otherKey =
        NoteKeys.verifierKey(
            Attestations.LOG_ORIGIN,
            NoteKeys.TYPE_ED25519,
            dev.loopwatch.ledger.note.Ed25519.publicKey(Attestations.seed(5)));
    CliRun wrongKey =
        CliRun.run("ledger", "equivocation", "check", proof.toString(), "--log-key", otherKey);
    assertThat(wrongKey.code()).isEqualTo(1);

    createLog(temp.resolve("grown"), heartbeats(5)).close();
    CliRun consistent =
        CliRun.run(
            "ledger",
            "equivocation",
            "prove",
            a.toString(),
            temp.resolve("grown/checkpoint").toString(),
            "--log",
            temp.resolve("grown").toString(),
            "--log-key",
            key,
            "--out",
            temp.resolve("none.proof").toString());
    assertThat(consistent.code()).isEqualTo(1);
    assertThat(consistent.err()).contains("the checkpoints are consistent");
    assertThat(temp.resolve("none.proof")).doesNotExist();

    Files.writeString(temp.resolve("bad.proof"), "not a proof\n");
    assertThat(
            CliRun.run(
                    "ledger",
                    "equivocation",
                    "check",
                    temp.resolve("bad.proof").toString(),
                    "--log-key",
                    key)
                .code())
        .isEqualTo(2);
  }
}
