package dev.loopwatch.sessions.edits;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Malformed;
import dev.loopwatch.sessions.io.Json;
import dev.loopwatch.sessions.io.JsonLines;
import dev.loopwatch.sessions.io.TranscriptFiles;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, from Claude Code and Codex transcripts below a folder, every file write an agent made and
 * the tool confirmed: Claude's {@code Write} (the content), {@code Edit} and {@code MultiEdit} (the
 * new strings), and Codex's {@code apply_patch} (the added lines of each file of the patch).
 *
 * <p>A call counts only once its result arrived and was not an error, a rejection or a failed
 * patch: a write the user rejected never reached the file. Calls repeated by resumed sessions count
 * once. Files are streamed line by line; only line fingerprints are kept.
 */
public final class AgentWriteReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern FAILED_OUTPUT =
      Pattern.compile(
          "rejected by user|rejected due to|Process exited with code [1-9]|\"exit_code\"\\s*:\\s*[1-9]"
              + "|^(?i:failed|error)",
          Pattern.MULTILINE);

  /** The writes read, oldest first, and the lines that could not be parsed. */
  public record Result(List<AgentWrite> writes, List<Malformed> malformed) {
    /** Copies the lists. */
    public Result {
      writes = List.copyOf(requireNonNull(writes, "writes is null"));
      malformed = List.copyOf(requireNonNull(malformed, "malformed is null"));
    }
  }

  /**
   * Reads every {@code *.jsonl} below {@code folder}.
   *
   * @throws LoopwatchException when the folder cannot be listed
   */
  public Result read(Path folder) {
    requireNonNull(folder, "folder is null");
    List<Path> files = TranscriptFiles.list(folder, name -> name.endsWith(".jsonl"), "transcripts");
    List<AgentWrite> writes = new ArrayList<>();
    List<Malformed> malformed = new ArrayList<>();
    Set<String> seenCalls = new HashSet<>();
    for (Path file : files) {
      FileState state = new FileState(writes, seenCalls);
      JsonLines.read(file, JsonLines.DEFAULT_MAX_LINE_CHARS, state::line, malformed);
    }
    writes.sort(
        Comparator.comparing(AgentWrite::at)
            .thenComparing(AgentWrite::session)
            .thenComparing(write -> write.file().toString()));
    return new Result(writes, malformed);
  }

  /** A call whose result has not arrived yet. */
  private record Pending(String session, Optional<String> model, Instant at, List<Written> files) {}

  /** The text one call wrote into one file (before fingerprinting). */
  record Written(Path file, LineFingerprints lines) {}

  /** What one transcript file has shown so far. */
  private static final class FileState {
    private final List<AgentWrite> out;
    private final Set<String> seenCalls;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private String agent = "";
    private String codexSession = "";
    private String cwd = "";
    private String model = "";

    FileState(List<AgentWrite> out, Set<String> seenCalls) {
      this.out = out;
      this.seenCalls = seenCalls;
    }

    void line(long number, ObjectNode node) {
      String type = Json.text(node, "type");
      if (node.has("payload")) {
        codex(type, Json.object(node, "payload"), Json.instant(node, "timestamp"));
      } else if (type.equals("assistant") || type.equals("user")) {
        claude(type, node);
      }
    }

    private void claude(String type, ObjectNode node) {
      agent = "claude-code";
      JsonNode message = Json.object(node, "message");
      JsonNode content = message.path("content");
      if (!content.isArray()) {
        return;
      }
      String session = Json.text(node, "sessionId");
      String lineCwd = Json.text(node, "cwd");
      Instant at = Json.instant(node, "timestamp").orElse(Instant.EPOCH);
      for (JsonNode block : content) {
        String blockType = Json.text(block, "type");
        if (type.equals("assistant") && blockType.equals("tool_use")) {
          String id = Json.text(block, "id");
          List<Written> files =
              claudeWrites(Json.text(block, "name"), block.path("input"), lineCwd);
          if (!id.isEmpty() && !files.isEmpty()) {
            String lineModel = Json.text(message, "model");
            pending.put(
                id,
                new Pending(
                    session,
                    lineModel.isEmpty() || lineModel.startsWith("<")
                        ? Optional.empty()
                        : Optional.of(lineModel),
                    at,
                    files));
          }
        } else if (type.equals("user") && blockType.equals("tool_result")) {
          String id = Json.text(block, "tool_use_id");
          Pending call = pending.remove(id);
          if (call != null && !Json.isTrue(block, "is_error")) {
            confirm(id, call);
          }
        }
      }
    }

    private static List<Written> claudeWrites(String name, JsonNode input, String cwd) {
      Optional<Path> file = resolve(Json.text(input, "file_path"), cwd);
      if (file.isEmpty()) {
        return List.of();
      }
      StringBuilder text = new StringBuilder();
      switch (name) {
        case "Write" -> text.append(Json.text(input, "content"));
        case "Edit" -> text.append(Json.text(input, "new_string"));
        case "MultiEdit" -> {
          for (JsonNode edit : input.path("edits")) {
            text.append(Json.text(edit, "new_string")).append('\n');
          }
        }
        default -> {
          return List.of();
        }
      }
      LineFingerprints lines = LineFingerprints.ofText(text.toString());
      return lines.size() == 0 ? List.of() : List.of(new Written(file.get(), lines));
    }

    private void codex(String type, JsonNode payload, Optional<Instant> timestamp) {
      agent = "codex";
      String payloadType = Json.text(payload, "type");
      switch (type) {
        case "session_meta" -> {
          codexSession = Json.text(payload, "id");
          cwd = Json.text(payload, "cwd");
        }
        case "turn_context" -> {
          String turnCwd = Json.text(payload, "cwd");
          if (!turnCwd.isEmpty()) {
            cwd = turnCwd;
          }
          model = Json.text(payload, "model");
        }
        case "response_item" -> {
          Instant at = timestamp.orElse(Instant.EPOCH);
          String id = Json.text(payload, "call_id");
          switch (payloadType) {
            case "custom_tool_call", "function_call" -> {
              Optional<String> patch = patchOf(payload);
              if (patch.isPresent() && !id.isEmpty()) {
                List<Written> files = patchWrites(patch.get(), cwd);
                if (!files.isEmpty()) {
                  pending.put(
                      id,
                      new Pending(
                          codexSession,
                          model.isEmpty() ? Optional.empty() : Optional.of(model),
                          at,
                          files));
                }
              }
            }
            case "custom_tool_call_output", "function_call_output" -> {
              Pending call = pending.remove(id);
              if (call != null && !FAILED_OUTPUT.matcher(outputText(payload)).find()) {
                confirm(id, call);
              }
            }
            default -> {}
          }
        }
        default -> {}
      }
    }

    private void confirm(String id, Pending call) {
      if (!seenCalls.add(agent + "\u0000" + call.session() + "\u0000" + id)) {
        return;
      }
      for (Written written : call.files()) {
        out.add(
            new AgentWrite(
                agent, call.session(), call.model(), call.at(), written.file(), written.lines()));
      }
    }
  }

  /** The patch text of an apply_patch call, in any of the shapes Codex has used. */
  private static Optional<String> patchOf(JsonNode payload) {
    String name = Json.text(payload, "name");
    if (Json.text(payload, "type").equals("custom_tool_call")) {
      return name.equals("apply_patch")
          ? Optional.of(Json.text(payload, "input"))
          : Optional.empty();
    }
    JsonNode arguments;
    try {
      arguments = MAPPER.readTree(Json.text(payload, "arguments"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (arguments == null) {
      return Optional.empty();
    }
    if (name.equals("apply_patch")) {
      String input = Json.text(arguments, "input");
      return input.isEmpty() ? Optional.empty() : Optional.of(input);
    }
    JsonNode command = arguments.path("command");
    if (name.equals("shell") && command.isArray() && command.size() >= 2) {
      if (command.get(0).asText().equals("apply_patch")) {
        return Optional.of(command.get(1).asText());
      }
    }
    return Optional.empty();
  }

  private static String outputText(JsonNode payload) {
    JsonNode output = payload.path("output");
    return output.isTextual() ? output.textValue() : output.toString();
  }

  /** The lines each file of a Codex patch gains ({@code *** Add File} / {@code Update File}). */
  static List<Written> patchWrites(String patch, String cwd) {
    Map<Path, StringBuilder> added = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : patch.split("\n", -1)) {
      if (line.startsWith("*** ")) {
        current = null;
        String header = line.substring(4);
        for (String prefix : List.of("Add File: ", "Update File: ", "Move to: ")) {
          if (header.startsWith(prefix)) {
            Optional<Path> file = resolve(header.substring(prefix.length()).strip(), cwd);
            if (file.isPresent()) {
              current = added.computeIfAbsent(file.get(), k -> new StringBuilder());
            }
          }
        }
      } else if (current != null && line.startsWith("+")) {
        current.append(line, 1, line.length()).append('\n');
      }
    }
    List<Written> files = new ArrayList<>();
    added.forEach((file, text) -> {
      LineFingerprints lines = LineFingerprints.ofText(text.toString());
      if (lines.size() > 0) {
        files.add(new Written(file, lines));
      }
    });
    return files;
  }

  /** An absolute, normalised path: relative ones resolve against the session's directory. */
  private static Optional<Path> resolve(String path, String cwd) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path file = Path.of(path);
      if (!file.isAbsolute()) {
        if (cwd.isEmpty() || !Path.of(cwd).isAbsolute()) {
          return Optional.empty();
        }
        file = Path.of(cwd).resolve(file);
      }
      return Optional.of(file.normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
