package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.ledger.LedgerServer;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.tiles.EntryBundle;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loopwatch ladder attest} end to end: a real store, a real log served on 127.0.0.1, and
 * {@code ledger audit} reading it back over HTTP.
 */
class LadderAttestCommandTest {
  private static final String ORIGIN = "ledger.example/phases";
  private static final String TOKEN = "attest-token-0123456789";

  @TempDir Path temp;
  private final List<LedgerServer> servers = new ArrayList<>();
  private Path db;
  private Path key;
  private Path token;

  @BeforeEach
  void setUp() throws Exception {
    db = temp.resolve("lw.duckdb");
    try (LadderStoreFixture fixture = new LadderStoreFixture(db)) {
      fixture
          .change("2026-01-05", 100, 50)
          .change("2026-02-05", 100, 50)
          .change("2026-03-05", 100, 1)
          .session("a", "2026-02-03", 2, 20, 7200, 1000);
    }
    key = temp.resolve("org.key");
    CliRun keygen =
        CliRun.run("ledger", "keygen", "--name", "org.example/ladder", "--out", key.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    token = temp.resolve("token");
    Files.writeString(token, TOKEN + "\n");
  }

  @AfterEach
  void stop() {
    servers.forEach(LedgerServer::close);
  }

  private static String logSignerKey() {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(7).nextBytes(seed);
    return NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed);
  }

  /** A new log in {@code name}, served on a free port; returns its URL. */
  private String serve(String name) {
    TileLog log = TileLog.create(temp.resolve(name), ORIGIN, NoteKeys.signer(logSignerKey()));
    LedgerServer server =
        LedgerServer.start(log, 0, Optional.of(TOKEN), LedgerServer.Batching.defaults());
    servers.add(server);
    return "http://127.0.0.1:" + server.port();
  }

  private Path policy() throws Exception {
    Path policy = temp.resolve("audit.toml");
    String signer = logSignerKey();
    NoteKeys.SignerKey parsed = NoteKeys.parseSignerKey(signer);
    String verifier =
        NoteKeys.verifierKey(parsed.name(), parsed.type(), Ed25519.publicKey(parsed.seed()));
    Files.writeString(policy, "log_key = \"" + verifier + "\"\n");
    return policy;
  }

  private CliRun attest(String log, String month, Path out) {
    return attest(log, month, "--out", out.toString(), "--json");
  }

  private CliRun attest(String log, String month, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ladder",
                "attest",
                "--month",
                month,
                "--key",
                key.toString(),
                "--ledger",
                log,
                "--token-file",
                token.toString(),
                "--db",
                db.toString(),
                "--bootstrap",
                "200"));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  /** Attests {@code month} and publishes its snapshot under {@code snapshots}; returns the JSON. */
  private JsonNode attestAndPublish(String log, String month, Path snapshots) throws Exception {
    Path out = temp.resolve("out-" + month + "-" + System.nanoTime() + ".json");
    CliRun run = attest(log, month, out);
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    Path published = snapshots.resolve(json.get("publishAs").asText());
    Files.createDirectories(published.getParent());
    Files.copy(out, published, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return json;
  }

  private CliRun audit(String log, Path snapshots, String state) throws Exception {
    return CliRun.run(
        "ledger",
        "audit",
        "--log",
        log,
        "--policy",
        policy().toString(),
        "--state",
        temp.resolve(state).toString(),
        "--snapshots",
        snapshots.toString(),
        "--json");
  }

  private static List<String> kinds(CliRun run) throws Exception {
    List<String> kinds = new ArrayList<>();
    Json.mapper()
        .readTree(run.out())
        .get("violations")
        .forEach(v -> kinds.add(v.get("kind").asText() + " " + v.get("indexes")));
    return kinds;
  }

  @Test
  void attest_twoMonths_auditCleanThenTamperedAndDuplicateFound() throws Exception {
    String log = serve("log");
    Path snapshots = temp.resolve("snapshots");

    JsonNode january = attestAndPublish(log, "2026-01", snapshots);
    JsonNode february = attestAndPublish(log, "2026-02", snapshots);

    assertThat(january.get("index").asLong()).isZero();
    assertThat(february.get("index").asLong()).isEqualTo(1);
    assertThat(february.get("config").asText()).isEqualTo(Phases.defaults().sha256());
    Path snapshot = snapshots.resolve(february.get("publishAs").asText());
    assertThat(february.get("dataManifest").asText())
        .isEqualTo(
            dev.loopwatch.ledger.audit.PhaseSnapshots.sha256(Files.readAllBytes(snapshot)).hex());
    String text = Files.readString(snapshot);
    assertThat(text)
        .startsWith("{\"checks\":[")
        .contains("\"month\":\"2026-02\"")
        .contains("\"id\":\"p50-horizon-hours\",\"n\":0,\"note\":")
        .as("unknown is null, never 0")
        .containsPattern("\"ci_high\":null,\"ci_low\":null,\"coverage\":null,\"id\":\"p50-horizon");
    CliRun clean = audit(log, snapshots, "state-1");
    assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
    assertThat(kinds(clean)).isEmpty();

    Files.writeString(snapshot, text.replace("\"month\":\"2026-02\"", "\"month\":\"2026-03\""));
    CliRun tampered = audit(log, snapshots, "state-2");
    assertThat(tampered.code()).as(tampered.err()).isEqualTo(1);
    assertThat(kinds(tampered)).containsExactly("snapshot_mismatch [1]");

    attestAndPublish(log, "2026-02", snapshots);
    CliRun duplicate = audit(log, snapshots, "state-3");
    assertThat(duplicate.code()).as(duplicate.err()).isEqualTo(1);
    assertThat(kinds(duplicate)).containsExactly("duplicate_phase_report [1,2]");
  }

  @Test
  void attest_januaryAndMarch_auditFindsTheGap() throws Exception {
    String log = serve("log");
    Path snapshots = temp.resolve("snapshots");
    attestAndPublish(log, "2026-01", snapshots);
    attestAndPublish(log, "2026-03", snapshots);

    CliRun run = audit(log, snapshots, "state");

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(kinds(run)).containsExactly("phase_report_gap [0,1]");
    assertThat(Json.mapper().readTree(run.out()).get("violations").get(0).get("message").asText())
        .isEqualTo(
            "org.example/ladder reported 2026-01 (entry 0) and 2026-03 (entry 1) but not 2026-02");
  }

  @Test
  void attest_sameMonthTwice_sameSnapshotAndEntryOpensAsPhaseReport() throws Exception {
    String log = serve("log");
    Path first = temp.resolve("first.json");
    Path second = temp.resolve("second.json");
    assertThat(attest(log, "2026-02", first).code()).isZero();
    assertThat(attest(log, "2026-02", second).code()).isZero();

    assertThat(Files.readAllBytes(second)).as("deterministic").isEqualTo(Files.readAllBytes(first));
    HttpResponse<byte[]> bundle;
    try (HttpClient client = HttpClient.newHttpClient()) {
      bundle =
          client.send(
              HttpRequest.newBuilder(URI.create(log + "/tile/entries/000.p/2")).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(bundle.statusCode()).isEqualTo(200);
    byte[] entry = EntryBundle.decode(bundle.body()).get(0);
    var attestation = SignedAttestation.open(entry).attestation();
    assertThat(attestation.type().jsonName()).isEqualTo("phase_report");
    assertThat(attestation.phaseReport().orElseThrow().indicators()).hasSize(15);
  }

  @Test
  void attest_textOutput_printsIndexAndCommitments() {
    String log = serve("log");
    CliRun run = attest(log, "2026-01");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("entry 0: phase_report for 2026-01\n")
        .contains("data_manifest ")
        .contains("config " + Phases.defaults().sha256())
        .contains("snapshot not written (no --out); publish it as <snapshots>/");
  }

  @Test
  void attest_monthOutsideStore_exit2() {
    CliRun run = attest(serve("log"), "2025-12", temp.resolve("s.json"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "loopwatch: --month 2025-12 is outside store "
                + db
                + ", which has data from 2026-01 to 2026-03");
  }

  @Test
  void attest_futureMonth_exit2() {
    CliRun run = attest(serve("log"), "2999-01", temp.resolve("s.json"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--month 2999-01 is not over yet");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void attest_missingKeyFile_exit2() {
    key = temp.resolve("nope.key");
    CliRun run = attest(serve("log"), "2026-01", temp.resolve("s.json"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("loopwatch: key file " + key + " does not exist");
  }

  @Test
  void attest_unreachableLog_exit2() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = attest("http://127.0.0.1:" + port, "2026-01", temp.resolve("s.json"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("loopwatch: log http://127.0.0.1:" + port + " is unreachable");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void attest_oldLogOptionName_stillAppends() {
    String log = serve("log");
    CliRun run =
        CliRun.run(
            "ladder",
            "attest",
            "--month",
            "2026-01",
            "--key",
            key.toString(),
            "--log",
            log,
            "--token-file",
            token.toString(),
            "--db",
            db.toString(),
            "--bootstrap",
            "200");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("entry 0: phase_report for 2026-01\n");
  }

  @Test
  void attest_noLedger_exit2() {
    CliRun run =
        CliRun.run(
            "ladder",
            "attest",
            "--month",
            "2026-01",
            "--key",
            key.toString(),
            "--db",
            db.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("loopwatch: --ledger URL is required: the log to append the report to");
  }
}
