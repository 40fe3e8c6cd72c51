package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.policy.WitnessPolicy;
import dev.loopwatch.ledger.witness.Witness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log server and two witness servers on loopback: checkpoints publish only with quorum. */
class LedgerWitnessingTest {
  private static final String TOKEN = "test-token-0123456789";

  @TempDir Path temp;
  private final List<WitnessServer> witnesses = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private LedgerServer server;
  private HttpClient client;
  private final Verifier logKey = NoteKeys.verifier(Attestations.logVerifierKey());

  static String witnessVkey(int i) {
    return Cosignature.verifierKey(
        "witness.example/w" + i, Ed25519.publicKey(Attestations.seed(200 + i)));
  }

  @BeforeEach
  void start() {
    for (int i = 1; i <= 2; i++) {
      Witness witness =
          Witness.open(
              temp.resolve("w" + i),
              Cosignature.signer(
                  "witness.example/w" + i,
                  Attestations.seed(200 + i),
                  () -> System.currentTimeMillis() / 1000),
              List.of(logKey));
      witnesses.add(WitnessServer.start(witness, 0));
    }
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    for (WitnessServer witness : witnesses) {
      if (witness != null) {
        witness.close();
      }
    }
    client.close();
  }

  private WitnessPolicy policy(String threshold) {
    String text =
        "log "
            + Attestations.logVerifierKey()
            + "\n"
            + "witness w1 "
            + witnessVkey(1)
            + " http://127.0.0.1:"
            + witnesses.get(0).port()
            + "\n"
            + "witness w2 "
            + witnessVkey(2)
            + " http://127.0.0.1:"
            + witnesses.get(1).port()
            + "/\n"
            + "group g "
            + threshold
            + " w1 w2\n"
            + "quorum g\n";
    return WitnessPolicy.parse(text, "policy");
  }

  private void startLog(WitnessPolicy policy) {
    TileLog log =
        TileLog.create(
            temp.resolve("log"),
            Attestations.LOG_ORIGIN,
            NoteKeys.signer(Attestations.logSignerKey()));
    server =
        LedgerServer.start(
            log,
            0,
            Optional.of(TOKEN),
            LedgerServer.Batching.defaults(),
            new LedgerServer.Witnessing(
                policy,
                logKey,
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofMillis(200)));
  }

  private HttpResponse<String> add(long n) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/add"))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Attestations.heartbeat(n)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> checkpoint() throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/checkpoint"))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long size(byte[] note) {
    return Checkpoint.parse(Note.parse(note).text()).size();
  }

  @Test
  void add_bothWitnessesUp_servedCheckpointCarriesBothCosignatures() throws Exception {
    WitnessPolicy policy = policy("2");
    startLog(policy);
    for (long n = 0; n < 3; n++) {
      HttpResponse<String> response = add(n);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = Json.mapper().readTree(response.body());
      assertThat(answer.get("index").asLong()).isEqualTo(n);
      byte[] note = answer.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8);
      assertThat(size(note)).isGreaterThan(n);
      assertThat(policy.cosigners(note)).containsExactly("w1", "w2");
    }
    HttpResponse<byte[]> served = checkpoint();
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(size(served.body())).isEqualTo(3);
    Note.open(served.body(), List.of(logKey));
    assertThat(policy.cosigners(served.body())).isEqualTo(Set.of("w1", "w2"));
    assertThat(policy.quorumMet(served.body())).isTrue();
    assertThat(temp.resolve("log").resolve(WitnessCollector.FILE)).hasBinaryContent(served.body());
  }

  @Test
  void add_oneWitnessDownWithQuorumOfTwo_503AndCheckpointStays() throws Exception {
    startLog(policy("2"));
    assertThat(add(0).statusCode()).isEqualTo(200);
    assertThat(add(1).statusCode()).isEqualTo(200);
    witnesses.get(1).close();
    witnesses.set(1, null);
    HttpResponse<String> response = add(2);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .isEqualTo(
            "witness quorum not reached within 3000 ms; entry 2 is durable and a later cosigned"
                + " checkpoint will cover it\n");
    HttpResponse<byte[]> served = checkpoint();
    assertThat(size(served.body())).isEqualTo(2);
  }

  @Test
  void add_oneWitnessDownWithQuorumAny_stillAdvances() throws Exception {
    WitnessPolicy policy = policy("any");
    startLog(policy);
    assertThat(add(0).statusCode()).isEqualTo(200);
    witnesses.get(1).close();
    witnesses.set(1, null);
    HttpResponse<String> response = add(1);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    HttpResponse<byte[]> served = checkpoint();
    assertThat(size(served.body())).isEqualTo(2);
    assertThat(policy.cosigners(served.body())).containsExactly("w1");
  }
}
