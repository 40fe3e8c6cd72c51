package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.NoteKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --json} on the ledger commands that print results: append, verify, equivocation check. */
class LedgerJsonTest {
  @TempDir Path temp;

  @Test
  void appendAndVerify_json_printEntriesAndVerdict() throws Exception {
    Path log = temp.resolve("log");
    CliRun init = CliRun.run("ledger", "init", log.toString(), "--origin", "ledger.example/test");
    assertThat(init.code()).as(init.err()).isZero();
    Path key = temp.resolve("lab.key");
    CliRun keygen =
        CliRun.run("ledger", "keygen", "--name", "lab.example/compute", "--out", key.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    Path statement = temp.resolve("run-1.json");
    Files.writeString(statement, LedgerCommandTest.statement(keygen.out().strip(), "run-1"));
    Path note = temp.resolve("run-1.note");
    CliRun sign =
        CliRun.run(
            "ledger",
            "sign",
            statement.toString(),
            "--key",
            key.toString(),
            "--out",
            note.toString());
    assertThat(sign.code()).as(sign.err()).isZero();

    CliRun append = CliRun.run("ledger", "append", log.toString(), note.toString(), "--json");
    assertThat(append.code()).as(append.err()).isZero();
    JsonNode appended = Json.mapper().readTree(append.out());
    assertThat(appended.get(0).get("index").asLong()).isZero();
    assertThat(appended.get(0).get("file").asText()).isEqualTo(note.toString());

    Path proof = temp.resolve("p.tlog-proof");
    assertThat(CliRun.run("ledger", "prove", log.toString(), "0", "--out", proof.toString()).code())
        .isZero();
    CliRun verify =
        CliRun.run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            note.toString(),
            "--log-key",
            init.out().strip(),
            "--json");
    assertThat(verify.code()).as(verify.err()).isZero();
    JsonNode verdict = Json.mapper().readTree(verify.out());
    assertThat(verdict.get("valid").asBoolean()).isTrue();
    assertThat(verdict.get("origin").asText()).isEqualTo("ledger.example/test");
    assertThat(verdict.get("runId").asText()).isEqualTo("run-1");

    CliRun wrongKey =
        CliRun.run(
            "ledger",
            "verify",
            proof.toString(),
            "--entry",
            note.toString(),
            "--log-key",
            keygen.out().strip(),
            "--json");
    assertThat(wrongKey.code()).isEqualTo(1);
    JsonNode invalid = Json.mapper().readTree(wrongKey.out());
    assertThat(invalid.get("valid").asBoolean()).isFalse();
    assertThat(invalid.get("error").asText()).isNotEmpty();
  }

  @Test
  void equivocationCheck_json_printsVerdict() throws Exception {
    create(temp.resolve("honest"), heartbeats(3));
    List<byte[]> forked = new ArrayList<>(heartbeats(5));
    forked.set(1, Attestations.heartbeat(99));
    create(temp.resolve("forked"), forked);
    Path proof = temp.resolve("equivocation.proof");
    String key = Attestations.logVerifierKey();
    CliRun prove =
        CliRun.run(
            "ledger",
            "equivocation",
            "prove",
            temp.resolve("honest/checkpoint").toString(),
            temp.resolve("forked/checkpoint").toString(),
            "--log",
            temp.resolve("forked").toString(),
            "--log-key",
            key,
            "--out",
            proof.toString());
    assertThat(prove.code()).as(prove.err()).isZero();

    CliRun check =
        CliRun.run("ledger", "equivocation", "check", proof.toString(), "--log-key", key, "--json");

    assertThat(check.code()).as(check.err()).isZero();
    JsonNode verdict = Json.mapper().readTree(check.out());
    assertThat(verdict.get("equivocation").asBoolean()).isTrue();
    assertThat(verdict.get("shown").asText()).startsWith("log " + Attestations.LOG_ORIGIN);
  }

  private static void create(Path folder, List<byte[]> entries) {
    try (TileLog log =
        TileLog.create(
            folder, Attestations.LOG_ORIGIN, NoteKeys.signer(Attestations.logSignerKey()))) {
      log.append(entries);
    }
  }

  private static List<byte[]> heartbeats(long count) {
    return LongStream.range(0, count).mapToObj(Attestations::heartbeat).toList();
  }
}
