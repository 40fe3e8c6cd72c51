package dev.loopwatch.models.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.Message;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Tool;
import dev.loopwatch.models.ToolCall;
import dev.loopwatch.models.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Anthropic Messages API ({@code POST {base-url}/v1/messages}, {@code anthropic-version:
 * 2023-06-01}). Prompt caching: {@link Request#cacheSystem()} puts {@code cache_control: ephemeral}
 * on the last tool and on the system block, and {@link Message#cacheBreakpoint()} on that message's
 * block, at most 4 in all as the API allows (later ones are dropped). Usage maps {@code
 * input_tokens} (which excludes cached tokens), {@code output_tokens}, {@code
 * cache_creation_input_tokens} and {@code cache_read_input_tokens}. The seed is not sent: the API
 * has none. Message Batches are in {@link AnthropicBatch}.
 */
public final class AnthropicModel implements Model {
  private static final int MAX_BREAKPOINTS = 4;

  private final ModelSpec spec;
  private final HttpTransport transport;
  private final Map<String, String> headers;

  /** A model calling {@code spec}'s base URL with {@code apiKey} (empty: no key header). */
  public AnthropicModel(ModelSpec spec, Optional<String> apiKey) {
    this.spec = requireNonNull(spec, "spec is null");
    this.transport = new HttpTransport(spec, apiKey);
    Map<String, String> map = new LinkedHashMap<>();
    map.put("anthropic-version", "2023-06-01");
    apiKey.ifPresent(key -> map.put("x-api-key", key));
    this.headers = Map.copyOf(map);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Response complete(Request request) {
    HttpTransport.Answer answer =
        transport.post(
            "/v1/messages", body(spec.model(), request), headers, (status, error) -> false);
    Optional<String> requestId = answer.headers().first("request-id");
    return response(answer.body(), spec.model(), answer.latency(), requestId);
  }

  /** A Messages API message as a response; the request id falls back to the message id. */
  static Response response(
      JsonNode body, String defaultModel, Duration latency, Optional<String> requestId) {
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : body.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" ->
            calls.add(
                new ToolCall(
                    block.path("id").asText(),
                    block.path("name").asText(),
                    CanonicalRequest.write(block.path("input"))));
        default -> {
          // thinking and other blocks are not part of the answer text
        }
      }
    }
    JsonNode usage = body.get("usage");
    Optional<Usage> tokens =
        usage == null || !usage.isObject()
            ? Optional.empty()
            : Optional.of(
                new Usage(
                    usage.path("input_tokens").asLong(0),
                    usage.path("output_tokens").asLong(0),
                    usage.path("cache_creation_input_tokens").asLong(0),
                    usage.path("cache_read_input_tokens").asLong(0)));
    return new Response(
        text.toString(),
        calls,
        body.path("stop_reason").asText("unknown"),
        body.path("model").asText(defaultModel),
        tokens,
        latency,
        requestId.or(() -> Optional.ofNullable(body.get("id")).map(JsonNode::asText)),
        false);
  }

  /** The request headers: version and key. */
  Map<String, String> headers() {
    return headers;
  }

  /** The Messages API body for {@code request}. */
  static ObjectNode body(String model, Request request) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode body = f.objectNode();
    int[] breakpoints = {0};
    body.put("model", model);
    body.put("max_tokens", request.maxTokens());
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (int i = 0; i < request.tools().size(); i++) {
        Tool tool = request.tools().get(i);
        ObjectNode node =
            tools.addObject().put("name", tool.name()).put("description", tool.description());
        node.set("input_schema", CanonicalRequest.schema(tool));
        if (request.cacheSystem() && i == request.tools().size() - 1) {
          breakpoint(node, breakpoints);
        }
      }
    }
    if (!request.system().isEmpty()) {
      ObjectNode block =
          body.putArray("system").addObject().put("type", "text").put("text", request.system());
      if (request.cacheSystem()) {
        breakpoint(block, breakpoints);
      }
    }
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      ObjectNode block = f.objectNode().put("type", "text").put("text", message.content());
      if (message.cacheBreakpoint()) {
        breakpoint(block, breakpoints);
      }
      ObjectNode node = messages.addObject().put("role", message.role().wireName());
      node.putArray("content").add(block);
    }
    request.temperature().ifPresent(t -> body.put("temperature", t));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      request.stop().forEach(stop::add);
    }
    return body;
  }

  private static void breakpoint(ObjectNode node, int[] used) {
    if (used[0] < MAX_BREAKPOINTS) {
      node.putObject("cache_control").put("type", "ephemeral");
      used[0]++;
    }
  }
}
