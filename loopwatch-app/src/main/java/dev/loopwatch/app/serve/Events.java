package dev.loopwatch.app.serve;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The clients of {@code GET /api/v1/events}, each told of every scan that starts or finishes:
 * events {@code scan-started} and {@code scan-finished} whose data is the scan's {@link
 * Scans.Status} as JSON.
 */
final class Events {
  private final CopyOnWriteArrayList<SseClient> clients = new CopyOnWriteArrayList<>();

  /** Keeps {@code client} open and sends it every event until it disconnects. */
  void add(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    client.sendComment("connected");
  }

  /** Sends {@code data} (JSON text) as event {@code name} to every connected client. */
  void send(String name, String data) {
    for (SseClient client : clients) {
      if (client.terminated()) {
        clients.remove(client);
      } else {
        try {
          client.sendEvent(name, data);
        } catch (RuntimeException e) {
          // A client that went away before its close was noticed fails in Jetty with an
          // IllegalStateException rather than an IOException; drop it so that the request that
          // announced the event (POST /api/v1/scans) does not fail with it.
          clients.remove(client);
        }
      }
    }
  }

  /** How many clients are connected. */
  int size() {
    return clients.size();
  }

  /** Closes every client's stream. */
  void close() {
    clients.forEach(SseClient::close);
    clients.clear();
  }
}
