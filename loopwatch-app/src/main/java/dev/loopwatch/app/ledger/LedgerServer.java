package dev.loopwatch.app.ledger;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.log.AppendFailure;
import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.policy.WitnessPolicy;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP face of a log, on 127.0.0.1: the read-only c2sp.org/tlog-tiles endpoints {@code GET
 * /checkpoint}, {@code GET /tile/<L>/<N>[.p/<W>]} and {@code GET /tile/entries/<N>[.p/<W>]}, and
 * {@code GET /status} (whether appends work, and if not why), and {@code POST /add}, which takes
 * one signed attestation (bearer token required) and answers with its index once it is durable and
 * covered by a signed checkpoint.
 *
 * <p>Tile requests are parsed into {@link Tile} values (digits only) and read through {@link
 * LogDirectory}, so no request can name a file outside the log folder; tiles beyond the current
 * checkpoint are not served. Additions go through one {@link Integrator} thread that batches them.
 * Errors map to statuses in one handler: 400 malformed or badly signed entry, 401 no bearer token,
 * 405 wrong method on a known path, 408 request body stalled longer than the read timeout, 403
 * wrong token or additions disabled, 404 unknown tile, 413 entry over 65,535 bytes, 503 queue full
 * or log failing. A failed append does not stop the log: the next addition retries (see {@link
 * TileLog#append}), and {@code GET /status} answers 503 with the error until one succeeds.
 *
 * <p>With {@link Witnessing}, a {@link WitnessCollector} asks the policy's witnesses to cosign each
 * new checkpoint; {@code GET /checkpoint} serves the latest one whose cosignatures reach the
 * policy's quorum (503 until one does), and {@code POST /add} answers once such a checkpoint covers
 * the entry, or 503 "witness quorum not reached" after the wait (the entry stays durable).
 */
public final class LedgerServer implements AutoCloseable {
  /** The only interface the server binds. */
  public static final String HOST = "127.0.0.1";

  /**
   * How additions are batched.
   *
   * @param maxBatch the most entries per append
   * @param maxWait the longest a batch collects entries after its first
   * @param linger the longest gap between arrivals before a batch is closed early
   * @param queueCapacity the most entries waiting; beyond it additions get 503
   */
  public record Batching(int maxBatch, Duration maxWait, Duration linger, int queueCapacity) {
    /** Checks the fields. */
    public Batching {
      requireNonNull(maxWait, "maxWait is null");
      requireNonNull(linger, "linger is null");
      if (maxBatch < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("maxBatch and queueCapacity must be positive");
      }
    }

    /** Up to 4,096 entries or 1 s per batch, closed after a 2 ms lull; 65,536 queued at most. */
    public static Batching defaults() {
      return new Batching(4096, Duration.ofSeconds(1), Duration.ofMillis(2), 65_536);
    }
  }

  /**
   * How checkpoints are witnessed before they are published.
   *
   * @param policy the witness policy: witnesses with a URL are asked to cosign, its quorum decides
   * @param logKey the log's verifier key, which the policy must list
   * @param quorumWait how long {@code POST /add} waits for a cosigned checkpoint covering its entry
   * @param requestTimeout the timeout of each request to a witness
   * @param retry how long to wait before asking the witnesses again when quorum was not reached
   */
  public record Witnessing(
      WitnessPolicy policy,
      Verifier logKey,
      Duration quorumWait,
      Duration requestTimeout,
      Duration retry) {
    /** Checks the fields and that the policy lists the log's key. */
    public Witnessing {
      requireNonNull(policy, "policy is null");
      requireNonNull(logKey, "logKey is null");
      requireNonNull(quorumWait, "quorumWait is null");
      requireNonNull(requestTimeout, "requestTimeout is null");
      requireNonNull(retry, "retry is null");
      if (policy.logs().stream()
          .noneMatch(log ->
              log.verifier().name().equals(logKey.name())
                  && log.verifier().keyId() == logKey.keyId())) {
        throw LoopwatchException.userInput(
            "the witness policy has no 'log' line with this log's key "
                + logKey.name()
                + "+"
                + NoteKeys.hex(logKey.keyId()));
      }
    }
  }

  static final int ACCEPT_QUEUE = 1024;

  /** How long a request may stall (no bytes arriving) before it is answered 408. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final String OCTETS = "application/octet-stream";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final TileLog log;
  private final Optional<byte[]> tokenHash;
  private final Integrator integrator;
  private final Optional<Witnessing> witnessing;
  private final Optional<WitnessCollector> collector;
  private final Javalin app;

  private LedgerServer(
      TileLog log,
      Optional<String> token,
      Batching batching,
      int port,
      Optional<Witnessing> witnessing,
      Duration readTimeout) {
    this.log = log;
    this.tokenHash = token.map(LedgerServer::sha256);
    this.witnessing = witnessing;
    this.collector =
        witnessing.map(w ->
            new WitnessCollector(
                w.policy(),
                w.logKey(),
                log.directory(),
                log.signedCheckpoint(),
                w.requestTimeout(),
                w.retry()));
    this.integrator =
        new Integrator(
            log,
            batching.maxBatch(),
            batching.maxWait(),
            batching.linger(),
            batching.queueCapacity(),
            note -> collector.ifPresent(c -> c.offer(note)));
    this.app =
        Javalin.create(config -> {
          config.showJavalinBanner = false;
          config.startupWatcherEnabled = false;
          config.useVirtualThreads = true;
          config.http.maxRequestSize = 4L * SignedAttestation.MAX_SIZE;
          // A wrong method on a known path is 405 (with Allow), and only canonical paths match.
          config.http.prefer405over404 = true;
          config.router.ignoreTrailingSlashes = false;
          // Loopback only, on the port asked for, with a listen backlog that absorbs bursts of
          // connecting clients (the JDK default of 50 resets connections under load).
          config.jetty.addConnector((server, http) -> {
            ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(HOST);
            connector.setPort(port);
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            connector.setIdleTimeout(readTimeout.toMillis());
            return connector;
          });
        });
    app.get("/checkpoint", this::checkpoint);
    app.get("/status", this::status);
    app.get("/tile/<path>", this::tile);
    app.post("/add", this::add);
    app.exception(HttpError.class, (e, ctx) -> respond(ctx, e.status, e.getMessage()));
    app.exception(
        LoopwatchException.class,
        (e, ctx) ->
            respond(
                ctx, e.kind() == LoopwatchException.Kind.USER_INPUT ? 400 : 500, e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> respond(ctx, 500, "internal error: " + e.getClass().getName()));
    try {
      app.start();
    } catch (RuntimeException e) {
      integrator.close();
      collector.ifPresent(WitnessCollector::close);
      throw LoopwatchException.external(
          "cannot listen on " + HOST + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Serves {@code log} on 127.0.0.1:{@code port} (0 picks a free port). Without a token, {@code
   * POST /add} answers 403. The server owns the log from now on and closes it.
   */
  public static LedgerServer start(
      TileLog log, int port, Optional<String> token, Batching batching) {
    requireNonNull(log, "log is null");
    requireNonNull(token, "token is null");
    requireNonNull(batching, "batching is null");
    return new LedgerServer(log, token, batching, port, Optional.empty(), READ_TIMEOUT);
  }

  /**
   * Serves {@code log} without witnessing, answering 408 to requests stalled for {@code
   * readTimeout}.
   */
  static LedgerServer start(
      TileLog log, int port, Optional<String> token, Batching batching, Duration readTimeout) {
    return new LedgerServer(log, token, batching, port, Optional.empty(), readTimeout);
  }

  /**
   * Serves {@code log} like {@link #start(TileLog, int, Optional, Batching)}, but publishes at
   * {@code GET /checkpoint} only checkpoints whose witness cosignatures reach the policy's quorum,
   * and answers {@code POST /add} once such a checkpoint covers the entry (503 after {@link
   * Witnessing#quorumWait()}; the entry stays durable).
   */
  public static LedgerServer start(
      TileLog log, int port, Optional<String> token, Batching batching, Witnessing witnessing) {
    requireNonNull(log, "log is null");
    requireNonNull(token, "token is null");
    requireNonNull(batching, "batching is null");
    requireNonNull(witnessing, "witnessing is null");
    return new LedgerServer(log, token, batching, port, Optional.of(witnessing), READ_TIMEOUT);
  }

  /** The port listened on. */
  public int port() {
    return app.port();
  }

  /** Stops listening, integrates what is queued and closes the log. */
  @Override
  public void close() {
    app.stop();
    integrator.close();
    collector.ifPresent(WitnessCollector::close);
    log.close();
  }

  private void checkpoint(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (collector.isPresent()) {
      Note published =
          collector
              .get()
              .published()
              .orElseThrow(
                  () -> new HttpError(503, "no checkpoint has reached witness quorum yet"));
      ctx.contentType(TEXT).result(published.bytes());
      return;
    }
    ctx.contentType(TEXT).result(log.signedCheckpoint().bytes());
  }

  /**
   * Whether appends work: 200 {@code {"appends": "ok", ...}}, or 503 {@code {"appends": "failing",
   * "error": ..., "failing_since": ...}} after a failed append until one succeeds.
   */
  private void status(Context ctx) throws IOException {
    ctx.header("Cache-Control", "no-store");
    Map<String, Object> answer = new LinkedHashMap<>();
    Optional<AppendFailure> failure = log.appendFailure();
    answer.put("appends", failure.isPresent() ? "failing" : "ok");
    answer.put("size", log.size());
    failure.ifPresent(f -> {
      answer.put("error", f.message());
      answer.put("failing_since", f.since().toString());
    });
    ctx.status(failure.isPresent() ? 503 : 200)
        .contentType("application/json")
        .result(Json.mapper().writeValueAsString(answer));
  }

  private void tile(Context ctx) {
    String path = "tile/" + ctx.pathParam("path");
    Tile tile;
    boolean entries = path.startsWith("tile/entries/");
    try {
      tile = entries ? Tile.parseEntries(path) : Tile.parse(path);
    } catch (LoopwatchException | ArithmeticException | IllegalArgumentException e) {
      throw new HttpError(404, "not found: " + e.getMessage());
    }
    // One name per tile: x000/001 or a leading zero group names tile 1 too, but is not its path.
    if (!path.equals(entries ? tile.entriesPath() : tile.path())) {
      throw new HttpError(404, "not found: " + path + " is not the canonical tile path");
    }
    long size = log.size();
    int shift = Tile.HEIGHT * tile.level();
    long hashes = shift >= Long.SIZE ? 0 : size >>> shift;
    if (tile.width() > hashes || tile.index() > (hashes - tile.width()) / Tile.FULL_WIDTH) {
      throw new HttpError(404, "not found: " + path + " is beyond the checkpoint of size " + size);
    }
    LogDirectory directory = log.directory();
    byte[] data;
    try {
      if (entries) {
        data = directory.readEntries(tile);
        if (tile.isPartial()) {
          List<byte[]> all = EntryBundle.decode(data);
          if (all.size() > tile.width()) {
            data = EntryBundle.encode(all.subList(0, tile.width()));
          }
        }
      } else {
        data = directory.read(tile);
        if (data.length > tile.width() * Hash.SIZE) {
          data = Arrays.copyOf(data, tile.width() * Hash.SIZE);
        }
      }
    } catch (LoopwatchException e) {
      throw new HttpError(404, "not found: " + path);
    }
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.contentType(OCTETS).result(data);
  }

  private void add(Context ctx) throws IOException {
    if (tokenHash.isEmpty()) {
      throw new HttpError(
          403, "this log accepts no additions: the server was started without --token-file");
    }
    Optional<String> bearer = bearerToken(ctx.header("Authorization"));
    if (bearer.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new HttpError(401, "POST /add needs an 'Authorization: Bearer <token>' header");
    }
    if (!MessageDigest.isEqual(sha256(bearer.get()), tokenHash.get())) {
      throw new HttpError(403, "wrong bearer token");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > SignedAttestation.MAX_SIZE) {
      throw tooLarge(declared);
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(SignedAttestation.MAX_SIZE + 1);
    } catch (IOException e) {
      throw new HttpError(408, "the request body stalled or was cut off: " + e.getMessage());
    }
    if (body.length > SignedAttestation.MAX_SIZE) {
      throw tooLarge(body.length);
    }
    SignedAttestation.open(body);
    Integrator.Added added;
    try {
      added = integrator.submit(body).join();
    } catch (Integrator.Unavailable e) {
      throw new HttpError(503, e.getMessage());
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new HttpError(503, "the log could not integrate the entry: " + cause.getMessage());
    }
    Note checkpoint = added.checkpoint();
    if (collector.isPresent()) {
      Duration wait = witnessing.orElseThrow().quorumWait();
      try {
        checkpoint = collector.get().awaitCovering(added.index(), wait);
      } catch (TimeoutException e) {
        throw new HttpError(
            503,
            "witness quorum not reached within "
                + wait.toMillis()
                + " ms; entry "
                + added.index()
                + " is durable and a later cosigned checkpoint will cover it");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpError(503, "the server is shutting down");
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("index", added.index());
    answer.put("checkpoint", new String(checkpoint.bytes(), StandardCharsets.UTF_8));
    ctx.contentType("application/json").result(Json.mapper().writeValueAsString(answer));
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} header; the scheme name is
   * case-insensitive (RFC 7235 section 2.1) and followed by one or more spaces.
   */
  static Optional<String> bearerToken(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return Optional.empty();
    }
    if (!authorization.regionMatches(true, 0, "Bearer", 0, 6) || authorization.charAt(6) != ' ') {
      return Optional.empty();
    }
    String token = authorization.substring(7).strip();
    return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
  }

  private static HttpError tooLarge(long size) {
    return new HttpError(
        413,
        "the entry is "
            + size
            + " bytes; a signed attestation is at most "
            + SignedAttestation.MAX_SIZE
            + " bytes");
  }

  private static void respond(Context ctx, int status, String message) {
    ctx.status(status).contentType(TEXT).result(message + "\n");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** A failure with the HTTP status to answer. */
  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
