package dev.loopwatch.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One table of the configuration, with typed reads that name the key at fault. */
public final class ConfigSection {
  private final String path;
  private final ObjectNode node;
  private final String file;

  ConfigSection(String path, ObjectNode node, String file) {
    this.path = requireNonNull(path, "path is null");
    this.node = requireNonNull(node, "node is null");
    this.file = requireNonNull(file, "file is null");
  }

  /** A section built from a node, for tests and nested tables. */
  public static ConfigSection of(String path, ObjectNode node, String file) {
    return new ConfigSection(path, node, file);
  }

  /** Fails on any key not in {@code known}, naming it, so typos are not silently ignored. */
  public void requireKnownKeys(Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw LoopwatchException.userInput(
            file
                + ": unknown key '"
                + path
                + "."
                + name
                + "' (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  /** A nested table, or an empty one. */
  public ConfigSection section(String name) {
    JsonNode child = node.get(name);
    if (child == null) {
      return new ConfigSection(path + "." + name, JsonNodeFactory.instance.objectNode(), file);
    }
    if (!child.isObject()) {
      throw fault(name, "must be a table");
    }
    return new ConfigSection(path + "." + name, (ObjectNode) child, file);
  }

  /** A string value. */
  public Optional<String> string(String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw fault(key, "must be a string");
    }
    return Optional.of(value.asText());
  }

  /**
   * The boolean at {@code key}, if present; a fault when it is not {@code true} or {@code false}.
   */
  public Optional<Boolean> bool(String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw fault(key, "must be true or false");
    }
    return Optional.of(value.asBoolean());
  }

  /** A number value. */
  public Optional<Double> number(String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw fault(key, "must be a number");
    }
    return Optional.of(value.asDouble());
  }

  /** A list of strings, empty if absent. */
  public List<String> strings(String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw fault(key, "must be a list of strings");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw fault(key, "must be a list of strings");
      }
      result.add(element.asText());
    }
    return List.copyOf(result);
  }

  /** A table whose values are lists of strings (e.g. team to path prefixes), in file order. */
  public Map<String, List<String>> stringLists(String key) {
    ConfigSection table = section(key);
    Map<String, List<String>> result = new LinkedHashMap<>();
    Iterator<String> names = table.node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      result.put(name, table.strings(name));
    }
    return result;
  }

  /** A list of tables (TOML {@code [[key]]}), empty if absent. */
  public List<ConfigSection> tables(String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw fault(key, "must be a list of tables ([[" + path + "." + key + "]])");
    }
    List<ConfigSection> result = new ArrayList<>();
    int index = 0;
    for (JsonNode element : value) {
      if (!element.isObject()) {
        throw fault(key, "must be a list of tables");
      }
      result.add(
          new ConfigSection(path + "." + key + "[" + index++ + "]", (ObjectNode) element, file));
    }
    return List.copyOf(result);
  }

  /** The keys of this table, in file order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return List.copyOf(keys);
  }

  /** The file this section was read from, for messages. */
  public String file() {
    return file;
  }

  /** Whether the table has no keys. */
  public boolean isEmpty() {
    return node.isEmpty();
  }

  /** An error naming the file and key. */
  public LoopwatchException fault(String key, String problem) {
    return LoopwatchException.userInput(file + ": '" + path + "." + key + "' " + problem);
  }
}
