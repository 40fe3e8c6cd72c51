package dev.loopwatch.app.judgment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible server on the loopback interface scripted as a candidate ({@code
 * /candidate/v1}) and a judge ({@code /judge/v1}). The candidate answers with a proposal of the
 * length the item's context asks for ({@code length N}); the judge runs a {@link Judge} on the two
 * proposals it is shown.
 */
final class ScriptedProvider implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LENGTH = Pattern.compile("length (\\d+)");
  private static final Pattern PROPOSALS =
      Pattern.compile(
          "## Proposal A\\n(.*?)\\n\\n## Proposal B\\n(.*?)\\n\\nWhich proposal", Pattern.DOTALL);

  /** What the scripted judge answers, given proposals A and B. */
  interface Judge extends Function<String[], String> {}

  /** Prefers the longer proposal; for equal lengths the one shown first. */
  static final Judge PREFERS_LONGER =
      ab -> "Longer is better.\nVERDICT: " + (ab[0].length() >= ab[1].length() ? "A" : "B");

  /** Always picks the proposal shown first. */
  static final Judge ALWAYS_A = ab -> "VERDICT: A";

  /** Never writes a verdict line. */
  static final Judge GARBAGE = ab -> "I think the first one is better, probably.";

  private final HttpServer server;
  final AtomicInteger candidateRequests = new AtomicInteger();
  final AtomicInteger judgeRequests = new AtomicInteger();
  final AtomicInteger rateLimitsLeft = new AtomicInteger();
  volatile Judge judge = PREFERS_LONGER;
  final Queue<String> prompts = new ConcurrentLinkedQueue<>();

  ScriptedProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/candidate/v1/chat/completions", this::candidate);
    server.createContext("/judge/v1/chat/completions", this::judge);
    server.start();
  }

  /** The base URL of {@code role} ({@code candidate} or {@code judge}). */
  String baseUrl(String role) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + role + "/v1";
  }

  /** All requests received. */
  int requests() {
    return candidateRequests.get() + judgeRequests.get();
  }

  private void candidate(HttpExchange exchange) throws IOException {
    candidateRequests.incrementAndGet();
    String prompt = userMessage(exchange);
    prompts.add(prompt);
    if (rateLimited(exchange)) {
      return;
    }
    Matcher matcher = LENGTH.matcher(prompt);
    int length = matcher.find() ? Integer.parseInt(matcher.group(1)) : 40;
    answer(exchange, "c".repeat(length));
  }

  private void judge(HttpExchange exchange) throws IOException {
    judgeRequests.incrementAndGet();
    String prompt = userMessage(exchange);
    prompts.add(prompt);
    if (rateLimited(exchange)) {
      return;
    }
    Matcher matcher = PROPOSALS.matcher(prompt);
    if (!matcher.find()) {
      answer(exchange, "no proposals found");
      return;
    }
    answer(exchange, judge.apply(new String[] {matcher.group(1), matcher.group(2)}));
  }

  private boolean rateLimited(HttpExchange exchange) throws IOException {
    if (rateLimitsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      byte[] body =
          "{\"error\":{\"type\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}"
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("retry-after-ms", "1");
      exchange.sendResponseHeaders(429, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      return true;
    }
    return false;
  }

  private static String userMessage(HttpExchange exchange) throws IOException {
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    StringBuilder text = new StringBuilder();
    for (JsonNode message : request.path("messages")) {
      if (message.path("role").asText().equals("user")) {
        text.append(message.path("content").asText());
      }
    }
    return text.toString();
  }

  private static void answer(HttpExchange exchange, String content) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-test");
    body.put("model", "scripted");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", 100);
    usage.put("completion_tokens", 10);
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("content-type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
