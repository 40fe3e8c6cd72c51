package dev.loopwatch.sessions.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Lenient reads of JSON fields: a missing field or one of the wrong type reads as absent. */
public final class Json {

  private Json() {}

  /** Returns the text of {@code node.field}, or empty when it is missing or not a string. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : "";
  }

  /**
   * Returns the object {@code node.field}, or a missing node when it is absent or not an object.
   */
  public static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isObject()
        ? value
        : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Returns whether {@code node.field} is the boolean {@code true}. */
  public static boolean isTrue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isBoolean() && value.booleanValue();
  }

  /**
   * Returns {@code node.field} as a non-negative count, or 0 when it is missing, negative or not an
   * integer.
   */
  public static long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      return 0;
    }
    return Math.max(0, value.longValue());
  }

  /**
   * Returns {@code node.field} as an ISO-8601 instant, or empty when it is missing or unparsable.
   */
  public static Optional<Instant> instant(JsonNode node, String field) {
    String text = text(node, field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns a message content as text: a string as it is, or the strings and {@code text} fields of
   * an array's elements joined by newlines; anything else reads as empty.
   */
  public static String textOf(JsonNode content) {
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder text = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode block : content) {
        String part = block.isTextual() ? block.textValue() : text(block, "text");
        if (!part.isEmpty()) {
          if (!text.isEmpty()) {
            text.append('\n');
          }
          text.append(part);
        }
      }
    }
    return text.toString();
  }
}
