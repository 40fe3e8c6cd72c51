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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
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
 * proposals it is shown. The same roles answer the Anthropic Messages API ({@code
 * /candidate/v1/messages}, {@code /judge/v1/messages}) and its Message Batches: a batch ends at
 * once, and the first {@link #batchFailures} of its requests come back {@code overloaded_error}.
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
  final AtomicInteger batches = new AtomicInteger();
  final AtomicInteger batchFailures = new AtomicInteger();
  private final Map<String, String> batchResults = new ConcurrentHashMap<>();

  ScriptedProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/candidate/v1/chat/completions", this::candidate);
    server.createContext("/judge/v1/chat/completions", this::judge);
    server.createContext("/candidate/v1/messages", exchange -> anthropic(exchange, "candidate"));
    server.createContext("/judge/v1/messages", exchange -> anthropic(exchange, "judge"));
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

  /** The base URL of {@code role} for the Anthropic provider (it appends {@code /v1/...}). */
  String anthropicUrl(String role) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + role;
  }

  private String answerFor(String role, String prompt) {
    prompts.add(prompt);
    if (role.equals("candidate")) {
      candidateRequests.incrementAndGet();
      Matcher matcher = LENGTH.matcher(prompt);
      return "c".repeat(matcher.find() ? Integer.parseInt(matcher.group(1)) : 40);
    }
    judgeRequests.incrementAndGet();
    Matcher matcher = PROPOSALS.matcher(prompt);
    return matcher.find()
        ? judge.apply(new String[] {matcher.group(1), matcher.group(2)})
        : "no proposals found";
  }

  private void anthropic(HttpExchange exchange, String role) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String base = "/" + role + "/v1/messages";
    if (path.equals(base) && exchange.getRequestMethod().equals("POST")) {
      send(
          exchange,
          JSON.writeValueAsBytes(message(answerFor(role, anthropicPrompt(request(exchange))))));
    } else if (path.equals(base + "/batches") && exchange.getRequestMethod().equals("POST")) {
      String id = "msgbatch_" + batches.incrementAndGet();
      StringBuilder results = new StringBuilder();
      for (JsonNode entry : request(exchange).path("requests")) {
        ObjectNode line =
            JSON.createObjectNode().put("custom_id", entry.path("custom_id").asText());
        ObjectNode result = line.putObject("result");
        String answer = answerFor(role, anthropicPrompt(entry.path("params")));
        if (batchFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          result.put("type", "errored");
          result
              .putObject("error")
              .put("type", "error")
              .putObject("error")
              .put("type", "overloaded_error")
              .put("message", "Overloaded");
        } else {
          result.put("type", "succeeded");
          result.set("message", message(answer));
        }
        results.append(JSON.writeValueAsString(line)).append('\n');
      }
      batchResults.put(id, results.toString());
      ObjectNode body = JSON.createObjectNode().put("id", id).put("processing_status", "ended");
      body.put(
          "results_url",
          "http://127.0.0.1:"
              + server.getAddress().getPort()
              + base
              + "/batches/"
              + id
              + "/results");
      send(exchange, JSON.writeValueAsBytes(body));
    } else if (path.startsWith(base + "/batches/") && path.endsWith("/results")) {
      String id =
          path.substring((base + "/batches/").length(), path.length() - "/results".length());
      send(exchange, batchResults.getOrDefault(id, "").getBytes(StandardCharsets.UTF_8));
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    }
  }

  private static JsonNode request(HttpExchange exchange) throws IOException {
    return JSON.readTree(exchange.getRequestBody());
  }

  private static String anthropicPrompt(JsonNode params) {
    StringBuilder text = new StringBuilder();
    for (JsonNode message : params.path("messages")) {
      if (message.path("role").asText().equals("user")) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
          text.append(content.asText());
        }
        content.forEach(block -> text.append(block.path("text").asText()));
      }
    }
    return text.toString();
  }

  private static ObjectNode message(String text) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", "msg_test");
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", "claude-sonnet-4-5-20250929");
    message.putArray("content").addObject().put("type", "text").put("text", text);
    message.put("stop_reason", "end_turn");
    message.putObject("usage").put("input_tokens", 100).put("output_tokens", 10);
    return message;
  }

  private static void send(HttpExchange exchange, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().add("content-type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
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
