package dev.loopwatch.git.evidence.trace;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loopwatch.git.evidence.AgentNames;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.evidence.RangeSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Agent Trace record (cursor/agent-trace RFC v0.1.0, section 6.1): which line ranges of which
 * files a conversation produced, and whether a human, an AI, both or nobody known wrote them.
 *
 * <p>Required fields follow the RFC's schema: {@code version}, {@code id}, {@code timestamp} and
 * {@code files} on the record, {@code path} and {@code conversations} on a file, {@code ranges} on
 * a conversation, {@code start_line} and {@code end_line} on a range, {@code type} on a
 * contributor, {@code type} and {@code revision} on {@code vcs}, {@code name} on {@code tool}
 * ({@code tool.version} is optional, as the reference implementation omits it). Fields the reader
 * does not use ({@code metadata}, {@code related}, future additions) are ignored.
 *
 * @param version the spec version the record follows, e.g. {@code 0.1.0}
 * @param id the record's unique id (a UUID)
 * @param timestamp when the trace was recorded
 * @param vcs the revision the ranges refer to
 * @param tool the tool that wrote the trace
 * @param files the files with attributed ranges
 */
public record TraceRecord(
    String version,
    String id,
    Instant timestamp,
    Optional<Vcs> vcs,
    Optional<Tool> tool,
    List<TraceFile> files) {
  /** The detector name this evidence carries. */
  public static final String DETECTOR = "agent-trace";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  public TraceRecord {
    requireNonNull(version, "version is null");
    requireNonNull(id, "id is null");
    requireNonNull(timestamp, "timestamp is null");
    requireNonNull(vcs, "vcs is null");
    requireNonNull(tool, "tool is null");
    files = List.copyOf(files);
  }

  /**
   * Parses one record (one line of a {@code traces.jsonl} file).
   *
   * @throws IllegalArgumentException naming the field at fault (e.g. {@code
   *     files[0].conversations[1].ranges}) if the text is not JSON, or a required field is missing
   *     or has the wrong type
   */
  public static TraceRecord parse(String jsonLine) {
    requireNonNull(jsonLine, "jsonLine is null");
    JsonNode root;
    try {
      root = JSON.readTree(jsonLine);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new IllegalArgumentException("empty record");
    }
    object(root, "record");
    String version = text(root, "version", "version").orElseThrow(() -> missing("version"));
    String id = text(root, "id", "id").orElseThrow(() -> missing("id"));
    String stamp = text(root, "timestamp", "timestamp").orElseThrow(() -> missing("timestamp"));
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(stamp).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field 'timestamp': '" + stamp + "' is not an RFC 3339 date-time");
    }
    Optional<Vcs> vcs =
        optionalObject(root, "vcs", "vcs")
            .map(node ->
                new Vcs(
                    text(node, "type", "vcs.type").orElseThrow(() -> missing("vcs.type")),
                    text(node, "revision", "vcs.revision")
                        .orElseThrow(() -> missing("vcs.revision"))));
    Optional<Tool> tool =
        optionalObject(root, "tool", "tool")
            .map(node ->
                new Tool(
                    text(node, "name", "tool.name").orElseThrow(() -> missing("tool.name")),
                    text(node, "version", "tool.version")));
    List<TraceFile> files = new ArrayList<>();
    JsonNode fileArray = array(root, "files", "files");
    for (int f = 0; f < fileArray.size(); f++) {
      String where = "files[" + f + "]";
      JsonNode file = object(fileArray.get(f), where);
      String path = text(file, "path", where + ".path").orElseThrow(() -> missing(where + ".path"));
      JsonNode conversationArray = array(file, "conversations", where + ".conversations");
      List<Conversation> conversations = new ArrayList<>();
      for (int c = 0; c < conversationArray.size(); c++) {
        String at = where + ".conversations[" + c + "]";
        JsonNode conversation = object(conversationArray.get(c), at);
        JsonNode rangeArray = array(conversation, "ranges", at + ".ranges");
        List<Range> ranges = new ArrayList<>();
        for (int r = 0; r < rangeArray.size(); r++) {
          ranges.add(
              range(
                  object(rangeArray.get(r), at + ".ranges[" + r + "]"), at + ".ranges[" + r + "]"));
        }
        conversations.add(
            new Conversation(
                text(conversation, "url", at + ".url"),
                contributor(conversation, at + ".contributor"),
                ranges));
      }
      files.add(new TraceFile(path, conversations));
    }
    return new TraceRecord(version, id, timestamp, vcs, tool, files);
  }

  /**
   * The AI-written lines: per file, the union of the ranges whose effective contributor (the
   * range's own, else its conversation's) has type {@code ai}, one {@link FileLines} per (path,
   * model), ordered by path then model. The agent comes from {@code tool.name}, the model from the
   * contributor's {@code model_id}, the detail is the record id.
   */
  public List<FileLines> aiLines() {
    record Group(String path, String model) {}
    TreeMap<Group, RangeSet> groups =
        new TreeMap<>(Comparator.comparing(Group::path).thenComparing(Group::model));
    for (TraceFile file : files) {
      for (Conversation conversation : file.conversations()) {
        for (Range range : conversation.ranges()) {
          Optional<Contributor> contributor = range.contributor().or(conversation::contributor);
          if (contributor.isEmpty() || contributor.get().type() != ContributorType.AI) {
            continue;
          }
          RangeSet lines = RangeSet.builder().add(range.startLine(), range.endLine()).build();
          groups.merge(
              new Group(file.path(), contributor.get().modelId().orElse("")),
              lines,
              RangeSet::union);
        }
      }
    }
    String agent = tool.flatMap(t -> AgentNames.canonical(t.name())).orElse(AgentNames.UNKNOWN);
    List<FileLines> result = new ArrayList<>(groups.size());
    for (Map.Entry<Group, RangeSet> group : groups.entrySet()) {
      String model = group.getKey().model();
      Evidence evidence =
          new Evidence(
              DETECTOR,
              Confidence.STRONG,
              agent,
              model.isEmpty() ? Optional.empty() : Optional.of(model),
              AgentTraces.TRACE_PATH,
              id);
      result.add(new FileLines(group.getKey().path(), group.getValue(), evidence));
    }
    return List.copyOf(result);
  }

  private static Range range(JsonNode node, String where) {
    int start = lineNumber(node, "start_line", where);
    int end = lineNumber(node, "end_line", where);
    if (end < start) {
      throw new IllegalArgumentException(
          "field '" + where + ".end_line': " + end + " is before start_line " + start);
    }
    return new Range(
        start,
        end,
        text(node, "content_hash", where + ".content_hash"),
        contributor(node, where + ".contributor"));
  }

  private static Optional<Contributor> contributor(JsonNode parent, String where) {
    return optionalObject(parent, "contributor", where)
        .map(node -> {
          String type =
              text(node, "type", where + ".type").orElseThrow(() -> missing(where + ".type"));
          ContributorType kind =
              switch (type) {
                case "human" -> ContributorType.HUMAN;
                case "ai" -> ContributorType.AI;
                case "mixed" -> ContributorType.MIXED;
                case "unknown" -> ContributorType.UNKNOWN;
                default ->
                    throw new IllegalArgumentException(
                        "field '"
                            + where
                            + ".type': '"
                            + type
                            + "' is not one of human, ai, mixed, unknown");
              };
          return new Contributor(kind, text(node, "model_id", where + ".model_id"));
        });
  }

  private static int lineNumber(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    String name = where + "." + field;
    if (value == null || value.isNull()) {
      throw missing(name);
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      throw new IllegalArgumentException(
          "field '" + name + "': " + value + " is not a line number (1 or more)");
    }
    return value.intValue();
  }

  private static Optional<String> text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "field '" + where + "': expected a string, found " + kind(value));
    }
    return Optional.of(value.textValue());
  }

  private static Optional<JsonNode> optionalObject(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(object(value, where));
  }

  private static JsonNode object(JsonNode value, String where) {
    if (!value.isObject()) {
      throw new IllegalArgumentException(
          "field '" + where + "': expected an object, found " + kind(value));
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw missing(where);
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(
          "field '" + where + "': expected an array, found " + kind(value));
    }
    return value;
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static IllegalArgumentException missing(String field) {
    return new IllegalArgumentException("missing required field '" + field + "'");
  }

  /** Who wrote a range. */
  public enum ContributorType {
    /** {@code human}: typed by a developer. */
    HUMAN,
    /** {@code ai}: generated by AI. */
    AI,
    /** {@code mixed}: human-edited AI output or AI-edited human code. */
    MIXED,
    /** {@code unknown}: origin cannot be determined. */
    UNKNOWN
  }

  /**
   * The version control revision the ranges refer to.
   *
   * @param type {@code git}, {@code jj}, {@code hg} or {@code svn}
   * @param revision the revision id (for git, a 40-hex commit id: HEAD when the edit was made)
   */
  public record Vcs(String type, String revision) {
    public Vcs {
      requireNonNull(type, "type is null");
      requireNonNull(revision, "revision is null");
    }
  }

  /**
   * The tool that wrote the trace.
   *
   * @param name e.g. {@code cursor}, {@code claude-code}
   * @param version its version
   */
  public record Tool(String name, Optional<String> version) {
    public Tool {
      requireNonNull(name, "name is null");
      requireNonNull(version, "version is null");
    }
  }

  /**
   * One file's attributed ranges.
   *
   * @param path the path relative to the repository root
   * @param conversations the conversations that contributed to it
   */
  public record TraceFile(String path, List<Conversation> conversations) {
    public TraceFile {
      requireNonNull(path, "path is null");
      conversations = List.copyOf(conversations);
    }
  }

  /**
   * The ranges one conversation produced.
   *
   * @param url where to look the conversation up
   * @param contributor who wrote its ranges, unless a range says otherwise
   * @param ranges the ranges
   */
  public record Conversation(
      Optional<String> url, Optional<Contributor> contributor, List<Range> ranges) {
    public Conversation {
      requireNonNull(url, "url is null");
      requireNonNull(contributor, "contributor is null");
      ranges = List.copyOf(ranges);
    }
  }

  /**
   * A closed range of 1-based lines, at the recorded revision.
   *
   * @param startLine the first line
   * @param endLine the last line
   * @param contentHash hash of the content, e.g. {@code murmur3:9f2e8a1b}
   * @param contributor overrides the conversation's contributor for this range
   */
  public record Range(
      int startLine, int endLine, Optional<String> contentHash, Optional<Contributor> contributor) {
    public Range {
      requireNonNull(contentHash, "contentHash is null");
      requireNonNull(contributor, "contributor is null");
      if (startLine < 1 || endLine < startLine) {
        throw new IllegalArgumentException("bad range " + startLine + "-" + endLine);
      }
    }
  }

  /**
   * A contributor.
   *
   * @param type who
   * @param modelId the model, following models.dev ({@code provider/model-name})
   */
  public record Contributor(ContributorType type, Optional<String> modelId) {
    public Contributor {
      requireNonNull(type, "type is null");
      requireNonNull(modelId, "modelId is null");
    }
  }
}
