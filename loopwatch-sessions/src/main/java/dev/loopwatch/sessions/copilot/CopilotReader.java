package dev.loopwatch.sessions.copilot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads GitHub Copilot CLI session logs ({@code <id>/events.jsonl} anywhere below a folder such as
 * {@code ~/.copilot/session-state}) into sessions: one main session per file, plus one subagent
 * session per delegation.
 *
 * <p>Each line is {@code {id, timestamp, parentId, agentId, type, data}}. {@code session.start}
 * gives the session id, CLI version ({@code copilotVersion}), working directory and branch ({@code
 * context}); {@code session.model_change} sets the model ({@code newModel}) for what follows, so
 * each turn lists the models that answered in it. {@code user.message} is a human prompt; {@code
 * assistant.message} text and {@code assistant.reasoning} are the agent's; {@code
 * tool.execution_start} / {@code tool.execution_complete} are tool calls and results ({@code
 * success} false is an error); {@code assistant.usage} gives tokens as Copilot reports them ({@code
 * inputTokens}, {@code outputTokens}, {@code cacheWriteTokens}, {@code cacheReadTokens}). {@code
 * permission.completed} with result kind {@code denied-interactively-by-user} is a human rejection
 * of the call it names (the later failed completion of that call is not counted again); every other
 * {@code denied-*} kind (rules, content exclusion, hooks, no way to ask) is a policy denial. {@code
 * abort} is a human interruption. {@code session.compaction_complete} is a compaction.
 *
 * <p>Delegation: {@code subagent.started} (keyed by its {@code toolCallId}) opens a subagent
 * session whose id is that tool call id, whose parent is the session or subagent it was started
 * from, and whose first event is a delegated prompt (the task tool's {@code prompt} argument, else
 * the agent's description or name). Lines whose {@code data.parentToolCallId} names a subagent, or
 * whose {@code agentId} was seen on such a line, belong to that subagent; {@code
 * subagent.completed} / {@code subagent.failed} end it, so its start and end give its duration.
 */
public final class CopilotReader {

  /** The canonical agent id. */
  public static final String AGENT = "copilot";

  /** The file name of a Copilot CLI session log. */
  public static final String FILE_NAME = "events.jsonl";

  private static final int TEXT_CAP = 4000;
  private static final int SUMMARY_CAP = 200;
  private static final String HUMAN_DENIAL = "denied-interactively-by-user";

  private final int maxLineChars;

  /** Creates a reader with the default 64 MiB line cap. */
  public CopilotReader() {
    this(JsonLines.DEFAULT_MAX_LINE_CHARS);
  }

  /** Creates a reader that skips (and reports) lines longer than {@code maxLineChars}. */
  public CopilotReader(int maxLineChars) {
    this.maxLineChars = TranscriptFiles.lineCap(maxLineChars);
  }

  /**
   * Reads every {@code events.jsonl} below {@code folder}, in path order; each file's main session
   * comes before its subagents.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadResult read(Path folder) {
    List<Session> mains = new ArrayList<>();
    List<Session> subagents = new ArrayList<>();
    ReadSummary summary =
        read(folder, session -> (session.depth() == 0 ? mains : subagents).add(session));
    mains.addAll(subagents);
    return new ReadResult(mains, summary.malformed(), 0);
  }

  /**
   * Reads every session log below {@code folder}, handing the sessions of each log (the main
   * session, then its subagents) to {@code sink} as soon as the log is read.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadSummary read(Path folder, Consumer<Session> sink) {
    requireNonNull(folder, "folder is null");
    requireNonNull(sink, "sink is null");
    List<Path> files = TranscriptFiles.list(folder, FILE_NAME::equals, "session logs");
    List<Malformed> malformed = new ArrayList<>();
    for (Path file : files) {
      List<Session> mains = new ArrayList<>();
      List<Session> subagents = new ArrayList<>();
      Log log = new Log(file);
      JsonLines.read(file, maxLineChars, (line, node) -> log.line(node), malformed);
      for (Part part : log.parts.values()) {
        if (part.events.isEmpty()) {
          continue;
        }
        Session session =
            Session.assemble(
                AGENT,
                part.id(log),
                List.of(file),
                log.cwd,
                log.branch,
                log.version,
                part.parent == null ? "" : part.parent.id(log),
                part.depth,
                part.events);
        (part.depth == 0 ? mains : subagents).add(session);
      }
      mains.forEach(sink);
      subagents.forEach(sink);
    }
    return new ReadSummary(malformed, 0);
  }

  /** The main session or one subagent of a log. */
  private static final class Part {
    final String key;
    final Part parent;
    final int depth;
    final List<Event> events = new ArrayList<>();

    Part(String key, Part parent) {
      this.key = key;
      this.parent = parent;
      this.depth = parent == null ? 0 : parent.depth + 1;
    }

    String id(Log log) {
      return parent == null ? log.sessionId() : key;
    }
  }

  /** One log being read. */
  private static final class Log {
    final Path file;
    final Part main;
    final Map<String, Part> parts = new LinkedHashMap<>();
    final Map<String, String> agentAliases = new HashMap<>();
    final Map<String, JsonNode> toolArguments = new HashMap<>();
    final Map<String, String> permissionCalls = new HashMap<>();
    final Set<String> decided = new HashSet<>();
    Instant lastTime = Instant.EPOCH;
    String sessionId = "";
    String version = "";
    String cwd = "";
    String branch = "";
    String model = "";

    Log(Path file) {
      this.file = file;
      this.main = new Part("", null);
      parts.put("", main);
    }

    String sessionId() {
      if (!sessionId.isEmpty()) {
        return sessionId;
      }
      Path folder = file.getParent();
      return folder == null ? "events" : folder.getFileName().toString();
    }

    void line(ObjectNode node) {
      String type = Json.text(node, "type");
      if (type.isEmpty()) {
        throw new IllegalArgumentException("no \"type\" field");
      }
      Instant at = Json.instant(node, "timestamp").orElse(lastTime);
      lastTime = at;
      JsonNode data = Json.object(node, "data");
      Part part = route(node, data);
      switch (type) {
        case "session.start", "session.resume" -> start(data);
        case "session.model_change" -> {
          String next = Json.text(data, "newModel");
          model = next.isEmpty() ? model : next;
          part.events.add(new Event.Meta(at, "model_change", model));
        }
        case "user.message" -> {
          String text = Json.text(data, "content").strip();
          if (!text.isEmpty()) {
            part.events.add(
                part == main
                    ? new Event.HumanPrompt(at, shorten(text))
                    : new Event.DelegatedPrompt(at, shorten(text)));
          }
        }
        case "assistant.message" -> {
          String text = Json.text(data, "content").strip();
          if (!Json.text(data, "reasoningText").isBlank()) {
            part.events.add(new Event.Reasoning(at));
          }
          if (!text.isEmpty()) {
            part.events.add(new Event.AssistantText(at, model, shorten(text)));
          }
        }
        case "assistant.reasoning" -> part.events.add(new Event.Reasoning(at));
        case "assistant.usage" -> {
          String used = Json.text(data, "model");
          part.events.add(
              new Event.TokenUsage(
                  at,
                  Json.text(node, "id"),
                  used.isEmpty() ? model : used,
                  new Usage(
                      Json.count(data, "inputTokens"),
                      Json.count(data, "outputTokens"),
                      Json.count(data, "cacheWriteTokens"),
                      Json.count(data, "cacheReadTokens"))));
        }
        case "tool.execution_start" -> {
          String id = Json.text(data, "toolCallId");
          JsonNode arguments = data.path("arguments");
          toolArguments.put(id, arguments);
          part.events.add(
              new Event.ToolCall(at, id, Json.text(data, "toolName"), summary(arguments)));
        }
        case "tool.execution_complete" -> complete(part, data, at);
        case "permission.requested" -> {
          String call = Json.text(data, "toolCallId");
          if (call.isEmpty()) {
            call = Json.text(Json.object(data, "permissionRequest"), "toolCallId");
          }
          permissionCalls.put(Json.text(data, "requestId"), call);
        }
        case "permission.completed" -> permission(part, data, at);
        case "subagent.started" -> started(part, data, at);
        case "subagent.completed", "subagent.failed" -> {
          Part sub = parts.get(Json.text(data, "toolCallId"));
          if (sub != null && sub != main) {
            sub.events.add(new Event.Meta(at, type, Json.text(data, "agentName")));
          }
        }
        case "abort" -> part.events.add(new Event.Interruption(at, "abort: " + reason(data)));
        case "session.compaction_complete" ->
            part.events.add(new Event.Compaction(at, "", Json.count(data, "preCompactionTokens")));
        case "session.error" ->
            part.events.add(new Event.Meta(at, "error", shorten(Json.text(data, "message"))));
        default -> {}
      }
    }

    private static String reason(JsonNode data) {
      String reason = Json.text(data, "reason");
      return reason.isEmpty() ? "user" : reason;
    }

    private void start(JsonNode data) {
      sessionId = sessionId.isEmpty() ? Json.text(data, "sessionId") : sessionId;
      version = version.isEmpty() ? Json.text(data, "copilotVersion") : version;
      JsonNode context = Json.object(data, "context");
      cwd = cwd.isEmpty() ? Json.text(context, "cwd") : cwd;
      branch = branch.isEmpty() ? Json.text(context, "branch") : branch;
      String selected = Json.text(data, "selectedModel");
      model = model.isEmpty() ? selected : model;
    }

    /** Returns the part a line belongs to: the subagent it names, or the main session. */
    private Part route(ObjectNode node, JsonNode data) {
      String agentId = Json.text(node, "agentId");
      String parentCall = Json.text(data, "parentToolCallId");
      Part byCall = parentCall.isEmpty() ? null : parts.get(parentCall);
      if (byCall != null) {
        if (!agentId.isEmpty()) {
          agentAliases.putIfAbsent(agentId, parentCall);
        }
        return byCall;
      }
      String alias = agentId.isEmpty() ? null : agentAliases.get(agentId);
      return alias == null ? main : parts.getOrDefault(alias, main);
    }

    private void complete(Part part, JsonNode data, Instant at) {
      String id = Json.text(data, "toolCallId");
      if (decided.contains(id)) {
        return;
      }
      JsonNode result = data.path("result");
      String text = result.isTextual() ? result.textValue() : Json.text(result, "content");
      if (text.isEmpty()) {
        text = Json.text(Json.object(data, "error"), "message");
      }
      ResultStatus status = Json.isTrue(data, "success") ? ResultStatus.OK : ResultStatus.ERROR;
      part.events.add(new Event.ToolResult(at, id, status, shorten(text)));
    }

    private void permission(Part part, JsonNode data, Instant at) {
      JsonNode result = Json.object(data, "result");
      String kind = Json.text(result, "kind");
      if (!kind.startsWith("denied")) {
        return;
      }
      String call = Json.text(data, "toolCallId");
      if (call.isEmpty()) {
        call = permissionCalls.getOrDefault(Json.text(data, "requestId"), "");
      }
      if (!call.isEmpty() && !decided.add(call)) {
        return;
      }
      String feedback = Json.text(result, "feedback").strip();
      part.events.add(
          new Event.ToolResult(
              at,
              call,
              kind.equals(HUMAN_DENIAL)
                  ? ResultStatus.REJECTED_BY_HUMAN
                  : ResultStatus.DENIED_BY_POLICY,
              shorten(feedback.isEmpty() ? kind : kind + ": " + feedback)));
    }

    private void started(Part from, JsonNode data, Instant at) {
      String key = Json.text(data, "toolCallId");
      if (key.isEmpty() || parts.containsKey(key)) {
        return;
      }
      Part sub = new Part(key, from);
      parts.put(key, sub);
      JsonNode arguments = toolArguments.getOrDefault(key, Json.object(data, "arguments"));
      String task = Json.text(arguments, "prompt");
      for (String field : List.of("agentDescription", "agentDisplayName", "agentName")) {
        task = task.isBlank() ? Json.text(data, field) : task;
      }
      sub.events.add(new Event.DelegatedPrompt(at, shorten(task.strip())));
    }
  }

  private static String summary(JsonNode arguments) {
    for (String field : List.of("command", "path", "file_path", "pattern", "description")) {
      String value = Json.text(arguments, field);
      if (!value.isEmpty()) {
        return JsonLines.shorten(value, SUMMARY_CAP);
      }
    }
    return arguments.isMissingNode() ? "" : JsonLines.shorten(arguments.toString(), SUMMARY_CAP);
  }

  private static String shorten(String text) {
    return JsonLines.shorten(text, TEXT_CAP);
  }
}
