package dev.loopwatch.retro.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.retro.review.Finding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a model's answer strictly: one JSON object with exactly the keys the prompt asks for (one
 * surrounding Markdown code fence is tolerated, nothing else). Anything else is an error naming the
 * field at fault, so an unreadable answer is a reviewer or judge error, never "no findings".
 */
final class ModelAnswers {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> SEVERITIES = Set.of("error", "warning", "info");
  private static final Set<String> FINDING_KEYS =
      Set.of("file", "line", "end_line", "severity", "message");

  private ModelAnswers() {}

  /** A read answer: its value, or why it could not be read. */
  sealed interface Read<T> {
    /** The answer's value. */
    record Value<T>(T value) implements Read<T> {
      public Value {
        requireNonNull(value, "value is null");
      }
    }

    /** Why the answer could not be read (one line). */
    record Error<T>(String reason) implements Read<T> {
      public Error {
        requireNonNull(reason, "reason is null");
      }
    }
  }

  /** A judge's score 0 to 3 and its reason. */
  record Score(int score, String reason) {
    Score {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * Reads a reviewer answer {@code {"findings": [...]}}; a file named with the diff's {@code b/}
   * prefix is taken as the changed file it names.
   */
  static Read<List<Finding>> findings(String content, Set<String> changedFiles) {
    Read<JsonNode> root = object(content);
    if (root instanceof Read.Error<JsonNode> error) {
      return new Read.Error<>(error.reason());
    }
    JsonNode node = ((Read.Value<JsonNode>) root).value();
    String unknown = unknownKey(node, Set.of("findings"));
    if (unknown != null) {
      return new Read.Error<>("answer has an unknown key '" + unknown + "'");
    }
    JsonNode findings = node.get("findings");
    if (findings == null || !findings.isArray()) {
      return new Read.Error<>("answer's findings is missing or not an array");
    }
    List<Finding> result = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      String at = "findings[" + i + "]";
      JsonNode item = findings.get(i);
      if (!item.isObject()) {
        return new Read.Error<>(at + " is not an object");
      }
      String key = unknownKey(item, FINDING_KEYS);
      if (key != null) {
        return new Read.Error<>(at + " has an unknown key '" + key + "'");
      }
      JsonNode file = item.get("file");
      if (file == null || !file.isTextual() || file.asText().isBlank()) {
        return new Read.Error<>(at + ".file is missing or not a string");
      }
      JsonNode line = item.get("line");
      if (line == null
          || !line.isIntegralNumber()
          || !line.canConvertToInt()
          || line.intValue() < 1) {
        return new Read.Error<>(at + ".line is missing or not a positive integer");
      }
      int end = line.intValue();
      JsonNode endLine = item.get("end_line");
      if (endLine != null && !endLine.isNull()) {
        if (!endLine.isIntegralNumber()
            || !endLine.canConvertToInt()
            || endLine.intValue() < line.intValue()) {
          return new Read.Error<>(at + ".end_line is not an integer at least line");
        }
        end = endLine.intValue();
      }
      JsonNode severity = item.get("severity");
      if (severity == null || !severity.isTextual() || !SEVERITIES.contains(severity.asText())) {
        return new Read.Error<>(at + ".severity is missing or not error, warning or info");
      }
      JsonNode message = item.get("message");
      if (message == null || !message.isTextual() || message.asText().isBlank()) {
        return new Read.Error<>(at + ".message is missing or not a string");
      }
      result.add(
          new Finding(
              path(file.asText(), changedFiles),
              line.intValue(),
              end,
              message.asText(),
              severity.asText()));
    }
    return new Read.Value<>(List.copyOf(result));
  }

  /** Reads a judge answer {@code {"score": 0..3, "reason": "..."}}. */
  static Read<Score> score(String content) {
    Read<JsonNode> root = object(content);
    if (root instanceof Read.Error<JsonNode> error) {
      return new Read.Error<>(error.reason());
    }
    JsonNode node = ((Read.Value<JsonNode>) root).value();
    String unknown = unknownKey(node, Set.of("score", "reason"));
    if (unknown != null) {
      return new Read.Error<>("answer has an unknown key '" + unknown + "'");
    }
    JsonNode score = node.get("score");
    if (score == null
        || !score.isIntegralNumber()
        || !score.canConvertToInt()
        || score.intValue() < 0
        || score.intValue() > 3) {
      return new Read.Error<>("answer's score is missing or not an integer 0 to 3");
    }
    JsonNode reason = node.get("reason");
    if (reason == null || !reason.isTextual()) {
      return new Read.Error<>("answer's reason is missing or not a string");
    }
    return new Read.Value<>(new Score(score.intValue(), reason.asText()));
  }

  private static Read<JsonNode> object(String content) {
    String text = unfence(content.strip());
    if (text.isEmpty()) {
      return new Read.Error<>("answer is empty (expected a JSON object)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return new Read.Error<>("answer is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      return new Read.Error<>("answer is not a JSON object");
    }
    return new Read.Value<>(root);
  }

  /** The text inside one surrounding {@code ```} or {@code ```json} fence, else the text. */
  private static String unfence(String text) {
    if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) {
      return text;
    }
    int newline = text.indexOf('\n');
    if (newline < 0) {
      return text;
    }
    return text.substring(newline + 1, text.length() - 3).strip();
  }

  private static String unknownKey(JsonNode node, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** A repository path: {@code ./} removed, and the diff's {@code b/} when that names a change. */
  private static String path(String file, Set<String> changedFiles) {
    String path = file.strip();
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    if (path.startsWith("b/")
        && !changedFiles.contains(path)
        && changedFiles.contains(path.substring(2))) {
      path = path.substring(2);
    }
    return path;
  }

  private static String firstLine(String text) {
    String strip = text == null ? "" : text.strip();
    int newline = strip.indexOf('\n');
    return newline < 0 ? strip : strip.substring(0, newline);
  }
}
