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
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Tool;
import dev.loopwatch.models.ToolCall;
import dev.loopwatch.models.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI Chat Completions ({@code POST {base-url}/chat/completions}, bearer key) and the servers
 * that speak it: vLLM, Ollama ({@code http://localhost:11434/v1}), llama.cpp server, OpenRouter.
 * The limit is sent as {@code max_completion_tokens} to api.openai.com (reasoning models reject
 * {@code max_tokens}) and as {@code max_tokens} elsewhere (what compatible servers read). Usage:
 * {@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens}, so fresh input is the
 * difference; an answer without {@code usage} has unknown usage, not 0. A 429 whose error is {@code
 * insufficient_quota} is final; other 429s are retried.
 */
public final class OpenAiModel implements Model {
  private final ModelSpec spec;
  private final HttpTransport transport;
  private final Map<String, String> headers;

  /** A model calling {@code spec}'s base URL with {@code apiKey} (empty: no key header). */
  public OpenAiModel(ModelSpec spec, Optional<String> apiKey) {
    this.spec = requireNonNull(spec, "spec is null");
    this.transport = new HttpTransport(spec, apiKey);
    this.headers = apiKey.map(key -> Map.of("authorization", "Bearer " + key)).orElse(Map.of());
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Response complete(Request request) {
    HttpTransport.Answer answer =
        transport.post(
            "/chat/completions",
            body(spec, request),
            headers,
            (status, error) ->
                status == 429
                    && error != null
                    && ("insufficient_quota".equals(error.path("code").asText())
                        || "insufficient_quota".equals(error.path("type").asText())));
    JsonNode body = answer.body();
    JsonNode choice = body.path("choices").path(0);
    JsonNode message = choice.path("message");
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      calls.add(
          new ToolCall(
              call.path("id").asText(),
              call.path("function").path("name").asText(),
              call.path("function").path("arguments").asText("{}")));
    }
    JsonNode usage = body.get("usage");
    Optional<Usage> tokens = Optional.empty();
    if (usage != null && usage.isObject() && usage.has("prompt_tokens")) {
      long prompt = usage.path("prompt_tokens").asLong(0);
      long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
      tokens =
          Optional.of(
              new Usage(
                  Math.max(0, prompt - cached),
                  usage.path("completion_tokens").asLong(0),
                  0,
                  cached));
    }
    Optional<String> requestId =
        Optional.ofNullable(body.get("id"))
            .map(JsonNode::asText)
            .or(() -> answer.headers().first("x-request-id"));
    return new Response(
        message.path("content").asText(""),
        calls,
        choice.path("finish_reason").asText("unknown"),
        body.path("model").asText(spec.model()),
        tokens,
        answer.latency(),
        requestId,
        false);
  }

  /** The Chat Completions body for {@code request}. */
  static ObjectNode body(ModelSpec spec, Request request) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode body = f.objectNode();
    body.put("model", spec.model());
    ArrayNode messages = body.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (Message message : request.messages()) {
      messages.addObject().put("role", message.role().wireName()).put("content", message.content());
    }
    boolean official = spec.baseUrl().startsWith(ModelsConfig.OPENAI_URL);
    body.put(official ? "max_completion_tokens" : "max_tokens", request.maxTokens());
    request.temperature().ifPresent(t -> body.put("temperature", t));
    request.seed().ifPresent(seed -> body.put("seed", seed));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (Tool tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name()).put("description", tool.description());
        function.set("parameters", CanonicalRequest.schema(tool));
      }
    }
    return body;
  }
}
