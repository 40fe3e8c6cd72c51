package dev.loopwatch.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON answer against a schema of the OpenAPI document: the subset the document uses
 * ({@code $ref}, {@code type} or a list of types, {@code required}, {@code properties}, {@code
 * additionalProperties}, {@code items}, {@code enum}, {@code oneOf}). Returns every mismatch with
 * its JSON path, so a contract test reports them all at once.
 */
final class SchemaCheck {
  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  /** The mismatches of {@code value} against {@code schema}; empty when it conforms. */
  List<String> check(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  private void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
    if (schema.has("$ref")) {
      String[] parts = schema.get("$ref").asText().substring(2).split("/");
      JsonNode target = document;
      for (String part : parts) {
        target = target.get(part);
      }
      check(target, value, path, problems);
      return;
    }
    if (schema.has("oneOf")) {
      int matching = 0;
      for (JsonNode option : schema.get("oneOf")) {
        if (check(option, value).isEmpty()) {
          matching++;
        }
      }
      if (matching != 1) {
        problems.add(path + ": matches " + matching + " of the oneOf schemas");
      }
      return;
    }
    if (schema.has("type")) {
      List<String> types = new ArrayList<>();
      if (schema.get("type").isArray()) {
        schema.get("type").forEach(t -> types.add(t.asText()));
      } else {
        types.add(schema.get("type").asText());
      }
      if (types.stream().noneMatch(type -> is(type, value))) {
        problems.add(path + ": expected " + types + ", found " + value.getNodeType());
        return;
      }
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode option : schema.get("enum")) {
        listed |= option.equals(value);
      }
      if (!listed) {
        problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isObject()) {
      if (schema.has("required")) {
        for (JsonNode name : schema.get("required")) {
          if (!value.has(name.asText())) {
            problems.add(path + ": missing required field " + name.asText());
          }
        }
      }
      if (schema.has("properties")) {
        for (Map.Entry<String, JsonNode> field : schema.get("properties").properties()) {
          if (value.has(field.getKey())) {
            check(
                field.getValue(), value.get(field.getKey()), path + "." + field.getKey(), problems);
          }
        }
      }
      if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          check(
              schema.get("additionalProperties"),
              field.getValue(),
              path + "." + field.getKey(),
              problems);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  private static boolean is(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> throw new IllegalArgumentException("unknown schema type " + type);
    };
  }
}
