package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.app.CliRun;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.MerkleTree;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.OpenedNote;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.witness.AddCheckpointRequest;
import dev.loopwatch.ledger.witness.Witness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real witness server on 127.0.0.1 port 0 and talks c2sp.org/tlog-witness to it. */
class WitnessServerTest {
  static final String WITNESS_NAME = "witness.example/w1";

  @TempDir Path temp;
  private Path state;
  private WitnessServer server;
  private HttpClient client;
  private final Signer logSigner = NoteKeys.signer(Attestations.logSignerKey());
  private final MerkleTree tree = new MerkleTree();

  static Signer cosigner() {
    return Cosignature.signer(WITNESS_NAME, Attestations.seed(200), () -> 1_700_000_000L);
  }

  static Verifier cosignerVerifier() {
    return Cosignature.verifier(WITNESS_NAME, Ed25519.publicKey(Attestations.seed(200)));
  }

  @BeforeEach
  void start() {
    state = temp.resolve("witness/state");
    startServer();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 20; i++) {
      tree.appendData(("entry " + i).getBytes(StandardCharsets.UTF_8));
    }
  }

  private void startServer() {
    Witness witness =
        Witness.open(state, cosigner(), List.of(NoteKeys.verifier(Attestations.logVerifierKey())));
    server = WitnessServer.start(witness, 0);
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  private byte[] signed(long size, Hash root) {
    return Note.sign(Checkpoint.of(Attestations.LOG_ORIGIN, size, root).text(), List.of(logSigner))
        .bytes();
  }

  private byte[] signed(long size) {
    return signed(size, tree.root(size));
  }

  private byte[] request(long oldSize, long newSize) {
    List<Hash> proof =
        oldSize == 0 || oldSize == newSize
            ? List.of()
            : tree.consistencyProof(oldSize, newSize).hashes();
    return new AddCheckpointRequest(oldSize, proof, signed(newSize)).body();
  }

  private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/add-checkpoint"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Optional<Witness.Latest> latest() {
    server.close();
    Witness witness = Witness.open(state, cosigner(), List.of());
    try {
      return witness.latest(Attestations.LOG_ORIGIN);
    } finally {
      witness.close();
      startServer();
    }
  }

  @Test
  void addCheckpoint_firstCheckpoint_returnsVerifiableCosignature() throws Exception {
    HttpResponse<String> response = post(request(0, 5));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).startsWith("\u2014 " + WITNESS_NAME + " ").endsWith("\n");
    assertThat(response.body().lines()).hasSize(1);
    byte[] cosigned =
        (new String(signed(5), StandardCharsets.UTF_8) + response.body())
            .getBytes(StandardCharsets.UTF_8);
    OpenedNote opened = Note.open(cosigned, List.of(cosignerVerifier()));
    assertThat(opened.verified()).hasSize(1);
    assertThat(Cosignature.timestamp(opened.verified().get(0))).isEqualTo(1_700_000_000L);
    assertThat(latest()).contains(new Witness.Latest(5, tree.root(5)));
  }

  @Test
  void addCheckpoint_consistentGrowth_advancesState() throws Exception {
    assertThat(post(request(0, 3)).statusCode()).isEqualTo(200);
    assertThat(post(request(3, 11)).statusCode()).isEqualTo(200);
    assertThat(post(request(11, 11)).statusCode()).isEqualTo(200);
    assertThat(post(request(11, 20)).statusCode()).isEqualTo(200);
    assertThat(latest()).contains(new Witness.Latest(20, tree.root(20)));
  }

  @Test
  void addCheckpoint_staleOldSize_409WithLatestSize() throws Exception {
    assertThat(post(request(0, 8)).statusCode()).isEqualTo(200);
    HttpResponse<String> response = post(request(0, 12));
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).isEqualTo("8\n");
    assertThat(response.headers().firstValue("Content-Type")).contains("text/x.tlog.size");
  }

  @Test
  void addCheckpoint_rollbackAttempt_409AndStateKept() throws Exception {
    assertThat(post(request(0, 10)).statusCode()).isEqualTo(200);
    // A client claiming the witness is at 4 and offering size 6 (smaller than the stored 10).
    HttpResponse<String> response = post(request(4, 6));
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).isEqualTo("10\n");
    assertThat(latest()).contains(new Witness.Latest(10, tree.root(10)));
  }

  @Test
  void addCheckpoint_oldAboveNew_400() throws Exception {
    HttpResponse<String> response = post(requestRaw(7, 6));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("old size 7 is above the checkpoint size 6\n");
  }

  private byte[] requestRaw(long oldSize, long newSize) {
    return new AddCheckpointRequest(oldSize, List.of(), signed(newSize)).body();
  }

  @Test
  void addCheckpoint_malformedBody_400() throws Exception {
    HttpResponse<String> response = post("old x\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("malformed add-checkpoint request: line 1");
    byte[] badNote = "old 0\n\nledger.example/test\n1\nAAAA\n\n".getBytes(StandardCharsets.UTF_8);
    assertThat(post(badNote).statusCode()).isEqualTo(400);
  }

  @Test
  void addCheckpoint_specExampleOfUnknownLog_404() throws Exception {
    // The example request of c2sp.org/tlog-witness, for origin example.com/behind-the-sofa.
    String spec =
        "old 20852014\n"
            + "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
            + "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
            + "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
            + "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
            + "\n"
            + "example.com/behind-the-sofa\n"
            + "20852163\n"
            + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            + "\n"
            + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
    HttpResponse<String> response = post(spec.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("unknown log origin \"example.com/behind-the-sofa\"\n");
  }

  @Test
  void addCheckpoint_signedByOtherKey_403() throws Exception {
    Signer impostor =
        NoteKeys.signer(
            NoteKeys.signerKey(
                Attestations.LOG_ORIGIN, NoteKeys.TYPE_ED25519, Attestations.seed(666)));
    byte[] note =
        Note.sign(Checkpoint.of(Attestations.LOG_ORIGIN, 3, tree.root(3)).text(), List.of(impostor))
            .bytes();
    HttpResponse<String> response = post(new AddCheckpointRequest(0, List.of(), note).body());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .startsWith("checkpoint of ledger.example/test is not signed by a trusted log key: ");
    assertThat(latest()).isEmpty();
  }

  @Test
  void addCheckpoint_badProof_422AndStateKept() throws Exception {
    assertThat(post(request(0, 5)).statusCode()).isEqualTo(200);
    List<Hash> proof = new ArrayList<>(tree.consistencyProof(5, 9).hashes());
    proof.set(0, Hash.of(new byte[32]));
    HttpResponse<String> response = post(new AddCheckpointRequest(5, proof, signed(9)).body());
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).startsWith("consistency proof from tree size 5 to 9: ");
    assertThat(latest()).contains(new Witness.Latest(5, tree.root(5)));
  }

  @Test
  void addCheckpoint_forkedRootAtSameSize_422AndStateKept() throws Exception {
    assertThat(post(request(0, 7)).statusCode()).isEqualTo(200);
    Hash forked = Rfc6962.leafHash("fork".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        post(new AddCheckpointRequest(7, List.of(), signed(7, forked)).body());
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body())
        .isEqualTo(
            "size 7 was cosigned with root "
                + tree.root(7).base64()
                + ", not "
                + forked.base64()
                + "\n");
    assertThat(latest()).contains(new Witness.Latest(7, tree.root(7)));
  }

  @Test
  void addCheckpoint_proofWithOldZero_422() throws Exception {
    byte[] body =
        new AddCheckpointRequest(0, tree.consistencyProof(3, 4).hashes(), signed(4)).body();
    HttpResponse<String> response = post(body);
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).isEqualTo("old size 0 needs an empty proof, got 3 lines\n");
  }

  @Test
  void addCheckpoint_emptyTreeWithWrongRoot_422() throws Exception {
    HttpResponse<String> wrong =
        post(new AddCheckpointRequest(0, List.of(), signed(0, tree.root(1))).body());
    assertThat(wrong.statusCode()).isEqualTo(422);
    assertThat(wrong.body()).startsWith("a checkpoint of size 0 must have the empty tree's root");
    HttpResponse<String> right =
        post(new AddCheckpointRequest(0, List.of(), signed(0, Rfc6962.emptyRoot())).body());
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void addCheckpoint_bodyOverLimit_413() throws Exception {
    byte[] body = new byte[WitnessServer.MAX_BODY + 1];
    assertThat(post(body).statusCode()).isEqualTo(413);
  }

  @Test
  void addCheckpoint_afterRestart_remembersLatest() throws Exception {
    assertThat(post(request(0, 6)).statusCode()).isEqualTo(200);
    server.close();
    startServer();
    HttpResponse<String> stale = post(request(0, 9));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).isEqualTo("6\n");
    assertThat(post(request(6, 9)).statusCode()).isEqualTo(200);
    Hash forked = Rfc6962.leafHash("fork".getBytes(StandardCharsets.UTF_8));
    server.close();
    startServer();
    assertThat(post(new AddCheckpointRequest(9, List.of(), signed(9, forked)).body()).statusCode())
        .isEqualTo(422);
  }

  @Test
  void open_secondWitnessOnSameState_refused() {
    assertThatThrownBy(() -> Witness.open(state, cosigner(), List.of()))
        .hasMessage("witness state " + state + " is already in use by another witness");
  }

  @Test
  void addCheckpoint_parallelSameCheckpoint_allCosignedOrConflictStateConsistent()
      throws Exception {
    assertThat(post(request(0, 4)).statusCode()).isEqualTo(200);
    byte[] body = request(4, 16);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> post(body)));
      }
    }
    int cosigned = 0;
    int conflicts = 0;
    for (Future<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get();
      if (response.statusCode() == 200) {
        cosigned++;
      } else {
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("16\n");
        conflicts++;
      }
    }
    // Exactly one request moves the state from 4 to 16; the others see 16 and get 409.
    assertThat(cosigned).isEqualTo(1);
    assertThat(conflicts).isEqualTo(15);
    assertThat(latest()).contains(new Witness.Latest(16, tree.root(16)));
  }

  @Test
  void init_thenServe_createsKeyFile0600AndPrintsVkey() throws Exception {
    Path dir = temp.resolve("w2");
    CliRun run = CliRun.run("ledger", "witness", "init", dir.toString(), "--name", "w.example/w2");
    assertThat(run.code()).isEqualTo(0);
    String vkey = run.out().strip();
    assertThat(NoteKeys.parseVerifierKey(vkey).type()).isEqualTo(Cosignature.TYPE);
    assertThat(NoteKeys.parseVerifierKey(vkey).name()).isEqualTo("w.example/w2");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("witness.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.isDirectory(dir.resolve("state"))).isTrue();
    try (var files = Files.list(dir.resolve("state"))) {
      assertThat(files.count()).isZero();
    }
    CliRun again = CliRun.run("ledger", "witness", "init", dir.toString(), "--name", "x");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void serve_withoutLogs_exits2() {
    CliRun run = CliRun.run("ledger", "witness", "serve", temp.toString(), "--port", "0");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("give the logs to witness with --log VKEY or --logs FILE");
  }
}
