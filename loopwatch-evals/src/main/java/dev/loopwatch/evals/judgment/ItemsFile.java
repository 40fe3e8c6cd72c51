package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes judgment items as JSON Lines, one item per line, in the schema of
 * docs/JUDGMENT.md. The reader checks every field and names the file, line and field at fault; it
 * rejects unknown fields, so a misspelt optional field is an error rather than silently absent.
 */
public final class ItemsFile {
  /** The schema version written in every item and the only one read. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ITEM_FIELDS =
      Set.of(
          "version",
          "id",
          "session_id",
          "source_agent",
          "at",
          "triggers",
          "context",
          "human_next_step",
          "outcome",
          "labels");
  private static final Set<String> CONTEXT_FIELDS =
      Set.of("steps", "tokens", "dropped_steps", "dropped_tokens");
  private static final Set<String> OUTCOME_FIELDS =
      Set.of(
          "steps",
          "tokens",
          "dropped_steps",
          "dropped_tokens",
          "task_outcome",
          "task_evidence",
          "summary");
  private static final Set<String> STEP_FIELDS = Set.of("role", "at", "text");
  private static final Set<String> TRIGGER_FIELDS = Set.of("kind", "tier", "evidence");
  private static final Set<String> LABEL_FIELDS = Set.of("candidate", "preferred", "rater");

  private ItemsFile() {}

  /** Writes items to a file as they come, one line each. */
  public static final class Writer implements Closeable {
    private final Path file;
    private final BufferedWriter out;

    private Writer(Path file, BufferedWriter out) {
      this.file = file;
      this.out = out;
    }

    /** Writes one item as one line. */
    public void write(Item item) {
      try {
        out.write(line(item));
        out.write('\n');
      } catch (IOException e) {
        throw LoopwatchException.external("cannot write " + file, e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw LoopwatchException.external("cannot write " + file, e);
      }
    }
  }

  /** Opens {@code file} for writing, replacing it. */
  public static Writer writer(Path file) {
    requireNonNull(file, "file is null");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new Writer(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + file, e);
    }
  }

  /** Writes {@code items} to {@code file}, replacing it. */
  public static void write(Path file, List<Item> items) {
    try (Writer writer = writer(file)) {
      items.forEach(writer::write);
    }
  }

  /** Returns the JSON line of {@code item}, without the newline. */
  public static String line(Item item) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.put("id", item.id());
    node.put("session_id", item.sessionId());
    node.put("source_agent", item.sourceAgent());
    item.at().ifPresent(at -> node.put("at", at.toString()));
    if (!item.triggers().isEmpty()) {
      ArrayNode triggers = node.putArray("triggers");
      for (Trigger trigger : item.triggers()) {
        ObjectNode one = triggers.addObject();
        one.put("kind", trigger.kind());
        one.put("tier", trigger.tier());
        one.put("evidence", trigger.evidence());
      }
    }
    ObjectNode context = node.putObject("context");
    steps(context.putArray("steps"), item.context().steps());
    context.put("tokens", item.context().tokens());
    context.put("dropped_steps", item.context().droppedSteps());
    context.put("dropped_tokens", item.context().droppedTokens());
    node.put("human_next_step", item.humanNextStep());
    ObjectNode outcome = node.putObject("outcome");
    steps(outcome.putArray("steps"), item.outcome().steps());
    outcome.put("tokens", item.outcome().tokens());
    outcome.put("dropped_steps", item.outcome().droppedSteps());
    outcome.put("dropped_tokens", item.outcome().droppedTokens());
    item.outcome().taskOutcome().ifPresent(value -> outcome.put("task_outcome", value));
    item.outcome().taskEvidence().ifPresent(value -> outcome.put("task_evidence", value));
    item.outcome().summary().ifPresent(value -> outcome.put("summary", value));
    if (!item.labels().isEmpty()) {
      ArrayNode labels = node.putArray("labels");
      for (Item.Label label : item.labels()) {
        ObjectNode one = labels.addObject();
        one.put("candidate", label.candidate());
        one.put("preferred", label.preferred().id());
        label.rater().ifPresent(rater -> one.put("rater", rater));
      }
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void steps(ArrayNode array, List<Step> steps) {
    for (Step step : steps) {
      ObjectNode one = array.addObject();
      one.put("role", step.role().id());
      step.at().ifPresent(at -> one.put("at", at.toString()));
      one.put("text", step.text());
    }
  }

  /**
   * Reads every item of {@code file}; blank lines are skipped.
   *
   * @throws LoopwatchException (user input) naming {@code file:line} and the field at fault, for a
   *     missing or unreadable file, a line that is not JSON, a missing, mistyped or unknown field,
   *     a duplicate id, or a file without items
   */
  public static List<Item> read(Path file) {
    requireNonNull(file, "file is null");
    if (!Files.isRegularFile(file)) {
      throw LoopwatchException.userInput("no such items file: " + file);
    }
    List<Item> items = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        Item item = parse(file, number, text);
        Integer earlier = firstLine.putIfAbsent(item.id(), number);
        if (earlier != null) {
          throw error(
              file, number, "duplicate id " + item.id() + " (first on line " + earlier + ")");
        }
        items.add(item);
      }
    } catch (IOException | UncheckedIOException e) {
      throw LoopwatchException.userInput("cannot read items file " + file + ": " + e.getMessage());
    }
    if (items.isEmpty()) {
      throw LoopwatchException.userInput(file + ": no items");
    }
    return List.copyOf(items);
  }

  /** Parses one line; {@code file} and {@code number} name it in errors. */
  static Item parse(Path file, int number, String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw error(file, number, "not JSON: " + e.getOriginalMessage());
    }
    Fields fields = new Fields(file, number);
    if (node == null || !node.isObject()) {
      throw error(file, number, "an item must be a JSON object");
    }
    fields.known(node, "", ITEM_FIELDS);
    if (node.has("version")
        && (!node.get("version").isInt() || node.get("version").intValue() != VERSION)) {
      throw error(
          file,
          number,
          "field version: only version " + VERSION + " is known, got " + node.get("version"));
    }
    List<Trigger> triggers = new ArrayList<>();
    JsonNode triggerArray = fields.optionalArray(node, "triggers");
    for (int i = 0; i < triggerArray.size(); i++) {
      String at = "triggers[" + i + "]";
      JsonNode one = fields.object(triggerArray.get(i), at);
      fields.known(one, at + ".", TRIGGER_FIELDS);
      int tier = (int) fields.count(one, at + ".tier", "tier", 1);
      if (tier < 1 || tier > 3) {
        throw error(file, number, "field " + at + ".tier: must be 1 to 3, got " + tier);
      }
      triggers.add(
          new Trigger(
              fields.text(one, at + ".kind", "kind"),
              tier,
              fields.optionalText(one, at + ".evidence", "evidence").orElse("")));
    }
    JsonNode contextNode = fields.object(node.get("context"), "context");
    fields.known(contextNode, "context.", CONTEXT_FIELDS);
    List<Step> contextSteps = fields.steps(contextNode, "context.steps", true);
    Item.Context context =
        new Item.Context(
            contextSteps,
            fields
                .optionalCount(contextNode, "context.tokens", "tokens")
                .orElse(Tokens.of(contextSteps)),
            fields
                .optionalCount(contextNode, "context.dropped_steps", "dropped_steps")
                .orElse(0L)
                .intValue(),
            fields
                .optionalCount(contextNode, "context.dropped_tokens", "dropped_tokens")
                .orElse(0L));
    JsonNode outcomeNode = fields.object(node.get("outcome"), "outcome");
    fields.known(outcomeNode, "outcome.", OUTCOME_FIELDS);
    List<Step> outcomeSteps = fields.steps(outcomeNode, "outcome.steps", false);
    Optional<String> summary = fields.optionalText(outcomeNode, "outcome.summary", "summary");
    Optional<String> taskOutcome =
        fields.optionalText(outcomeNode, "outcome.task_outcome", "task_outcome");
    if (outcomeSteps.isEmpty() && summary.isEmpty() && taskOutcome.isEmpty()) {
      throw error(
          file, number, "field outcome: needs steps, a summary or a task_outcome, found none");
    }
    Item.Outcome outcome =
        new Item.Outcome(
            outcomeSteps,
            fields
                .optionalCount(outcomeNode, "outcome.tokens", "tokens")
                .orElse(Tokens.of(outcomeSteps)),
            fields
                .optionalCount(outcomeNode, "outcome.dropped_steps", "dropped_steps")
                .orElse(0L)
                .intValue(),
            fields
                .optionalCount(outcomeNode, "outcome.dropped_tokens", "dropped_tokens")
                .orElse(0L),
            taskOutcome,
            fields.optionalText(outcomeNode, "outcome.task_evidence", "task_evidence"),
            summary);
    List<Item.Label> labels = new ArrayList<>();
    JsonNode labelArray = fields.optionalArray(node, "labels");
    for (int i = 0; i < labelArray.size(); i++) {
      String at = "labels[" + i + "]";
      JsonNode one = fields.object(labelArray.get(i), at);
      fields.known(one, at + ".", LABEL_FIELDS);
      String preferred = fields.text(one, at + ".preferred", "preferred");
      labels.add(
          new Item.Label(
              fields.text(one, at + ".candidate", "candidate"),
              Verdict.of(preferred)
                  .orElseThrow(() ->
                      error(
                          file,
                          number,
                          "field "
                              + at
                              + ".preferred: must be candidate, human or tie, got "
                              + preferred)),
              fields.optionalText(one, at + ".rater", "rater")));
    }
    return new Item(
        fields.text(node, "id", "id"),
        fields.text(node, "session_id", "session_id"),
        fields.text(node, "source_agent", "source_agent"),
        fields.optionalInstant(node, "at", "at"),
        triggers,
        context,
        fields.text(node, "human_next_step", "human_next_step"),
        outcome,
        labels);
  }

  private static LoopwatchException error(Path file, int number, String message) {
    return LoopwatchException.userInput(file + ":" + number + ": " + message);
  }

  /** Typed field access that names the line and field path in errors. */
  private record Fields(Path file, int number) {

    void known(JsonNode node, String prefix, Set<String> allowed) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!allowed.contains(name)) {
          throw error(file, number, "unknown field " + prefix + name);
        }
      }
    }

    JsonNode object(JsonNode node, String path) {
      if (node == null || node.isNull()) {
        throw error(file, number, "missing field " + path);
      }
      if (!node.isObject()) {
        throw error(file, number, "field " + path + ": must be an object");
      }
      return node;
    }

    String text(JsonNode parent, String path, String name) {
      JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        throw error(file, number, "missing field " + path);
      }
      if (!node.isTextual()) {
        throw error(file, number, "field " + path + ": must be a string");
      }
      if (node.textValue().isBlank()) {
        throw error(file, number, "field " + path + ": must not be blank");
      }
      return node.textValue();
    }

    Optional<String> optionalText(JsonNode parent, String path, String name) {
      JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (!node.isTextual()) {
        throw error(file, number, "field " + path + ": must be a string");
      }
      return Optional.of(node.textValue());
    }

    Optional<Instant> optionalInstant(JsonNode parent, String path, String name) {
      Optional<String> text = optionalText(parent, path, name);
      try {
        return text.map(Instant::parse);
      } catch (DateTimeParseException e) {
        throw error(
            file, number, "field " + path + ": not an ISO-8601 instant: " + text.orElseThrow());
      }
    }

    long count(JsonNode parent, String path, String name, long min) {
      JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        throw error(file, number, "missing field " + path);
      }
      if (!node.canConvertToLong() || !node.isIntegralNumber() || node.longValue() < min) {
        throw error(file, number, "field " + path + ": must be an integer of at least " + min);
      }
      return node.longValue();
    }

    Optional<Long> optionalCount(JsonNode parent, String path, String name) {
      JsonNode node = parent.get(name);
      return node == null || node.isNull()
          ? Optional.empty()
          : Optional.of(count(parent, path, name, 0));
    }

    JsonNode optionalArray(JsonNode parent, String name) {
      JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        return MAPPER.createArrayNode();
      }
      if (!node.isArray()) {
        throw error(file, number, "field " + name + ": must be an array");
      }
      return node;
    }

    List<Step> steps(JsonNode parent, String path, boolean required) {
      JsonNode array = parent.get("steps");
      if (array == null || array.isNull()) {
        if (required) {
          throw error(file, number, "missing field " + path);
        }
        return List.of();
      }
      if (!array.isArray()) {
        throw error(file, number, "field " + path + ": must be an array");
      }
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        String at = path + "[" + i + "]";
        JsonNode one = object(array.get(i), at);
        known(one, at + ".", STEP_FIELDS);
        String role = text(one, at + ".role", "role");
        JsonNode textNode = one.get("text");
        if (textNode == null || !textNode.isTextual()) {
          throw error(file, number, "field " + at + ".text: must be a string");
        }
        steps.add(
            new Step(
                Step.Role.of(role)
                    .orElseThrow(() ->
                        error(
                            file,
                            number,
                            "field "
                                + at
                                + ".role: must be user, assistant, tool_call, tool_result,"
                                + " interrupt or note, got "
                                + role)),
                optionalInstant(one, at + ".at", "at"),
                textNode.textValue()));
      }
      return steps;
    }
  }
}
