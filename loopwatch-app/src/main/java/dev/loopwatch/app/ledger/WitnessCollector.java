package dev.loopwatch.app.ledger;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.log.AtomicFiles;
import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteSignature;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.policy.WitnessPolicy;
import dev.loopwatch.ledger.policy.WitnessPolicy.PolicyWitness;
import dev.loopwatch.ledger.tiles.TileHashReader;
import dev.loopwatch.ledger.witness.AddCheckpointRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Collects witness cosignatures on a log's checkpoints and publishes only checkpoints that reach
 * the witness policy's quorum.
 *
 * <p>One thread takes the newest checkpoint the log signed, sends it to every policy witness with a
 * URL in parallel ({@code POST <url>/add-checkpoint}, c2sp.org/tlog-witness), with the consistency
 * proof from the size that witness last cosigned, computed from the log's tiles; a 409 answer names
 * the witness's size, and the request is retried once from it. Valid cosignatures are added to the
 * note; if the policy's quorum holds, the note is written atomically to {@value #FILE} in the log
 * folder and becomes the published checkpoint, which only ever grows. Otherwise the collector
 * retries every {@code retry} with the newest checkpoint.
 */
final class WitnessCollector implements AutoCloseable {
  /** The file in the log folder holding the latest published (cosigned) checkpoint. */
  static final String FILE = LogDirectory.COSIGNED_CHECKPOINT;

  private static final System.Logger LOG = System.getLogger(WitnessCollector.class.getName());

  private final WitnessPolicy policy;
  private final Verifier logKey;
  private final LogDirectory directory;
  private final Duration timeout;
  private final Duration retry;
  private final HttpClient client;
  private final Map<String, Long> witnessSizes = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Note> offered = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile Optional<Published> published;
  private volatile CompletableFuture<Void> nextPublish = new CompletableFuture<>();
  private volatile boolean running = true;

  /** A published checkpoint and its size. */
  private record Published(long size, Note note) {}

  WitnessCollector(
      WitnessPolicy policy,
      Verifier logKey,
      LogDirectory directory,
      Note current,
      Duration timeout,
      Duration retry) {
    this.policy = requireNonNull(policy, "policy is null");
    this.logKey = requireNonNull(logKey, "logKey is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.published = readPublished(current);
    offered.add(current);
    this.thread = Thread.ofPlatform().name("lw-ledger-witnessing").daemon().unstarted(this::run);
    thread.start();
  }

  /** Hands over a newly signed checkpoint; the newest one offered is the one collected. */
  void offer(Note signedCheckpoint) {
    offered.add(signedCheckpoint);
  }

  /** The latest published checkpoint, if any reached quorum yet. */
  Optional<Note> published() {
    return published.map(Published::note);
  }

  /**
   * Waits until a published checkpoint covers entry {@code index} and returns it.
   *
   * @throws TimeoutException if none does within {@code wait}
   */
  Note awaitCovering(long index, Duration wait) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      CompletableFuture<Void> next = nextPublish;
      Optional<Published> now = published;
      if (now.isPresent() && now.get().size() > index) {
        return now.get().note();
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new TimeoutException();
      }
      try {
        next.get(remaining, TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("publication failed", e);
      }
    }
  }

  private void run() {
    Optional<Note> pending = Optional.empty();
    while (running) {
      try {
        Note newest =
            offered.poll(pending.isPresent() ? retry.toMillis() : 100, TimeUnit.MILLISECONDS);
        if (newest != null) {
          Note more;
          while ((more = offered.poll()) != null) {
            newest = more;
          }
          pending = Optional.of(newest);
        }
      } catch (InterruptedException e) {
        return;
      }
      if (pending.isEmpty()) {
        continue;
      }
      long size = Checkpoint.parse(pending.get().text()).size();
      if (published.isPresent() && published.get().size() >= size) {
        pending = Optional.empty();
        continue;
      }
      try {
        Note cosigned = collect(pending.get(), size);
        if (policy.quorumMet(cosigned.bytes())) {
          publish(new Published(size, cosigned));
          pending = Optional.empty();
        } else {
          LOG.log(
              System.Logger.Level.WARNING,
              "checkpoint of size " + size + " has not reached witness quorum; retrying");
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "collecting cosignatures failed: " + e.getMessage());
      }
    }
  }

  private void publish(Published next) {
    AtomicFiles.writeAll(Map.of(directory.root().resolve(FILE), next.note().bytes()));
    published = Optional.of(next);
    CompletableFuture<Void> done = nextPublish;
    nextPublish = new CompletableFuture<>();
    done.complete(null);
  }

  /** The checkpoint with the valid cosignatures of every witness that answered. */
  private Note collect(Note checkpoint, long size) {
    List<PolicyWitness> targets = new ArrayList<>();
    policy.witnesses().stream().filter(w -> w.url().isPresent()).forEach(targets::add);
    List<NoteSignature> signatures = new ArrayList<>(checkpoint.signatures());
    try (ExecutorService pool =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lw-witness-", 0).factory())) {
      List<Future<Optional<NoteSignature>>> answers = new ArrayList<>();
      for (PolicyWitness witness : targets) {
        answers.add(pool.submit(() -> cosign(witness, checkpoint, size)));
      }
      for (Future<Optional<NoteSignature>> answer : answers) {
        try {
          answer.get().ifPresent(signatures::add);
        } catch (ExecutionException e) {
          LOG.log(System.Logger.Level.WARNING, "witness request failed: " + e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return new Note(checkpoint.text(), signatures);
  }

  /** Asks one witness to cosign, retrying once from the size its 409 answer names. */
  private Optional<NoteSignature> cosign(PolicyWitness witness, Note checkpoint, long size)
      throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 2; attempt++) {
      long old = witnessSizes.getOrDefault(witness.name(), 0L);
      if (old > size) {
        LOG.log(
            System.Logger.Level.WARNING,
            "witness " + witness.name() + " is at size " + old + ", beyond " + size);
        return Optional.empty();
      }
      List<Hash> proof =
          old == 0 || old == size
              ? List.of()
              : Proofs.consistency(new TileHashReader(directory, size), old, size).hashes();
      byte[] body = new AddCheckpointRequest(old, proof, checkpoint.bytes()).body();
      URI uri =
          URI.create(
              witness.url().orElseThrow().toString().replaceAll("/+$", "") + "/add-checkpoint");
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(response.body(), StandardCharsets.UTF_8);
      if (response.statusCode() == 409 && text.matches("[0-9]{1,19}\n")) {
        witnessSizes.put(witness.name(), Long.parseLong(text.strip()));
        continue;
      }
      if (response.statusCode() != 200) {
        LOG.log(
            System.Logger.Level.WARNING,
            "witness "
                + witness.name()
                + " answered "
                + response.statusCode()
                + ": "
                + text.strip());
        return Optional.empty();
      }
      witnessSizes.put(witness.name(), size);
      return validCosignature(witness, checkpoint, text);
    }
    return Optional.empty();
  }

  /** The witness's valid cosignature among the lines it answered with. */
  private static Optional<NoteSignature> validCosignature(
      PolicyWitness witness, Note checkpoint, String answer) {
    Note answered;
    try {
      answered = Note.parse(checkpoint.text() + "\n" + answer);
    } catch (LoopwatchException e) {
      LOG.log(System.Logger.Level.WARNING, "witness " + witness.name() + ": " + e.getMessage());
      return Optional.empty();
    }
    Verifier verifier = witness.verifier();
    byte[] text = checkpoint.text().getBytes(StandardCharsets.UTF_8);
    for (NoteSignature line : answered.signatures()) {
      if (line.name().equals(verifier.name())
          && line.keyId() == verifier.keyId()
          && verifier.verify(text, line.signature())) {
        return Optional.of(line);
      }
    }
    LOG.log(
        System.Logger.Level.WARNING, "witness " + witness.name() + " sent no valid cosignature");
    return Optional.empty();
  }

  /** The stored published checkpoint, if it verifies with the log key and the log covers it. */
  private Optional<Published> readPublished(Note current) {
    Path file = directory.root().resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      Note.open(bytes, List.of(logKey));
      Note note = Note.parse(bytes);
      long size = Checkpoint.parse(note.text()).size();
      if (size > Checkpoint.parse(current.text()).size()) {
        throw LoopwatchException.userInput("it is beyond the log's checkpoint");
      }
      return Optional.of(new Published(size, note));
    } catch (LoopwatchException e) {
      throw LoopwatchException.userInput(file + ": " + e.getMessage());
    }
  }

  /** Stops the collecting thread. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
