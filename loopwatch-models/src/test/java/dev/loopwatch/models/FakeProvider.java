package dev.loopwatch.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A local model API on the loopback interface for tests: answers each POST with the next scripted
 * reply (the last one repeats) and records the requests it got.
 */
public final class FakeProvider implements AutoCloseable {
  /** One scripted answer; {@code truncated} promises more bytes than it sends, then hangs up. */
  public record Reply(int status, Map<String, String> headers, String body, boolean truncated) {
    /** A 200 with a JSON body. */
    public static Reply ok(String body) {
      return new Reply(200, Map.of(), body, false);
    }

    /** An error status with a JSON body and headers. */
    public static Reply status(int status, String body, Map<String, String> headers) {
      return new Reply(status, headers, body, false);
    }

    /** A 200 whose body stops short of its content-length. */
    public static Reply truncated(String body) {
      return new Reply(200, Map.of(), body, true);
    }
  }

  /** A request the server got. */
  public record Received(String path, Map<String, List<String>> headers, String body) {
    /** The first value of a header, or empty text. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse("");
    }
  }

  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private final long delayMillis;

  private FakeProvider(long delayMillis) throws IOException {
    this.delayMillis = delayMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** Starts a server answering at once. */
  public static FakeProvider start(Reply... replies) throws IOException {
    return startWithDelay(0, replies);
  }

  /** Starts a server that waits {@code delayMillis} before each answer. */
  public static FakeProvider startWithDelay(long delayMillis, Reply... replies) throws IOException {
    FakeProvider provider = new FakeProvider(delayMillis);
    provider.replies.addAll(List.of(replies));
    return provider;
  }

  /**
   * Replaces the scripted replies; {@code URL} in a body becomes this server's base URL (for
   * answers that point back at the server, like a batch's results_url).
   */
  public synchronized void script(List<Reply> next) {
    replies.clear();
    for (Reply reply : next) {
      replies.add(
          new Reply(
              reply.status(),
              reply.headers(),
              reply.body().replace("URL", url()),
              reply.truncated()));
    }
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The requests so far. */
  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Reply reply;
    synchronized (this) {
      received.add(
          new Received(
              exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
      reply = replies.size() > 1 ? replies.poll() : replies.peek();
      if (reply == null) {
        reply = new Reply(500, Map.of(), "{\"error\":{\"message\":\"no reply scripted\"}}", false);
      }
    }
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", "application/json");
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    if (reply.truncated()) {
      exchange.sendResponseHeaders(reply.status(), bytes.length + 1000L);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes);
      out.flush();
      exchange.getHttpContext().getServer(); // keep the reference; the close below cuts the body
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
