package dev.loopwatch.git.evidence.gitai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** Reads the records of a git-ai metadata object, naming the field at fault in every failure. */
final class MetadataReader {
  private final int line;

  /** A reader whose failures cite {@code line}, the first line of the metadata in the note. */
  MetadataReader(int line) {
    this.line = line;
  }

  /** Receives one record of a metadata map. */
  interface RecordConsumer {
    /**
     * Takes the record {@code node} stored under {@code key}; {@code where} names it for messages.
     */
    void accept(String key, JsonNode node, String where);
  }

  /**
   * Calls {@code consumer} for each entry of the object {@code field}; a missing optional field
   * reads as empty.
   */
  void forEachRecord(JsonNode parent, String field, boolean required, RecordConsumer consumer) {
    JsonNode map = parent.get(field);
    if (map == null || map.isNull()) {
      if (required) {
        throw GitAiNote.problem(line, "metadata field '" + field + "' is missing");
      }
      return;
    }
    if (!map.isObject()) {
      throw GitAiNote.problem(line, "metadata field '" + field + "' is not an object");
    }
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      String where = field + "." + entry.getKey();
      if (!entry.getValue().isObject()) {
        throw GitAiNote.problem(line, "metadata field '" + where + "' is not an object");
      }
      consumer.accept(entry.getKey(), entry.getValue(), where);
    }
  }

  /** A session record. */
  GitAiNote.Session session(JsonNode node, String where) {
    JsonNode agent = agentId(node, where);
    return new GitAiNote.Session(
        requiredText(agent, "tool", where + ".agent_id.tool"),
        optionalText(agent, "model", where + ".agent_id.model"),
        optionalText(agent, "id", where + ".agent_id.id"),
        optionalText(node, "human_author", where + ".human_author"));
  }

  /** A legacy prompt record. */
  GitAiNote.Prompt prompt(JsonNode node, String where) {
    JsonNode agent = agentId(node, where);
    return new GitAiNote.Prompt(
        requiredText(agent, "tool", where + ".agent_id.tool"),
        optionalText(agent, "model", where + ".agent_id.model"),
        optionalText(agent, "id", where + ".agent_id.id"),
        optionalText(node, "human_author", where + ".human_author"),
        count(node, "total_additions", where),
        count(node, "total_deletions", where),
        count(node, "accepted_lines", where),
        count(node, "overriden_lines", where));
  }

  /**
   * The string {@code field} of {@code node}; missing, null or not a string is a failure naming
   * {@code where}.
   */
  String requiredText(JsonNode node, String field, String where) {
    return optionalText(node, field, where)
        .orElseThrow(() -> GitAiNote.problem(line, "metadata field '" + where + "' is missing"));
  }

  /** The string {@code field} of {@code node}, empty when missing, null or blank. */
  Optional<String> optionalText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw GitAiNote.problem(line, "metadata field '" + where + "' is not a string");
    }
    String text = value.textValue();
    return text.isBlank() ? Optional.empty() : Optional.of(text);
  }

  private JsonNode agentId(JsonNode node, String where) {
    JsonNode agent = node.get("agent_id");
    if (agent == null || agent.isNull()) {
      throw GitAiNote.problem(line, "metadata field '" + where + ".agent_id' is missing");
    }
    if (!agent.isObject()) {
      throw GitAiNote.problem(line, "metadata field '" + where + ".agent_id' is not an object");
    }
    return agent;
  }

  private long count(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw GitAiNote.problem(line, "metadata field '" + where + "." + field + "' is not a count");
    }
    return value.longValue();
  }
}
