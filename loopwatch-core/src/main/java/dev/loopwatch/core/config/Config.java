package dev.loopwatch.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code loopwatch.toml} configuration: the user's ({@code
 * ~/.loopwatch/loopwatch.toml}) overlaid by the repository's ({@code <repo>/loopwatch.toml}), table
 * by table. Capabilities read their own section and check its keys. All keys are documented in
 * docs/CONFIG.md.
 */
public final class Config {
  /** The file name looked for in a repository root and in {@code ~/.loopwatch}. */
  public static final String FILE_NAME = "loopwatch.toml";

  private static final TomlMapper MAPPER = new TomlMapper();

  private final ObjectNode root;
  private final List<Path> sources;

  private Config(ObjectNode root, List<Path> sources) {
    this.root = root;
    this.sources = List.copyOf(sources);
  }

  /** A configuration with no keys set. */
  public static Config empty() {
    return new Config(JsonNodeFactory.instance.objectNode(), List.of());
  }

  /** The user's file overlaid by the one in {@code repositoryRoot}, each only if present. */
  public static Config load(Path userHome, Path repositoryRoot) {
    List<Path> files = new ArrayList<>();
    files.add(userHome.resolve(".loopwatch").resolve(FILE_NAME));
    files.add(repositoryRoot.resolve(FILE_NAME));
    return loadFiles(files.stream().filter(Files::isRegularFile).toList());
  }

  /** The given files, later ones overriding earlier ones. */
  public static Config loadFiles(List<Path> files) {
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    for (Path file : files) {
      merge(merged, parse(file));
    }
    return new Config(merged, files);
  }

  /** Parses one TOML file, failing with the file and the parser's line and column. */
  public static ObjectNode parse(Path file) {
    try {
      JsonNode node = MAPPER.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        return JsonNodeFactory.instance.objectNode();
      }
      return (ObjectNode) node;
    } catch (JacksonException e) {
      var location = e.getLocation();
      String where =
          location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr();
      throw LoopwatchException.userInput(
          file + where + ": invalid TOML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    for (Map.Entry<String, JsonNode> field : from.properties()) {
      JsonNode existing = into.get(field.getKey());
      if (existing instanceof ObjectNode existingObject
          && field.getValue() instanceof ObjectNode value) {
        merge(existingObject, value);
      } else {
        into.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  /** The table {@code name}, or an empty table. */
  public ConfigSection section(String name) {
    requireNonNull(name, "name is null");
    JsonNode node = root.get(name);
    String where = sources.isEmpty() ? FILE_NAME : sources.getLast().toString();
    if (node == null) {
      return new ConfigSection(name, JsonNodeFactory.instance.objectNode(), where);
    }
    if (!node.isObject()) {
      throw LoopwatchException.userInput(where + ": '" + name + "' must be a table");
    }
    return new ConfigSection(name, (ObjectNode) node, where);
  }

  /** The files this configuration was read from, in order. */
  public List<Path> sources() {
    return sources;
  }
}
