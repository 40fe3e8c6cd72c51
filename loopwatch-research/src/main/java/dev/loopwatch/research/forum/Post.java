package dev.loopwatch.research.forum;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One accepted forum post.
 *
 * @param sequence its number in the run, from 1, in acceptance order
 * @param at when the forum accepted it
 * @param agent the agent that posted it (proven by its token)
 * @param kind its kind
 * @param title a one-line title
 * @param body Markdown
 * @param metrics named numbers (sorted by name)
 * @param config the configuration it used (any JSON object; copied)
 * @param seeds the seeds the numbers come from
 * @param snapshot the code store commit it pins, if any
 */
public record Post(
    long sequence,
    Instant at,
    String agent,
    PostKind kind,
    String title,
    String body,
    SortedMap<String, Double> metrics,
    ObjectNode config,
    List<Long> seeds,
    Optional<String> snapshot) {
  public Post {
    requireNonNull(at, "at is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(title, "title is null");
    requireNonNull(body, "body is null");
    metrics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
    config = requireNonNull(config, "config is null").deepCopy();
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
    requireNonNull(snapshot, "snapshot is null");
  }

  /** The post as the JSON object the forum serves and appends to its log. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("sequence", sequence);
    node.put("at", at.toString());
    node.put("agent", agent);
    node.put("kind", kind.wire());
    node.put("title", title);
    node.put("body", body);
    ObjectNode numbers = node.putObject("metrics");
    metrics.forEach(numbers::put);
    node.set("config", config.deepCopy());
    var list = node.putArray("seeds");
    seeds.forEach(list::add);
    if (snapshot.isPresent()) {
      node.put("snapshot", snapshot.get());
    } else {
      node.putNull("snapshot");
    }
    return node;
  }

  /** Reads a post the forum wrote with {@link #toJson()}. */
  public static Post fromJson(JsonNode node) {
    SortedMap<String, Double> metrics = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : node.path("metrics").properties()) {
      metrics.put(entry.getKey(), entry.getValue().asDouble());
    }
    List<Long> seeds = new java.util.ArrayList<>();
    node.path("seeds").forEach(seed -> seeds.add(seed.asLong()));
    JsonNode snapshot = node.path("snapshot");
    return new Post(
        node.path("sequence").asLong(),
        Instant.parse(node.path("at").asText()),
        node.path("agent").asText(),
        PostKind.parse(node.path("kind").asText()).orElse(PostKind.INSIGHT),
        node.path("title").asText(),
        node.path("body").asText(),
        metrics,
        node.path("config") instanceof ObjectNode object
            ? object
            : JsonNodeFactory.instance.objectNode(),
        seeds,
        snapshot.isTextual() ? Optional.of(snapshot.asText()) : Optional.empty());
  }
}
