package dev.loopwatch.sessions.gemini;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Malformed;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Usage;
import dev.loopwatch.sessions.io.Json;
import dev.loopwatch.sessions.io.JsonLines;
import dev.loopwatch.sessions.io.TranscriptFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads Gemini CLI chat recordings ({@code session-*.json} and {@code session-*.jsonl} anywhere
 * below a folder such as {@code ~/.gemini/tmp}) into sessions, one per file.
 *
 * <p>The older {@code .json} form is one document {@code {sessionId, projectHash, startTime,
 * lastUpdated, messages[]}}; it is streamed with Jackson's {@link JsonParser}, one message at a
 * time, and a parse error stops the file (reported with its line) keeping the messages before it.
 * The newer {@code .jsonl} form is an append-only log: a metadata line, message records (a message
 * is written again in full whenever its tool calls, results or tokens change, so the last copy of
 * an id wins and keeps its first position), {@code {"$set": {...}}} metadata updates (whose {@code
 * messages}, when present, are upserted the same way; nothing is deleted, so a compression does not
 * erase the record of work done) and {@code {"$rewindTo": "<id>"}}, which drops that message and
 * all later ones from the live conversation. A rewind is kept as an {@link Event.Meta} of kind
 * {@code rewind} (a tier-2 correction); the dropped messages stay counted, since their tool calls
 * ran and their tokens were spent, and a message id written again after the rewind starts a new
 * message.
 *
 * <p>Messages are {@code {id, timestamp, type, content, toolCalls[{id, name, args, status, result,
 * timestamp}], thoughts, tokens, model}}. Type {@code user} is a human prompt (a leading {@code /}
 * is a command, kept as meta); {@code gemini} yields reasoning (one per thought), text, tool calls
 * and their results, and tokens; {@code info} exactly {@code Request cancelled.} is a human
 * interruption; other {@code info}, {@code error} and {@code warning} messages are meta. A tool
 * call with status {@code cancelled} whose result says {@code User did not allow tool call} was
 * declined by the human at the confirmation prompt; other cancelled calls were interrupted. The
 * recording does not mark policy denials apart from errors, so none are reported. Tokens: Gemini's
 * {@code input} (prompt tokens) includes {@code cached}, which is reported as cache reads and taken
 * out of input; tool-use prompt tokens count as input; {@code thoughts} count as output, as Google
 * bills them. The recording holds neither the working directory nor the CLI version, except a first
 * {@code directories} entry, used as the working directory when present.
 */
public final class GeminiReader {

  /** The canonical agent id. */
  public static final String AGENT = "gemini";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int TEXT_CAP = 4000;
  private static final int SUMMARY_CAP = 200;
  private static final String CANCELLED = "Request cancelled.";
  private static final String USER_DECLINED = "User did not allow tool call";

  private final int maxLineChars;

  /** Creates a reader with the default 64 MiB line cap. */
  public GeminiReader() {
    this(JsonLines.DEFAULT_MAX_LINE_CHARS);
  }

  /** Creates a reader that skips (and reports) {@code .jsonl} lines longer than the cap. */
  public GeminiReader(int maxLineChars) {
    this.maxLineChars = TranscriptFiles.lineCap(maxLineChars);
  }

  /** Returns whether {@code file} is named like a Gemini CLI chat recording. */
  public static boolean isRecording(Path file) {
    return isRecordingName(file.getFileName().toString());
  }

  private static boolean isRecordingName(String name) {
    return name.startsWith("session-") && (name.endsWith(".json") || name.endsWith(".jsonl"));
  }

  /**
   * Reads every chat recording below {@code folder}, in path order.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadResult read(Path folder) {
    List<Session> sessions = new ArrayList<>();
    ReadSummary summary = read(folder, sessions::add);
    return new ReadResult(sessions, summary.malformed(), 0);
  }

  /**
   * Reads every chat recording below {@code folder}, handing each session to {@code sink} as soon
   * as its file is read.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadSummary read(Path folder, Consumer<Session> sink) {
    requireNonNull(folder, "folder is null");
    requireNonNull(sink, "sink is null");
    List<Path> files =
        TranscriptFiles.list(folder, GeminiReader::isRecordingName, "chat recordings");
    List<Malformed> malformed = new ArrayList<>();
    for (Path file : files) {
      Recording recording = new Recording(file);
      if (file.getFileName().toString().endsWith(".jsonl")) {
        JsonLines.read(file, maxLineChars, (line, node) -> recording.record(node), malformed);
      } else {
        readDocument(file, recording, malformed);
      }
      recording.build().ifPresent(sink);
    }
    return new ReadSummary(malformed, 0);
  }

  /** Streams the single-document form: metadata fields, then one message at a time. */
  private static void readDocument(Path file, Recording recording, List<Malformed> malformed) {
    long line = 1;
    try (JsonParser parser = MAPPER.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        malformed.add(new Malformed(file, 1, "not a JSON object"));
        return;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        line = parser.currentTokenLocation().getLineNr();
        if (field.equals("messages") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            line = Math.max(1, parser.currentTokenLocation().getLineNr());
            JsonNode message = parser.readValueAsTree();
            try {
              if (!(message instanceof ObjectNode object)) {
                throw new IllegalArgumentException("message is not a JSON object");
              }
              recording.message(object);
            } catch (RuntimeException e) {
              malformed.add(
                  new Malformed(
                      file,
                      line,
                      "unexpected structure: "
                          + JsonLines.shorten(String.valueOf(e.getMessage()), 160)));
            }
          }
        } else if (value == JsonToken.VALUE_STRING) {
          recording.metadata(field, parser.getText());
        } else if (field.equals("directories") && value == JsonToken.START_ARRAY) {
          JsonNode directories = parser.readValueAsTree();
          if (directories.path(0).isTextual()) {
            recording.metadata("cwd", directories.path(0).textValue());
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof JsonProcessingException json
          && json.getLocation() != null
          && json.getLocation().getLineNr() > 0) {
        line = json.getLocation().getLineNr();
      }
      String problem =
          e instanceof JsonProcessingException json
              ? json.getOriginalMessage()
              : String.valueOf(e.getMessage());
      malformed.add(
          new Malformed(
              file,
              Math.max(1, line),
              "invalid JSON: " + JsonLines.shorten(problem.lines().findFirst().orElse(""), 160)));
    }
  }

  /** A message as last written, normalised to events. */
  private record Message(String id, List<Event> events) {}

  /** A rewind marker in the list of messages. */
  private record Rewind(Event event) {}

  /** One recording being read. */
  private static final class Recording {
    final Path file;
    final List<Object> entries = new ArrayList<>();
    final Map<String, Integer> positions = new HashMap<>();
    Instant lastTime = Instant.EPOCH;
    String sessionId = "";
    String cwd = "";

    Recording(Path file) {
      this.file = file;
    }

    void metadata(String field, String value) {
      switch (field) {
        case "sessionId" -> sessionId = sessionId.isEmpty() ? value : sessionId;
        case "cwd" -> cwd = cwd.isEmpty() ? value : cwd;
        case "startTime" -> {
          if (entries.isEmpty()) {
            lastTime = instant(value).orElse(lastTime);
          }
        }
        default -> {}
      }
    }

    void record(ObjectNode node) {
      JsonNode rewind = node.get("$rewindTo");
      if (rewind != null) {
        rewind(rewind.isTextual() ? rewind.textValue() : "");
        return;
      }
      JsonNode set = node.get("$set");
      if (set != null) {
        if (!set.isObject()) {
          throw new IllegalArgumentException("\"$set\" is not an object");
        }
        header(set);
        return;
      }
      if (node.get("type") != null || node.get("id") != null && !node.has("sessionId")) {
        message(node);
        return;
      }
      if (node.has("sessionId") || node.has("startTime") || node.has("messages")) {
        header(node);
        return;
      }
      throw new IllegalArgumentException("not a message, metadata, $set or $rewindTo record");
    }

    private void header(JsonNode node) {
      node.properties()
          .forEach(field -> {
            if (field.getValue().isTextual()) {
              metadata(field.getKey(), field.getValue().textValue());
            }
          });
      JsonNode directories = node.path("directories");
      if (directories.path(0).isTextual()) {
        metadata("cwd", directories.path(0).textValue());
      }
      JsonNode messages = node.path("messages");
      if (messages.isArray()) {
        for (JsonNode message : messages) {
          if (message instanceof ObjectNode object && !Json.text(object, "type").isEmpty()) {
            message(object);
          }
        }
      }
    }

    private void rewind(String target) {
      Integer from = positions.get(target);
      int dropped = 0;
      for (int i = from == null ? 0 : from; i < entries.size(); i++) {
        if (entries.get(i) instanceof Message message && positions.remove(message.id(), i)) {
          dropped++;
        }
      }
      entries.add(
          new Rewind(
              new Event.Meta(
                  lastTime,
                  "rewind",
                  "$rewindTo "
                      + JsonLines.shorten(target, SUMMARY_CAP)
                      + " ("
                      + dropped
                      + " messages dropped)")));
    }

    void message(ObjectNode node) {
      String type = Json.text(node, "type");
      if (type.isEmpty()) {
        throw new IllegalArgumentException("no \"type\" field");
      }
      Instant at = Json.instant(node, "timestamp").orElse(lastTime);
      lastTime = at;
      String id = Json.text(node, "id");
      List<Event> events = events(node, type, at);
      Message message = new Message(id, events);
      Integer position = id.isEmpty() ? null : positions.get(id);
      if (position != null) {
        entries.set(position, message);
      } else {
        if (!id.isEmpty()) {
          positions.put(id, entries.size());
        }
        entries.add(message);
      }
    }

    private static List<Event> events(ObjectNode node, String type, Instant at) {
      List<Event> events = new ArrayList<>();
      String text = Json.textOf(node.path("content")).strip();
      switch (type) {
        case "user" -> {
          if (text.startsWith("/")) {
            events.add(new Event.Meta(at, "command", shorten(text)));
          } else if (!text.isEmpty()) {
            events.add(new Event.HumanPrompt(at, shorten(text)));
          }
        }
        case "gemini" -> gemini(node, text, at, events);
        case "info" -> {
          if (text.equals(CANCELLED)) {
            events.add(new Event.Interruption(at, CANCELLED));
          } else {
            events.add(new Event.Meta(at, "info", shorten(text)));
          }
        }
        default -> events.add(new Event.Meta(at, type, shorten(text)));
      }
      return events;
    }

    private static void gemini(ObjectNode node, String text, Instant at, List<Event> events) {
      String model = Json.text(node, "model");
      JsonNode thoughts = node.path("thoughts");
      if (thoughts.isArray()) {
        for (JsonNode thought : thoughts) {
          events.add(new Event.Reasoning(Json.instant(thought, "timestamp").orElse(at)));
        }
      }
      if (!text.isEmpty()) {
        events.add(new Event.AssistantText(at, model, shorten(text)));
      }
      JsonNode calls = node.path("toolCalls");
      if (calls.isArray()) {
        int index = 0;
        for (JsonNode call : calls) {
          index++;
          if (!call.isObject()) {
            continue;
          }
          String id = Json.text(call, "id");
          if (id.isEmpty()) {
            id = Json.text(node, "id") + "#" + index;
          }
          Instant callAt = Json.instant(call, "timestamp").orElse(at);
          events.add(
              new Event.ToolCall(callAt, id, Json.text(call, "name"), summary(call.path("args"))));
          String resultText = resultText(call).strip();
          ResultStatus status =
              switch (Json.text(call, "status")) {
                case "success" -> ResultStatus.OK;
                case "error" -> ResultStatus.ERROR;
                case "cancelled" ->
                    resultText.contains(USER_DECLINED)
                        ? ResultStatus.REJECTED_BY_HUMAN
                        : ResultStatus.INTERRUPTED;
                default -> null;
              };
          if (status != null) {
            events.add(new Event.ToolResult(callAt, id, status, shorten(resultText)));
          }
        }
      }
      JsonNode tokens = Json.object(node, "tokens");
      if (!tokens.isMissingNode()) {
        long input = Json.count(tokens, "input");
        long cached = Math.min(input, Json.count(tokens, "cached"));
        events.add(
            new Event.TokenUsage(
                at,
                Json.text(node, "id"),
                model,
                new Usage(
                    input - cached + Json.count(tokens, "tool"),
                    Json.count(tokens, "output") + Json.count(tokens, "thoughts"),
                    0,
                    cached)));
      }
    }

    Optional<Session> build() {
      List<Event> events = new ArrayList<>();
      for (Object entry : entries) {
        switch (entry) {
          case Message message -> events.addAll(message.events());
          case Rewind rewind -> events.add(rewind.event());
          default -> {}
        }
      }
      if (events.isEmpty()) {
        return Optional.empty();
      }
      String id = sessionId;
      if (id.isEmpty()) {
        String name = file.getFileName().toString();
        id = name.substring(0, name.lastIndexOf('.'));
      }
      return Optional.of(Session.assemble(AGENT, id, List.of(file), cwd, "", "", "", 0, events));
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Returns the text of a tool call's result: function responses' output or error, or text. */
  private static String resultText(JsonNode call) {
    StringBuilder text = new StringBuilder();
    JsonNode result = call.path("result");
    List<JsonNode> parts = new ArrayList<>();
    if (result.isArray()) {
      result.forEach(parts::add);
    } else if (!result.isMissingNode() && !result.isNull()) {
      parts.add(result);
    }
    for (JsonNode part : parts) {
      String piece;
      if (part.isTextual()) {
        piece = part.textValue();
      } else if (part.has("functionResponse")) {
        JsonNode response = part.path("functionResponse").path("response");
        piece = Json.text(response, "output");
        if (piece.isEmpty()) {
          piece = Json.text(response, "error");
        }
      } else {
        piece = Json.text(part, "text");
      }
      if (!piece.isEmpty()) {
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(piece);
      }
    }
    if (text.isEmpty()) {
      text.append(Json.text(call, "resultDisplay"));
    }
    return text.toString();
  }

  private static String summary(JsonNode args) {
    for (String field : List.of("command", "file_path", "absolute_path", "path", "pattern")) {
      String value = Json.text(args, field);
      if (!value.isEmpty()) {
        return JsonLines.shorten(value, SUMMARY_CAP);
      }
    }
    return args.isMissingNode() ? "" : JsonLines.shorten(args.toString(), SUMMARY_CAP);
  }

  private static String shorten(String text) {
    return JsonLines.shorten(text, TEXT_CAP);
  }
}
