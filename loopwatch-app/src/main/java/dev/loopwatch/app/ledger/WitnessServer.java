package dev.loopwatch.app.ledger;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.witness.Witness;
import dev.loopwatch.ledger.witness.WitnessResponse;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP face of a {@link Witness} on 127.0.0.1: {@code POST /add-checkpoint} of
 * c2sp.org/tlog-witness. Bodies over {@value #MAX_BODY} bytes get 413; every other answer, status
 * and content type comes from {@link Witness#addCheckpoint}.
 */
final class WitnessServer implements AutoCloseable {
  /** The largest request body accepted: 63 proof lines and a checkpoint with many signatures. */
  static final int MAX_BODY = 64 * 1024;

  private static final String TEXT = WitnessResponse.TEXT_CONTENT_TYPE;

  private final Witness witness;
  private final Javalin app;

  private WitnessServer(Witness witness, int port) {
    this.witness = witness;
    this.app =
        Javalin.create(config -> {
          config.showJavalinBanner = false;
          config.startupWatcherEnabled = false;
          config.useVirtualThreads = true;
          config.http.maxRequestSize = MAX_BODY;
          config.jetty.addConnector((server, http) -> {
            ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(LedgerServer.HOST);
            connector.setPort(port);
            connector.setAcceptQueueSize(LedgerServer.ACCEPT_QUEUE);
            return connector;
          });
        });
    app.post("/add-checkpoint", this::addCheckpoint);
    app.exception(
        Exception.class,
        (e, ctx) ->
            ctx.status(500).contentType(TEXT).result("internal error: " + e.getMessage() + "\n"));
    try {
      app.start();
    } catch (RuntimeException e) {
      throw LoopwatchException.external(
          "cannot listen on " + LedgerServer.HOST + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Serves {@code witness} on 127.0.0.1:{@code port} (0 picks a free port); the server closes the
   * witness when it stops.
   */
  static WitnessServer start(Witness witness, int port) {
    return new WitnessServer(requireNonNull(witness, "witness is null"), port);
  }

  /** The port listened on. */
  int port() {
    return app.port();
  }

  private void addCheckpoint(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = declared > MAX_BODY ? new byte[MAX_BODY + 1] : in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      ctx.status(413).contentType(TEXT).result("the request body is over " + MAX_BODY + " bytes\n");
      return;
    }
    WitnessResponse response = witness.addCheckpoint(body);
    ctx.status(response.status()).contentType(response.contentType()).result(response.body());
  }

  /** Stops listening and releases the witness state. */
  @Override
  public void close() {
    app.stop();
    witness.close();
  }
}
