package dev.loopwatch.sessions.claude;

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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Claude Code transcripts from a folder (such as {@code ~/.claude/projects}) into sessions.
 *
 * <p>Every {@code *.jsonl} below the folder is read line by line. Files named {@code agent-*.jsonl}
 * are subagents: in the old layout they sit beside the main sessions and their lines carry {@code
 * isSidechain} and the parent's {@code sessionId}; in the new layout they live in {@code
 * <session>/subagents/} with a {@code .meta.json} whose {@code toolUseId} names the Task call that
 * started them (which may be in another subagent: depth 2). Lines whose {@code uuid} was already
 * read (a resumed session repeats its history) are skipped. Token usage is counted once per {@code
 * message.id} + {@code requestId}, as ccusage does; a line missing either is always counted. Main
 * sessions are read first, oldest first, so the first copy of a repeated line or message wins.
 *
 * <p>Rewinds: a typed prompt that continues from an earlier message than the latest one (the
 * conversation DAG of {@code parentUuid} forks) gets an {@link Event.Meta} of kind {@code rewind}
 * just before it, which tier 2 counts as a correction. The abandoned branch stays in the session:
 * each of its lines is counted once, like any other line, because its tool calls ran and its tokens
 * were spent; the re-typed prompt starts a new human turn. Compaction ({@code compact_boundary}
 * with a {@code logicalParentUuid}) is not a rewind.
 *
 * <p>User lines that are not typed prompts (isMeta, compact summaries, tool results, command and
 * shell wrappers, system reminders, notifications, lines with a non-human {@code origin}) become
 * {@link Event.Meta} or {@link Event.ToolResult}, never prompts. The exact markers are listed in
 * the project's transcript reference notes.
 *
 * <p>Streaming: {@link #read(Path, Consumer)} hands sessions over as they are finished, so memory
 * is bounded by the largest session (a new-layout session folder's subagents are held together)
 * plus the compact cross-file state of {@link LineIndex}. A subagent's parent agent is looked up by
 * the tool call that started it among the subagents of the same session folder; a missing {@code
 * toolUseId} (or a tool call without an id) never matches, so such a subagent hangs below its
 * session. Depths follow the sessions read so far, which are always its ancestors unless ids repeat
 * across sessions.
 */
public final class ClaudeCodeReader {

  /** The canonical agent id. */
  public static final String AGENT = "claude-code";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int TEXT_CAP = 4000;
  private static final int SUMMARY_CAP = 200;
  private static final String SYNTHETIC_MODEL = "<synthetic>";

  private static final String HUMAN_REJECTION =
      "The user doesn't want to proceed with this tool use.";
  private static final String HUMAN_CANCEL =
      "The user doesn't want to take this action right now. STOP what you are doing";
  private static final String EXTERNAL_EDIT = "was modified, either by the user or by a linter";
  private static final Pattern EXTERNAL_EDIT_NOTE =
      Pattern.compile("Note: (\\S(?:.*?\\S)?) " + Pattern.quote(EXTERNAL_EDIT));
  private static final String PLAN_REJECTION =
      "The agent proposed a plan that was rejected by the user";
  private static final List<String> POLICY_DENIALS =
      List.of(
          "Permission for this action has been denied. Reason:",
          "Permission for this tool use was denied.");

  /** Wrapper prefixes of user lines that are not typed prompts, and the meta kind they map to. */
  private static final Map<String, String> WRAPPERS = wrappers();

  private final int maxLineChars;

  /** Creates a reader with the default 64 MiB line cap. */
  public ClaudeCodeReader() {
    this(JsonLines.DEFAULT_MAX_LINE_CHARS);
  }

  /** Creates a reader that skips (and reports) lines longer than {@code maxLineChars}. */
  public ClaudeCodeReader(int maxLineChars) {
    this.maxLineChars = TranscriptFiles.lineCap(maxLineChars);
  }

  /**
   * Reads every transcript below {@code folder} into memory: main sessions first, in read order,
   * then subagents. Prefer {@link #read(Path, Consumer)}, which holds one session at a time.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadResult read(Path folder) {
    List<Session> mains = new ArrayList<>();
    List<Session> subagents = new ArrayList<>();
    ReadSummary summary =
        stream(folder, (session, subagent) -> (subagent ? subagents : mains).add(session));
    mains.addAll(subagents);
    return new ReadResult(mains, summary.malformed(), summary.duplicateLines());
  }

  /**
   * Reads every transcript below {@code folder}, handing each session to {@code sink} as soon as it
   * is finished: each main session right after its file (its inline sidechains after it), then the
   * old-layout subagents one file at a time, then the new-layout subagents one session folder at a
   * time (they are resolved together, since one may have started another). Only the cross-file
   * dedupe state (compact, see {@link LineIndex}) and one id-to-parent link per session outlive a
   * file.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadSummary read(Path folder, Consumer<Session> sink) {
    requireNonNull(sink, "sink is null");
    return stream(folder, (session, subagent) -> sink.accept(session));
  }

  private ReadSummary stream(Path folder, BiConsumer<Session, Boolean> sink) {
    requireNonNull(folder, "folder is null");
    if (!Files.isDirectory(folder)) {
      throw LoopwatchException.userInput("not a directory: " + folder);
    }
    List<Path> mains = new ArrayList<>();
    List<Path> oldAgents = new ArrayList<>();
    List<Path> newAgents = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(path -> path.getFileName().toString().endsWith(".jsonl"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(path -> {
            String name = path.getFileName().toString();
            boolean underSubagents = subagentsOwner(folder, path).isPresent();
            if (underSubagents && name.startsWith("agent-")) {
              newAgents.add(path);
            } else if (name.startsWith("agent-")) {
              oldAgents.add(path);
            } else if (!underSubagents) {
              mains.add(path);
            }
          });
    } catch (IOException | UncheckedIOException e) {
      throw LoopwatchException.external("cannot list transcripts in " + folder, e);
    }
    mains.sort(Comparator.comparing(this::firstTimestamp).thenComparing(Comparator.naturalOrder()));

    Run run = new Run();
    for (Path path : mains) {
      List<Builder> group = new ArrayList<>();
      readFile(run, run.builder(path, stem(path), Kind.MAIN), group);
      emit(run, group, sink);
    }
    for (Path path : oldAgents) {
      List<Builder> group = new ArrayList<>();
      readFile(
          run, run.builder(path, stem(path).substring("agent-".length()), Kind.OLD_AGENT), group);
      emit(run, group, sink);
    }
    List<Builder> group = new ArrayList<>();
    String owner = "";
    for (Path path : newAgents) {
      String next = subagentsOwner(folder, path).orElse("");
      if (!next.equals(owner)) {
        emit(run, group, sink);
        group = new ArrayList<>();
        owner = next;
      }
      Builder builder = run.builder(path, stem(path).substring("agent-".length()), Kind.NEW_AGENT);
      builder.parentSession = next;
      builder.toolUseId = metaToolUseId(path, run.malformed);
      readFile(run, builder, group);
    }
    emit(run, group, sink);
    return new ReadSummary(run.malformed, run.duplicates);
  }

  private void readFile(Run run, Builder file, List<Builder> builders) {
    builders.add(file);
    Map<String, Builder> inline = new LinkedHashMap<>();
    JsonLines.read(
        file.files.getFirst(),
        maxLineChars,
        (line, node) -> {
          Builder target = file;
          if (file.kind == Kind.MAIN && Json.isTrue(node, "isSidechain")) {
            String agentId = Json.text(node, "agentId");
            String key = agentId.isEmpty() ? "sidechain-" + file.id : agentId;
            target =
                inline.computeIfAbsent(
                    key,
                    k -> {
                      Builder sidechain = run.builder(file.files.getFirst(), k, Kind.INLINE);
                      sidechain.parentSession = file.id;
                      builders.add(sidechain);
                      return sidechain;
                    });
          }
          line(run, target, node);
        },
        run.malformed);
  }

  private void line(Run run, Builder session, ObjectNode node) {
    String type = Json.text(node, "type");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("no \"type\" field");
    }
    Instant at = Json.instant(node, "timestamp").orElse(session.lastTime);
    session.lastTime = at;
    String uuid = Json.text(node, "uuid");
    if (!uuid.isEmpty() && !run.index.firstSight(uuid)) {
      run.duplicates++;
      return;
    }
    session.note(node);
    int before = session.events.size();
    switch (type) {
      case "user" -> user(session, node, at);
      case "assistant" -> assistant(run, session, node, at);
      case "system" -> system(session, node, at);
      case "queue-operation" -> queued(session, Json.text(node, "content"), at);
      case "attachment" -> attachment(session, node, at);
      default -> {}
    }
    if (!uuid.isEmpty()) {
      track(run, session, node, type, uuid, at, before);
    }
  }

  /**
   * Follows the conversation DAG: when a typed prompt's parent (through non-message lines) is a
   * message that already has a message child and is not the latest message, or when a typed prompt
   * has a null parent after earlier prompts, the user went back and continued from there (a
   * rewind). Compaction is not a rewind: its boundary line has a null parent and its summary line
   * is no typed prompt.
   */
  private static void track(
      Run run, Builder session, ObjectNode node, String type, String uuid, Instant at, int before) {
    JsonNode parentNode = node.get("parentUuid");
    String parent = parentNode != null && parentNode.isTextual() ? parentNode.textValue() : "";
    String anchor = parent.isEmpty() ? "" : run.index.anchor(parent);
    boolean message = type.equals("user") || type.equals("assistant");
    boolean prompt =
        session.events.size() == before + 1
            && session.events.getLast() instanceof Event.HumanPrompt;
    if (prompt) {
      boolean fork =
          !anchor.isEmpty()
              && run.index.tracked(parent)
              && run.index.hasChild(anchor)
              && !anchor.equals(session.lastMessage);
      boolean toStart = parentNode != null && parentNode.isNull() && session.prompted;
      if (fork || toStart) {
        session.events.add(
            before,
            new Event.Meta(
                at, "rewind", fork ? "continued from " + anchor : "continued from the start"));
      }
      session.prompted = true;
    }
    if (message) {
      if (!anchor.isEmpty()) {
        run.index.markChild(anchor);
      }
      run.index.trackMessage(uuid);
      session.lastMessage = uuid;
    } else {
      run.index.trackOther(uuid, anchor);
    }
  }

  private static void user(Builder session, ObjectNode node, Instant at) {
    userContent(session, node, at);
    // After the prompt (if any), so a note arriving with a new prompt belongs to that turn.
    externalEdits(session, Json.object(node, "message").path("content"), at);
  }

  private static void userContent(Builder session, ObjectNode node, Instant at) {
    JsonNode content = Json.object(node, "message").path("content");
    if (Json.isTrue(node, "isMeta")) {
      session.add(new Event.Meta(at, "meta", shorten(Json.textOf(content))));
      return;
    }
    if (Json.isTrue(node, "isCompactSummary")) {
      session.add(new Event.Meta(at, "compact-summary", shorten(Json.textOf(content))));
      return;
    }
    String originKind = Json.text(Json.object(node, "origin"), "kind");
    if (!originKind.isEmpty() && !originKind.equals("human")) {
      session.add(new Event.Meta(at, "origin:" + originKind, shorten(Json.textOf(content))));
      return;
    }
    if (content.isTextual()) {
      userText(session, content.textValue(), at);
      return;
    }
    if (!content.isArray()) {
      return;
    }
    StringBuilder texts = new StringBuilder();
    for (JsonNode block : content) {
      switch (Json.text(block, "type")) {
        case "tool_result" -> session.add(toolResult(session, node, block, at));
        case "text" -> {
          if (!texts.isEmpty()) {
            texts.append('\n');
          }
          texts.append(Json.text(block, "text"));
        }
        default -> {}
      }
    }
    if (!texts.isEmpty()) {
      userText(session, texts.toString(), at);
    }
  }

  /**
   * Records each file Claude Code says changed outside the agent since it last read it ("Note: F
   * was modified, either by the user or by a linter", in a system reminder, possibly inside a tool
   * result) as meta kind {@code external-edit}, once per file per turn. A tier-2 signal: the human
   * edited the code between turns (a linter or a background task can cause the note too).
   */
  private static void externalEdits(Builder session, JsonNode content, Instant at) {
    StringBuilder text = new StringBuilder(Json.textOf(content));
    if (content.isArray()) {
      for (JsonNode block : content) {
        if (Json.text(block, "type").equals("tool_result")) {
          text.append('\n').append(Json.textOf(block.path("content")));
        }
      }
    }
    if (text.indexOf(EXTERNAL_EDIT) < 0) {
      return;
    }
    Matcher matcher = EXTERNAL_EDIT_NOTE.matcher(text);
    while (matcher.find()) {
      if (session.externallyEdited.add(matcher.group(1))) {
        session.add(new Event.Meta(at, "external-edit", shorten(matcher.group(1))));
      }
    }
  }

  private static void userText(Builder session, String raw, Instant at) {
    String text = raw.strip();
    if (text.isEmpty()) {
      return;
    }
    if (text.startsWith("[Request interrupted by user")) {
      session.add(new Event.Interruption(at, text.lines().findFirst().orElse(text)));
      return;
    }
    for (Map.Entry<String, String> wrapper : WRAPPERS.entrySet()) {
      if (text.startsWith(wrapper.getKey())) {
        session.add(new Event.Meta(at, wrapper.getValue(), shorten(text)));
        return;
      }
    }
    if (session.kind.subagent()) {
      session.add(new Event.DelegatedPrompt(at, shorten(text)));
    } else {
      session.queued.clear();
      session.externallyEdited.clear();
      session.add(new Event.HumanPrompt(at, shorten(text)));
    }
  }

  private static Event.ToolResult toolResult(
      Builder session, ObjectNode line, JsonNode block, Instant at) {
    String id = Json.text(block, "tool_use_id");
    String text = Json.textOf(block.path("content")).strip();
    JsonNode toolUseResult = line.path("toolUseResult");
    String denialKind = Json.text(line, "toolDenialKind");
    if (denialKind.isEmpty()) {
      denialKind = Json.text(toolUseResult, "toolDenialKind");
    }
    ResultStatus status;
    if (text.contains(PLAN_REJECTION)) {
      status = ResultStatus.PLAN_REJECTED_BY_HUMAN;
    } else if (text.startsWith(HUMAN_REJECTION)
        || text.startsWith(HUMAN_CANCEL)
        || (toolUseResult.isTextual() && toolUseResult.textValue().equals("User rejected tool use"))
        || denialKind.equals("user-rejected")) {
      status =
          "ExitPlanMode".equals(session.toolNames.get(id))
              ? ResultStatus.PLAN_REJECTED_BY_HUMAN
              : ResultStatus.REJECTED_BY_HUMAN;
    } else if (policyDenial(text)) {
      status = ResultStatus.DENIED_BY_POLICY;
    } else if (text.startsWith("[Request interrupted by user")) {
      status = ResultStatus.INTERRUPTED;
    } else if (Json.isTrue(block, "is_error")) {
      status = ResultStatus.ERROR;
    } else {
      status = ResultStatus.OK;
    }
    return new Event.ToolResult(at, id, status, shorten(text));
  }

  private static boolean policyDenial(String text) {
    if (text.startsWith("Permission to use ") && text.contains(" has been denied")) {
      return true;
    }
    return POLICY_DENIALS.stream().anyMatch(text::startsWith);
  }

  private static void assistant(Run run, Builder session, ObjectNode node, Instant at) {
    JsonNode message = Json.object(node, "message");
    String model = Json.text(message, "model");
    if (Json.isTrue(node, "isApiErrorMessage") || model.equals(SYNTHETIC_MODEL)) {
      session.add(new Event.Meta(at, "api-error", shorten(Json.textOf(message.path("content")))));
      return;
    }
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      session.add(new Event.AssistantText(at, model, shorten(content.textValue())));
    } else if (content.isArray()) {
      for (JsonNode block : content) {
        switch (Json.text(block, "type")) {
          case "text" ->
              session.add(new Event.AssistantText(at, model, shorten(Json.text(block, "text"))));
          case "thinking", "redacted_thinking" -> session.add(new Event.Reasoning(at));
          case "tool_use" -> {
            String id = Json.text(block, "id");
            String name = Json.text(block, "name");
            session.toolNames.put(id, name);
            session.add(new Event.ToolCall(at, id, name, inputSummary(block.path("input"))));
          }
          default -> {}
        }
      }
    }
    JsonNode usage = Json.object(message, "usage");
    if (usage.isMissingNode()) {
      return;
    }
    String messageId = Json.text(message, "id");
    String requestId = Json.text(node, "requestId");
    if (!messageId.isEmpty()
        && !requestId.isEmpty()
        && !run.index.firstUsage(messageId + ":" + requestId)) {
      return;
    }
    session.add(
        new Event.TokenUsage(
            at,
            messageId,
            model,
            new Usage(
                Json.count(usage, "input_tokens"),
                Json.count(usage, "output_tokens"),
                Json.count(usage, "cache_creation_input_tokens"),
                Json.count(usage, "cache_read_input_tokens"))));
  }

  private static void system(Builder session, ObjectNode node, Instant at) {
    String subtype = Json.text(node, "subtype");
    if (subtype.equals("compact_boundary")) {
      JsonNode metadata = Json.object(node, "compactMetadata");
      session.add(
          new Event.Compaction(
              at, Json.text(metadata, "trigger"), Json.count(metadata, "preTokens")));
    } else {
      session.add(
          new Event.Meta(
              at,
              "system:" + (subtype.isEmpty() ? "other" : subtype),
              shorten(Json.text(node, "content"))));
    }
  }

  private static void attachment(Builder session, ObjectNode node, Instant at) {
    JsonNode attachment = Json.object(node, "attachment");
    if (!Json.text(attachment, "type").equals("queued_command")
        || Json.isTrue(attachment, "isMeta")
        || !Json.text(attachment, "commandMode").equals("prompt")) {
      return;
    }
    String origin = Json.text(Json.object(attachment, "origin"), "kind");
    if (!origin.isEmpty() && !origin.equals("human")) {
      return;
    }
    queued(session, Json.textOf(attachment.path("prompt")), at);
  }

  /** Records a prompt typed while the agent worked, once however many lines mention it. */
  private static void queued(Builder session, String raw, Instant at) {
    String text = raw.strip();
    if (text.isEmpty() || WRAPPERS.keySet().stream().anyMatch(text::startsWith)) {
      return;
    }
    if (session.queued.add(text)) {
      session.add(new Event.QueuedPrompt(at, shorten(text)));
    }
  }

  /**
   * Resolves the parents and depths of a finished group of builders and hands their sessions to
   * {@code sink} in builder order. A subagent's parent is the subagent of the same group (same
   * parent session) whose tool call started it, else its parent session; its depth follows the
   * links of every session read so far.
   */
  private static void emit(Run run, List<Builder> group, BiConsumer<Session, Boolean> sink) {
    Map<String, Builder> byToolUse = new HashMap<>();
    for (Builder builder : group) {
      if (builder.kind == Kind.NEW_AGENT || builder.kind == Kind.OLD_AGENT) {
        for (String call : builder.toolNames.keySet()) {
          if (!call.isEmpty()) {
            byToolUse.putIfAbsent(builder.parentSessionId() + "/" + call, builder);
          }
        }
      }
    }
    for (Builder builder : group) {
      if (builder.kind.subagent()) {
        Builder parentAgent =
            builder.toolUseId.isEmpty()
                ? null
                : byToolUse.get(builder.parentSessionId() + "/" + builder.toolUseId);
        builder.link.parent =
            parentAgent != null && parentAgent != builder
                ? parentAgent.id
                : builder.parentSessionId();
      }
    }
    for (Builder builder : group) {
      if (builder.events.isEmpty()) {
        continue;
      }
      int depth = 0;
      Optional<String> parent = Optional.empty();
      String parentId = builder.link.parent;
      if (builder.kind.subagent() && !parentId.isEmpty()) {
        parent = Optional.of(parentId);
        depth = 1;
        Link up = run.links.get(parentId);
        while (up != null && up.subagent && depth <= run.links.size()) {
          depth++;
          up = run.links.get(up.parent);
        }
      }
      sink.accept(builder.build(parent, depth), builder.kind.subagent());
    }
    group.clear();
  }

  private Instant firstTimestamp(Path file) {
    return JsonLines.firstInstant(file, "timestamp", 50, maxLineChars).orElse(Instant.MAX);
  }

  private static String metaToolUseId(Path transcript, List<Malformed> malformed) {
    String name = transcript.getFileName().toString();
    Path meta =
        transcript.resolveSibling(
            name.substring(0, name.length() - ".jsonl".length()) + ".meta.json");
    if (!Files.isRegularFile(meta)) {
      return "";
    }
    try {
      if (Files.size(meta) > 1024 * 1024) {
        malformed.add(new Malformed(meta, 1, "meta file larger than 1 MiB"));
        return "";
      }
      return Json.text(MAPPER.readTree(meta.toFile()), "toolUseId");
    } catch (IOException | RuntimeException e) {
      malformed.add(
          new Malformed(meta, 1, "invalid meta file: " + JsonLines.shorten(e.getMessage(), 160)));
      return "";
    }
  }

  /** Returns the session id owning the nearest {@code subagents} folder above {@code file}. */
  private static Optional<String> subagentsOwner(Path root, Path file) {
    Path relative = root.relativize(file);
    for (int i = relative.getNameCount() - 2; i >= 1; i--) {
      if (relative.getName(i).toString().equals("subagents")) {
        return Optional.of(relative.getName(i - 1).toString());
      }
    }
    return Optional.empty();
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".jsonl".length());
  }

  /** Returns the text of a string, or of the text blocks of an array, or empty. */
  private static String inputSummary(JsonNode input) {
    for (String field : List.of("command", "file_path", "path", "pattern", "url", "description")) {
      String value = Json.text(input, field);
      if (!value.isEmpty()) {
        return JsonLines.shorten(value, SUMMARY_CAP);
      }
    }
    return input.isMissingNode() ? "" : JsonLines.shorten(input.toString(), SUMMARY_CAP);
  }

  private static String shorten(String text) {
    return JsonLines.shorten(text, TEXT_CAP);
  }

  private static Map<String, String> wrappers() {
    Map<String, String> wrappers = new LinkedHashMap<>();
    wrappers.put("<command-name>", "command");
    wrappers.put("<command-message>", "command");
    wrappers.put("<command-args>", "command");
    wrappers.put("<local-command-stdout>", "command-output");
    wrappers.put("<local-command-stderr>", "command-output");
    wrappers.put("<local-command-caveat>", "caveat");
    wrappers.put("Caveat: The messages below", "caveat");
    wrappers.put("<bash-input>", "bash-input");
    wrappers.put("<bash-stdout>", "bash-output");
    wrappers.put("<bash-stderr>", "bash-output");
    wrappers.put("<system-reminder>", "system-reminder");
    wrappers.put("<task-notification>", "task-notification");
    wrappers.put("<user-prompt-submit-hook>", "hook");
    return wrappers;
  }

  private enum Kind {
    MAIN,
    INLINE,
    OLD_AGENT,
    NEW_AGENT;

    boolean subagent() {
      return this != MAIN;
    }
  }

  /** State shared by all files of one read. */
  private static final class Run {
    final LineIndex index = new LineIndex();
    final Map<String, Link> links = new HashMap<>();
    final List<Malformed> malformed = new ArrayList<>();
    long duplicates;

    /** Creates a builder and links its id (the first session with an id keeps it). */
    Builder builder(Path file, String id, Kind kind) {
      Builder builder = new Builder(file, id, kind);
      links.putIfAbsent(id, builder.link);
      return builder;
    }
  }

  /** What outlives a session for resolving the depth of later ones: its kind and parent. */
  private static final class Link {
    final boolean subagent;
    String parent = "";

    Link(boolean subagent) {
      this.subagent = subagent;
    }
  }

  /** One session being read. */
  private static final class Builder {
    final List<Path> files;
    final String id;
    final Kind kind;
    final List<Event> events = new ArrayList<>();
    final Map<String, String> toolNames = new LinkedHashMap<>();
    final Set<String> queued = new HashSet<>();
    final Set<String> externallyEdited = new HashSet<>();
    Instant lastTime = Instant.EPOCH;
    String cwd = "";
    String gitBranch = "";
    String version = "";
    String sessionId = "";
    String parentSession = "";
    String toolUseId = "";
    final Link link;
    String lastMessage = "";
    boolean prompted;

    Builder(Path file, String id, Kind kind) {
      this.files = List.of(file);
      this.id = id;
      this.kind = kind;
      this.link = new Link(kind.subagent());
    }

    void note(JsonNode node) {
      cwd = cwd.isEmpty() ? Json.text(node, "cwd") : cwd;
      gitBranch = gitBranch.isEmpty() ? Json.text(node, "gitBranch") : gitBranch;
      version = version.isEmpty() ? Json.text(node, "version") : version;
      sessionId = sessionId.isEmpty() ? Json.text(node, "sessionId") : sessionId;
    }

    void add(Event event) {
      events.add(event);
    }

    String parentSessionId() {
      return parentSession.isEmpty() ? sessionId : parentSession;
    }

    Session build(Optional<String> parent, int depth) {
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
          id,
          files,
          optional(cwd),
          optional(gitBranch),
          optional(version),
          Optional.of(start),
          Optional.of(end),
          List.copyOf(models),
          parent,
          depth,
          turns,
          Interventions.tier1(id, turns));
    }

    private static Optional<String> optional(String text) {
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
  }
}
