package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.proof.TlogProof;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.TileHashReader;
import dev.loopwatch.ledger.tiles.TileSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real server on 127.0.0.1 port 0 over a real log folder and talks to it over HTTP. */
class LedgerServerTest {
  private static final String TOKEN = "test-token-0123456789";

  @TempDir Path temp;
  private Path folder;
  private LedgerServer server;
  private HttpClient client;
  private final Semaphore clients = new Semaphore(32);

  @BeforeEach
  void start() throws IOException {
    folder = temp.resolve("log");
    Files.writeString(temp.resolve("secret.txt"), "TOP-SECRET\n");
    TileLog log =
        TileLog.create(
            folder, Attestations.LOG_ORIGIN, NoteKeys.signer(Attestations.logSignerKey()));
    Files.writeString(folder.resolve("log.key"), "PRIVATE+KEY+not-served\n");
    server = LedgerServer.start(log, 0, Optional.of(TOKEN), LedgerServer.Batching.defaults());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> add(byte[] body, Optional<String> token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/add")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private long addOk(byte[] body) throws IOException, InterruptedException {
    HttpResponse<String> response;
    clients.acquire();
    try {
      response = add(body, Optional.of(TOKEN));
    } finally {
      clients.release();
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body()).get("index").asLong();
  }

  @Test
  void add_signedAttestation_indexAndCoveringCheckpoint() throws Exception {
    HttpResponse<String> response = add(Attestations.heartbeat(0), Optional.of(TOKEN));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode json = Json.mapper().readTree(response.body());
    assertThat(json.get("index").asLong()).isZero();
    assertThat(json.get("checkpoint").asText()).startsWith("ledger.example/test\n1\n");
    assertThat(addOk(Attestations.heartbeat(1))).isEqualTo(1);
    assertThat(new String(get("/checkpoint").body(), StandardCharsets.UTF_8))
        .startsWith("ledger.example/test\n2\n");
  }

  @Test
  void add_afterFailedAppendOnceCauseRemoved_recoversAndStatusSaysWhy() throws Exception {
    assertThat(addOk(Attestations.heartbeat(0))).isZero();
    HttpResponse<byte[]> healthy = get("/status");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(healthy.body()).get("appends").asText()).isEqualTo("ok");
    // A real I/O failure root cannot bypass: a file where the next bundle's folder must be.
    Path bundles = folder.resolve("tile/entries/000.p");
    Files.move(bundles, temp.resolve("bundles-aside"));
    Files.writeString(bundles, "in the way");

    HttpResponse<String> failed = add(Attestations.heartbeat(1), Optional.of(TOKEN));
    assertThat(failed.statusCode()).isEqualTo(503);
    HttpResponse<byte[]> failing = get("/status");
    assertThat(failing.statusCode()).isEqualTo(503);
    JsonNode status = Json.mapper().readTree(failing.body());
    assertThat(status.get("appends").asText()).isEqualTo("failing");
    assertThat(status.get("error").asText()).contains("tile/entries/000.p");
    assertThat(status.get("size").asLong()).isEqualTo(1);
    assertThat(get("/checkpoint").statusCode()).isEqualTo(200);

    Files.delete(bundles);
    Files.move(temp.resolve("bundles-aside"), bundles);
    assertThat(addOk(Attestations.heartbeat(1))).isEqualTo(1);
    assertThat(addOk(Attestations.heartbeat(2))).isEqualTo(2);
    HttpResponse<byte[]> recovered = get("/status");
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(recovered.body()).get("size").asLong()).isEqualTo(3);
  }

  @Test
  void tile_nonCanonicalPathOrTrailingSlash_404() throws Exception {
    assertThat(addOk(Attestations.heartbeat(0))).isZero();
    assertThat(get("/tile/0/000.p/1").statusCode()).isEqualTo(200);
    assertThat(get("/tile/entries/000.p/1").statusCode()).isEqualTo(200);
    for (String path :
        List.of(
            "/tile/0/x000/000.p/1",
            "/tile/entries/x000/000.p/1",
            "/tile/0/x000/x000/000.p/1",
            "/tile/0/000.p/1/",
            "/tile/entries/000.p/1/",
            "/checkpoint/",
            "/status/")) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void request_wrongMethodOnKnownPath_405() throws Exception {
    for (String[] request :
        List.of(
            new String[] {"POST", "/checkpoint"},
            new String[] {"GET", "/add"},
            new String[] {"PUT", "/add"},
            new String[] {"DELETE", "/tile/0/000.p/1"},
            new String[] {"POST", "/status"})) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri(request[1]))
                  .method(request[0], HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s %s", request[0], request[1]).isEqualTo(405);
    }
    assertThat(get("/no-such-path").statusCode()).isEqualTo(404);
  }

  @Test
  void add_bearerSchemeInAnyCase_accepted() throws Exception {
    int index = 0;
    for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri("/add"))
                  .header("Authorization", scheme + " " + TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Attestations.heartbeat(index)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(scheme + ": " + response.body()).isEqualTo(200);
      index++;
    }
    HttpResponse<String> basic =
        client.send(
            HttpRequest.newBuilder(uri("/add"))
                .header("Authorization", "Basic " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Attestations.heartbeat(9)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void add_bodyStallsPastReadTimeout_408() throws Exception {
    TileLog log =
        TileLog.create(
            temp.resolve("stalled"),
            Attestations.LOG_ORIGIN,
            NoteKeys.signer(Attestations.logSignerKey()));
    try (LedgerServer slow =
            LedgerServer.start(
                log,
                0,
                Optional.of(TOKEN),
                LedgerServer.Batching.defaults(),
                Duration.ofMillis(500));
        Socket socket = new Socket("127.0.0.1", slow.port())) {
      socket.setSoTimeout(20_000);
      byte[] body = Attestations.heartbeat(0);
      String head =
          "POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 40);
      out.flush();
      // Nothing more is sent: the server must give up on the body and say so.
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void add_concurrentClients_allAcknowledgedWithDistinctIndexes() throws Exception {
    int count = 300;
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(Attestations.heartbeat(i));
    }
    List<Future<Long>> indexes = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (byte[] entry : entries) {
        indexes.add(clients.submit(() -> addOk(entry)));
      }
    }
    TreeSet<Long> distinct = new TreeSet<>();
    for (Future<Long> index : indexes) {
      distinct.add(index.get());
    }
    assertThat(distinct).hasSize(count);
    assertThat(distinct.first()).isZero();
    assertThat(distinct.last()).isEqualTo(count - 1);
    byte[] checkpoint = get("/checkpoint").body();
    assertThat(new String(checkpoint, StandardCharsets.UTF_8))
        .startsWith("ledger.example/test\n300\n");
    List<byte[]> bundle = new ArrayList<>(EntryBundle.decode(get("/tile/entries/000").body()));
    bundle.addAll(EntryBundle.decode(get("/tile/entries/001.p/44").body()));
    for (int i = 0; i < count; i++) {
      int index = i;
      assertThat(bundle.get((int) (long) indexes.get(i).get()))
          .as("entry %d", index)
          .isEqualTo(entries.get(i));
    }
  }

  @Test
  void tiles_readBack_matchFilesAndProveInclusion() throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 260; i++) {
      entries.add(Attestations.heartbeat(i));
    }
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (byte[] entry : entries) {
        clients.submit(() -> addOk(entry));
      }
    }
    HttpResponse<byte[]> full = get("/tile/0/000");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(full.body()).isEqualTo(Files.readAllBytes(folder.resolve("tile/0/000")));
    assertThat(get("/tile/0/001.p/4").body()).hasSize(4 * 32);
    assertThat(get("/tile/0/000.p/10").body())
        .isEqualTo(java.util.Arrays.copyOf(full.body(), 10 * 32));
    assertThat(get("/tile/1/000.p/1").body()).hasSize(32);
    assertThat(EntryBundle.decode(get("/tile/entries/000.p/3").body())).hasSize(3);
    assertThat(get("/tile/0/001").statusCode()).isEqualTo(404);
    assertThat(get("/tile/0/001.p/5").statusCode()).isEqualTo(404);
    assertThat(get("/tile/entries/002").statusCode()).isEqualTo(404);

    TileSource overHttp =
        tile -> {
          try {
            HttpResponse<byte[]> response = get("/" + tile.path());
            if (response.statusCode() != 200) {
              throw LoopwatchException.userInput(tile.path() + ": " + response.statusCode());
            }
            return response.body();
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };
    var checkpoint = dev.loopwatch.ledger.note.Note.parse(get("/checkpoint").body());
    TlogProof proof = TlogProof.build(new TileHashReader(overHttp, 260), checkpoint, 257);
    List<byte[]> bundle = EntryBundle.decode(get("/tile/entries/001.p/4").body());
    assertThat(
            proof
                .verify(bundle.get(1), List.of(NoteKeys.verifier(Attestations.logVerifierKey())))
                .size())
        .isEqualTo(260);
  }

  @Test
  void add_missingOrWrongToken_401Or403() throws Exception {
    HttpResponse<String> none = add(Attestations.heartbeat(0), Optional.empty());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(none.body())
        .isEqualTo("POST /add needs an 'Authorization: Bearer <token>' header\n");
    HttpResponse<String> wrong = add(Attestations.heartbeat(0), Optional.of("guess"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).isEqualTo("wrong bearer token\n");
    assertThat(new String(get("/checkpoint").body(), StandardCharsets.UTF_8))
        .startsWith("ledger.example/test\n0\n");
  }

  @Test
  void start_portZero_listensOnItsOwnFreeLoopbackPort() throws Exception {
    Path other = temp.resolve("other");
    TileLog log =
        TileLog.create(
            other, Attestations.LOG_ORIGIN, NoteKeys.signer(Attestations.logSignerKey()));
    try (LedgerServer second =
        LedgerServer.start(log, 0, Optional.empty(), LedgerServer.Batching.defaults())) {
      assertThat(second.port()).isPositive().isNotEqualTo(server.port());
      HttpResponse<byte[]> checkpoint =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + second.port() + "/checkpoint"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(checkpoint.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void add_serverWithoutToken_403() throws Exception {
    server.close();
    TileLog log =
        TileLog.open(
            folder,
            NoteKeys.verifier(Attestations.logVerifierKey()),
            NoteKeys.signer(Attestations.logSignerKey()));
    server = LedgerServer.start(log, 0, Optional.empty(), LedgerServer.Batching.defaults());
    HttpResponse<String> response = add(Attestations.heartbeat(0), Optional.of(TOKEN));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("accepts no additions");
  }

  @Test
  void add_oversizedBody_413() throws Exception {
    HttpResponse<String> response = add(new byte[70_000], Optional.of(TOKEN));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body())
        .isEqualTo("the entry is 70000 bytes; a signed attestation is at most 65535 bytes\n");
  }

  @Test
  void add_malformedOrBadlySigned_400WithReason() throws Exception {
    HttpResponse<String> garbage =
        add("hello".getBytes(StandardCharsets.UTF_8), Optional.of(TOKEN));
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body())
        .isEqualTo(
            "signed attestation: malformed note: no blank line separates the text from the"
                + " signatures\n");
    String tampered =
        new String(Attestations.heartbeat(0), StandardCharsets.UTF_8)
            .replace("\"run-0\"", "\"run-1\"");
    HttpResponse<String> bad = add(tampered.getBytes(StandardCharsets.UTF_8), Optional.of(TOKEN));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .startsWith("signed attestation: declarant lab.example/compute: invalid signature for key");
    assertThat(new String(get("/checkpoint").body(), StandardCharsets.UTF_8))
        .startsWith("ledger.example/test\n0\n");
  }

  @Test
  void tile_traversalAttempts_neverServeOutsideFolder() throws Exception {
    addOk(Attestations.heartbeat(0));
    List<String> attempts =
        List.of(
            "/tile/../secret.txt",
            "/tile/../../etc/passwd",
            "/tile/../log/log.key",
            "/tile/%2e%2e/secret.txt",
            "/tile/%2e%2e%2fsecret.txt",
            "/tile/..%2F..%2Fetc%2Fpasswd",
            "/tile/entries/..%2f..%2fsecret.txt",
            "/tile/0/..%2f..%2f..%2fsecret.txt",
            "/tile/%252e%252e/secret.txt",
            "/tile//etc/passwd",
            "/tile/0/000/../../../log.key",
            "/checkpoint/..%2fsecret.txt",
            "/log.key",
            "/tile/%00/000");
    for (String attempt : attempts) {
      HttpResponse<byte[]> response = get(attempt);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertThat(response.statusCode()).as(attempt).isIn(400, 404);
      assertThat(body).as(attempt).doesNotContain("TOP-SECRET", "root:", "PRIVATE+KEY");
    }
  }
}
