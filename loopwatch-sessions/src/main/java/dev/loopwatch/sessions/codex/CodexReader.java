package dev.loopwatch.sessions.codex;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.Malformed;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Turn;
import dev.loopwatch.sessions.Usage;
import dev.loopwatch.sessions.io.Json;
import dev.loopwatch.sessions.io.JsonLines;
import dev.loopwatch.sessions.io.TranscriptFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenAI Codex CLI rollouts ({@code rollout-*.jsonl} anywhere below a folder, so both {@code
 * sessions/YYYY/MM/DD} and {@code archived_sessions}) into sessions, one per file.
 *
 * <p>Each line is {@code {timestamp, type, payload}}. Human prompts are {@code event_msg}
 * user_message only (the {@code response_item} user message repeats them); a user_message while a
 * task runs and after its prompt is a queued (steering) prompt. Assistant text comes from {@code
 * response_item} messages (the {@code agent_message} event repeats it). {@code turn_aborted} with
 * reason {@code interrupted} or {@code replaced} is a human interruption; other reasons are meta.
 * Tool outputs exactly {@code exec command rejected by user} or {@code patch rejected by user}, and
 * {@code exec_command_end} status {@code declined}, are human rejections (once per call); {@code
 * This action was rejected due to unacceptable risk.} is a policy (guardian) denial. Tokens come
 * from {@code token_count} events' {@code last_token_usage}, skipping an event whose {@code
 * total_token_usage} repeats the previous one; cached input is reported as cache reads and taken
 * out of input.
 */
public final class CodexReader {

  /** The canonical agent id. */
  public static final String AGENT = "codex";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int TEXT_CAP = 4000;
  private static final int SUMMARY_CAP = 200;
  private static final Set<String> HUMAN_REJECTIONS =
      Set.of("exec command rejected by user", "patch rejected by user");
  private static final String GUARDIAN_DENIAL =
      "This action was rejected due to unacceptable risk.";
  private static final String ABORT_MARKER = "<turn_aborted>";
  private static final Pattern EXIT_CODE =
      Pattern.compile("(?m)^(?:Exit code:|Process exited with code) (-?\\d{1,9})\\b");

  private final int maxLineChars;

  /** Creates a reader with the default 64 MiB line cap. */
  public CodexReader() {
    this(JsonLines.DEFAULT_MAX_LINE_CHARS);
  }

  /** Creates a reader that skips (and reports) lines longer than {@code maxLineChars}. */
  public CodexReader(int maxLineChars) {
    this.maxLineChars = TranscriptFiles.lineCap(maxLineChars);
  }

  /**
   * Reads every rollout below {@code folder}.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadResult read(Path folder) {
    List<Session> sessions = new ArrayList<>();
    ReadSummary summary = read(folder, sessions::add);
    return new ReadResult(sessions, summary.malformed(), 0);
  }

  /**
   * Reads every rollout below {@code folder}, handing each session to {@code sink} as soon as it is
   * finished: main sessions in a first pass, one rollout at a time; subagent rollouts (whose depth
   * may depend on rollouts read later) are read again in a second pass, once the parent of every
   * rollout is known. Only one id-to-parent link per rollout outlives its file.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadSummary read(Path folder, Consumer<Session> sink) {
    requireNonNull(folder, "folder is null");
    requireNonNull(sink, "sink is null");
    List<Path> files =
        TranscriptFiles.list(
            folder, name -> name.startsWith("rollout-") && name.endsWith(".jsonl"), "rollouts");
    List<Malformed> malformed = new ArrayList<>();
    Map<String, String> parents = new HashMap<>();
    List<Path> subagents = new ArrayList<>();
    int read = 0;
    for (Path file : files) {
      Builder builder = new Builder(file);
      JsonLines.read(file, maxLineChars, (line, node) -> builder.line(node), malformed);
      if (builder.events.isEmpty()) {
        continue;
      }
      read++;
      parents.putIfAbsent(builder.id(), builder.parent);
      if (builder.parent.isEmpty()) {
        sink.accept(builder.build(0));
      } else {
        subagents.add(file);
      }
    }
    List<Malformed> again = new ArrayList<>();
    for (Path file : subagents) {
      Builder builder = new Builder(file);
      JsonLines.read(file, maxLineChars, (line, node) -> builder.line(node), again);
      int depth = 1;
      String up = parents.get(builder.parent);
      while (up != null && !up.isEmpty() && depth <= read) {
        depth++;
        up = parents.get(up);
      }
      sink.accept(builder.build(depth));
    }
    return new ReadSummary(malformed, 0);
  }

  /** One rollout being read. */
  private static final class Builder {
    final Path file;
    final List<Event> events = new ArrayList<>();
    final Set<String> rejectedCalls = new HashSet<>();
    Instant lastTime = Instant.EPOCH;
    String id = "";
    String cwd = "";
    String branch = "";
    String version = "";
    String parent = "";
    String model = "";
    boolean taskActive;
    boolean promptInTask;
    boolean abortSincePrompt;
    String lastTotal = "";

    Builder(Path file) {
      this.file = file;
    }

    String id() {
      if (!id.isEmpty()) {
        return id;
      }
      String name = file.getFileName().toString();
      return name.substring(0, name.length() - ".jsonl".length());
    }

    void line(ObjectNode node) {
      String type = Json.text(node, "type");
      if (type.isEmpty()) {
        throw new IllegalArgumentException("no \"type\" field");
      }
      Instant at = Json.instant(node, "timestamp").orElse(lastTime);
      lastTime = at;
      JsonNode payload = Json.object(node, "payload");
      switch (type) {
        case "session_meta" -> meta(payload);
        case "turn_context" -> {
          String next = Json.text(payload, "model");
          model = next.isEmpty() ? model : next;
          cwd = cwd.isEmpty() ? Json.text(payload, "cwd") : cwd;
        }
        case "event_msg" -> event(payload, at);
        case "response_item" -> item(payload, at);
        case "compacted" -> events.add(new Event.Compaction(at, "", 0));
        default -> {}
      }
    }

    private void meta(JsonNode payload) {
      id = id.isEmpty() ? Json.text(payload, "id") : id;
      cwd = cwd.isEmpty() ? Json.text(payload, "cwd") : cwd;
      version = version.isEmpty() ? Json.text(payload, "cli_version") : version;
      branch = branch.isEmpty() ? Json.text(Json.object(payload, "git"), "branch") : branch;
      JsonNode source = payload.path("source");
      if (parent.isEmpty() && source.isObject()) {
        JsonNode thread = source.findValue("parent_thread_id");
        if (thread != null && thread.isTextual()) {
          parent = thread.textValue();
        }
      }
    }

    private void event(JsonNode payload, Instant at) {
      switch (Json.text(payload, "type")) {
        case "task_started", "turn_started" -> taskActive = true;
        case "task_complete", "turn_complete" -> {
          taskActive = false;
          promptInTask = false;
        }
        case "user_message" -> userMessage(Json.text(payload, "message"), at);
        case "turn_aborted" -> {
          taskActive = false;
          promptInTask = false;
          String reason = Json.text(payload, "reason");
          if (reason.equals("interrupted") || reason.equals("replaced")) {
            abortSincePrompt = true;
            events.add(new Event.Interruption(at, "turn_aborted: " + reason));
          } else {
            events.add(new Event.Meta(at, "turn_aborted:" + reason, ""));
          }
        }
        case "token_count" -> tokens(Json.object(payload, "info"), at);
        case "exec_command_end" -> {
          String callId = Json.text(payload, "call_id");
          if (Json.text(payload, "status").equals("declined") && rejectedCalls.add(callId)) {
            events.add(
                new Event.ToolResult(
                    at, callId, ResultStatus.REJECTED_BY_HUMAN, "exec_command_end declined"));
          }
        }
        case "context_compacted" -> events.add(new Event.Meta(at, "context_compacted", ""));
        case "thread_rolled_back" -> events.add(new Event.Meta(at, "rollback", ""));
        case "error" ->
            events.add(new Event.Meta(at, "error", shorten(Json.text(payload, "message"))));
        default -> {}
      }
    }

    private void userMessage(String raw, Instant at) {
      String text = raw.strip();
      if (text.isEmpty()) {
        return;
      }
      if (text.startsWith(ABORT_MARKER)) {
        events.add(new Event.Meta(at, "turn_aborted-notice", shorten(text)));
      } else if (!parent.isEmpty()) {
        events.add(new Event.DelegatedPrompt(at, shorten(text)));
      } else if (taskActive && promptInTask) {
        events.add(new Event.QueuedPrompt(at, shorten(text)));
      } else {
        promptInTask = true;
        abortSincePrompt = false;
        events.add(new Event.HumanPrompt(at, shorten(text)));
      }
    }

    private void tokens(JsonNode info, Instant at) {
      JsonNode total = Json.object(info, "total_token_usage");
      JsonNode last = Json.object(info, "last_token_usage");
      if (last.isMissingNode()) {
        return;
      }
      String totalText = total.toString();
      if (!total.isMissingNode() && totalText.equals(lastTotal)) {
        return;
      }
      lastTotal = totalText;
      long input = Json.count(last, "input_tokens");
      long cached = Math.min(input, Json.count(last, "cached_input_tokens"));
      events.add(
          new Event.TokenUsage(
              at,
              "",
              model,
              new Usage(input - cached, Json.count(last, "output_tokens"), 0, cached)));
    }

    private void item(JsonNode payload, Instant at) {
      switch (Json.text(payload, "type")) {
        case "message" -> {
          String text = Json.textOf(payload.path("content"));
          switch (Json.text(payload, "role")) {
            case "assistant" -> events.add(new Event.AssistantText(at, model, shorten(text)));
            case "user" -> {
              if (text.strip().startsWith(ABORT_MARKER) && !abortSincePrompt) {
                abortSincePrompt = true;
                events.add(new Event.Interruption(at, ABORT_MARKER));
              }
            }
            default -> {}
          }
        }
        case "reasoning" -> events.add(new Event.Reasoning(at));
        case "function_call" ->
            events.add(
                new Event.ToolCall(
                    at,
                    Json.text(payload, "call_id"),
                    Json.text(payload, "name"),
                    argumentsSummary(Json.text(payload, "arguments"))));
        case "custom_tool_call" ->
            events.add(
                new Event.ToolCall(
                    at,
                    Json.text(payload, "call_id"),
                    Json.text(payload, "name"),
                    JsonLines.shorten(Json.text(payload, "input"), SUMMARY_CAP)));
        case "local_shell_call" ->
            events.add(
                new Event.ToolCall(
                    at,
                    Json.text(payload, "call_id"),
                    "local_shell",
                    JsonLines.shorten(
                        Json.object(payload, "action").path("command").toString(), SUMMARY_CAP)));
        case "web_search_call" ->
            events.add(
                new Event.ToolCall(
                    at,
                    Json.text(payload, "id"),
                    "web_search",
                    JsonLines.shorten(
                        Json.text(Json.object(payload, "action"), "query"), SUMMARY_CAP)));
        case "function_call_output", "custom_tool_call_output" -> output(payload, at);
        default -> {}
      }
    }

    private void output(JsonNode payload, Instant at) {
      String callId = Json.text(payload, "call_id");
      JsonNode output = payload.path("output");
      String text;
      long exitCode = 0;
      if (output.isTextual() && output.textValue().startsWith("{")) {
        JsonNode parsed = parse(output.textValue());
        text = parsed.isObject() ? Json.text(parsed, "output") : output.textValue();
        exitCode = parsed.path("metadata").path("exit_code").asLong(0);
      } else if (output.isObject()) {
        text = Json.textOf(output.path("content"));
      } else {
        text = Json.textOf(output);
      }
      String stripped = text.strip();
      Matcher exit = EXIT_CODE.matcher(stripped);
      if (exitCode == 0 && exit.find()) {
        exitCode = Long.parseLong(exit.group(1));
      }
      ResultStatus status;
      if (HUMAN_REJECTIONS.contains(stripped)) {
        if (!rejectedCalls.add(callId)) {
          return;
        }
        status = ResultStatus.REJECTED_BY_HUMAN;
      } else if (stripped.startsWith(GUARDIAN_DENIAL)) {
        status = ResultStatus.DENIED_BY_POLICY;
      } else if (exitCode != 0 || (output.has("success") && !Json.isTrue(output, "success"))) {
        status = ResultStatus.ERROR;
      } else {
        status = ResultStatus.OK;
      }
      events.add(new Event.ToolResult(at, callId, status, shorten(stripped)));
    }

    Session build(int depth) {
      List<Turn> turns = Turn.split(events);
      TreeSet<String> models = new TreeSet<>();
      Instant start = Instant.MAX;
      Instant end = Instant.MIN;
      for (Turn turn : turns) {
        models.addAll(turn.models());
        start = turn.start().isBefore(start) ? turn.start() : start;
        end = turn.end().isAfter(end) ? turn.end() : end;
      }
      return new Session(
          AGENT,
          id(),
          List.of(file),
          optional(cwd),
          optional(branch),
          optional(version),
          Optional.of(start),
          Optional.of(end),
          List.copyOf(models),
          optional(parent),
          depth,
          turns,
          Interventions.tier1(id(), turns));
    }
  }

  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static String argumentsSummary(String arguments) {
    JsonNode parsed = arguments.startsWith("{") ? parse(arguments) : null;
    if (parsed != null && parsed.isObject()) {
      for (String field : List.of("cmd", "command", "path", "query")) {
        JsonNode value = parsed.get(field);
        if (value != null && value.isTextual()) {
          return JsonLines.shorten(value.textValue(), SUMMARY_CAP);
        }
        if (value != null && value.isArray()) {
          List<String> parts = new ArrayList<>();
          value.forEach(part -> parts.add(part.asText()));
          return JsonLines.shorten(String.join(" ", parts), SUMMARY_CAP);
        }
      }
    }
    return JsonLines.shorten(arguments, SUMMARY_CAP);
  }

  private static Optional<String> optional(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static String shorten(String text) {
    return JsonLines.shorten(text, TEXT_CAP);
  }
}
