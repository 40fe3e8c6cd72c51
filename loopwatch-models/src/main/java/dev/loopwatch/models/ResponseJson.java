package dev.loopwatch.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A response as Loopwatch's own JSON: the command provider's stdout, a replay file's {@code
 * response}, and a cached row all use it. Shape: {@code {content, stop_reason, model, usage{input,
 * output, cache_read, cache_write}, tool_calls[{id, name, arguments}], latency_ms, request_id}};
 * only {@code content} is required; a missing {@code usage} is unknown usage.
 */
public final class ResponseJson {
  private ResponseJson() {}

  /** Writes {@code response} (without the from-cache flag). */
  public static ObjectNode write(Response response) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("content", response.content());
    node.put("latency_ms", response.latency().toMillis());
    node.put("model", response.model());
    response.requestId().ifPresent(id -> node.put("request_id", id));
    node.put("stop_reason", response.stopReason());
    ArrayNode calls = node.putArray("tool_calls");
    for (ToolCall call : response.toolCalls()) {
      calls
          .addObject()
          .put("arguments", call.arguments())
          .put("id", call.id())
          .put("name", call.name());
    }
    response
        .usage()
        .ifPresent(usage ->
            node.putObject("usage")
                .put("cache_read", usage.cacheRead())
                .put("cache_write", usage.cacheCreation())
                .put("input", usage.input())
                .put("output", usage.output()));
    return node;
  }

  /**
   * Reads a response; {@code defaultModel} and {@code latency} fill what the JSON leaves out.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  public static Response read(JsonNode node, String defaultModel, Duration latency) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the response is not a JSON object");
    }
    JsonNode content = node.get("content");
    if (content == null || !content.isTextual()) {
      throw new IllegalArgumentException("'content' is missing or not a string");
    }
    Optional<Usage> usage = Optional.empty();
    JsonNode usageNode = node.get("usage");
    if (usageNode != null && usageNode.isObject()) {
      usage =
          Optional.of(
              new Usage(
                  count(usageNode, "input"),
                  count(usageNode, "output"),
                  count(usageNode, "cache_write"),
                  count(usageNode, "cache_read")));
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : node.path("tool_calls")) {
      calls.add(
          new ToolCall(
              call.path("id").asText(""),
              call.path("name").asText(""),
              call.path("arguments").asText("{}")));
    }
    return new Response(
        content.asText(),
        calls,
        node.path("stop_reason").asText("end_turn"),
        node.path("model").asText(defaultModel),
        usage,
        node.has("latency_ms") ? Duration.ofMillis(node.get("latency_ms").asLong()) : latency,
        Optional.ofNullable(node.get("request_id")).map(JsonNode::asText),
        false);
  }

  private static long count(JsonNode usage, String key) {
    JsonNode value = usage.get(key);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToLong() || value.asLong() < 0) {
      throw new IllegalArgumentException("'usage." + key + "' must be a token count");
    }
    return value.asLong();
  }
}
