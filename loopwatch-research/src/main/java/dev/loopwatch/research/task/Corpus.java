package dev.loopwatch.research.task;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages of a dataset, in archive path order, read from a verified tarball.
 *
 * @param messages the messages; {@code messages.get(i).index() == i}
 */
public record Corpus(List<Message> messages) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Checks the fields. */
  public Corpus {
    messages = List.copyOf(requireNonNull(messages, "messages is null"));
  }

  /** Fetches (or finds in the cache) and reads the dataset of {@code spec}. */
  public static Corpus load(DatasetSpec spec) {
    return read(DatasetCache.fetch(spec), spec);
  }

  /**
   * Reads {@code tarball} (already verified) as {@code spec} describes: each {@code
   * package/data/<group>/*.json} record {@code {id, group, checksum, text}}, body after the first
   * blank line.
   */
  public static Corpus read(Path tarball, DatasetSpec spec) {
    if (!spec.format().equals(DatasetSpec.STDLIB_SPAM_JSON)) {
      throw LoopwatchException.userInput(
          "dataset format '" + spec.format() + "' is unknown (known: stdlib-spam-json)");
    }
    Map<String, byte[]> records = new TreeMap<>();
    try (InputStream in = Files.newInputStream(tarball)) {
      TarGz.read(
          in,
          (path, bytes) -> {
            if (path.matches("package/data/[^/]+/[^/]+\\.json")) {
              records.put(path, bytes);
            }
          });
    } catch (IOException e) {
      throw LoopwatchException.external(
          tarball + ": cannot read the dataset: " + e.getMessage(), e);
    }
    List<Message> messages = new ArrayList<>(records.size());
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      messages.add(message(messages.size(), record.getKey(), record.getValue(), spec, tarball));
    }
    if (messages.size() != spec.messages()) {
      throw LoopwatchException.userInput(
          tarball
              + ": holds "
              + messages.size()
              + " messages, the task spec says "
              + spec.messages());
    }
    return new Corpus(messages);
  }

  private static Message message(
      int index, String path, byte[] bytes, DatasetSpec spec, Path tarball) {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw LoopwatchException.userInput(tarball + ": " + path + " is not JSON: " + e.getMessage());
    }
    JsonNode id = node.get("id");
    JsonNode group = node.get("group");
    JsonNode text = node.get("text");
    if (id == null
        || !id.isTextual()
        || group == null
        || !group.isTextual()
        || text == null
        || !text.isTextual()) {
      throw LoopwatchException.userInput(
          tarball + ": " + path + " lacks a string 'id', 'group' or 'text'");
    }
    String label = group.asText();
    return new Message(
        index,
        id.asText(),
        label,
        body(text.asText(), spec.bodyMaxChars()),
        label.startsWith(spec.positiveGroupPrefix()) ? 1 : 0);
  }

  /**
   * The text after the first blank line (empty if there is none), cut to {@code max} code points.
   */
  static String body(String text, int max) {
    int blank = text.indexOf("\n\n");
    String body = blank < 0 ? "" : text.substring(blank + 2);
    if (body.codePointCount(0, body.length()) <= max) {
      return body;
    }
    return body.substring(0, body.offsetByCodePoints(0, max));
  }

  /** The labels, by message index. */
  public int[] labels() {
    return messages.stream().mapToInt(Message::label).toArray();
  }

  /** How many messages there are. */
  public int size() {
    return messages.size();
  }
}
