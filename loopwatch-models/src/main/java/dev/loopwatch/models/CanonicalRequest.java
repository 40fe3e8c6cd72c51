package dev.loopwatch.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical JSON of a request and the hashes built on it. Keys are written sorted and tool
 * schemas re-serialized sorted, so equal requests give equal bytes. The request hash covers the
 * system prompt, messages (role and text, without cache breakpoints), tools and the generation
 * config (temperature, max tokens, stop, seed); the cache key adds the provider, base URL and
 * model, as Inspect's cache key does (inspect_ai {@code model/_cache.py}), with SHA-256 for MD5.
 * Neither ever contains an API key: the spec holds only the variable's name, and it is left out.
 */
public final class CanonicalRequest {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

  private CanonicalRequest() {}

  /** The shared JSON mapper of the models module (sorted properties on write). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The request as canonical JSON: the shape the command provider reads on stdin. */
  public static ObjectNode json(Request request) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("max_tokens", request.maxTokens());
    ArrayNode messages = node.putArray("messages");
    for (Message message : request.messages()) {
      messages.addObject().put("content", message.content()).put("role", message.role().wireName());
    }
    if (request.seed().isPresent()) {
      node.put("seed", request.seed().getAsLong());
    }
    ArrayNode stop = node.putArray("stop");
    request.stop().forEach(stop::add);
    node.put("system", request.system());
    if (request.temperature().isPresent()) {
      node.put("temperature", request.temperature().getAsDouble());
    }
    ArrayNode tools = node.putArray("tools");
    for (Tool tool : request.tools()) {
      tools
          .addObject()
          .put("description", tool.description())
          .put("name", tool.name())
          .set("input_schema", schema(tool));
    }
    return node;
  }

  /** The SHA-256 (hex) of the request's canonical JSON: the key of replay files. */
  public static String hash(Request request) {
    return sha256(write(json(request)));
  }

  /** The SHA-256 (hex) of the provider, base URL, model and request: the response cache key. */
  public static String cacheKey(ModelSpec spec, Request request) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("base_url", spec.baseUrl());
    node.put("model", spec.model());
    node.put("provider", spec.provider().configName());
    node.set("request", json(request));
    return sha256(write(node));
  }

  /** Writes {@code node} as compact JSON with sorted keys. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Parses a tool's schema; a schema that is not JSON is a programming error. */
  public static JsonNode schema(Tool tool) {
    try {
      return MAPPER.readTree(tool.inputSchema());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "tool '" + tool.name() + "' has an input schema that is not JSON", e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
