package dev.loopwatch.git.evidence.gitai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One git-ai authorship log: the note git-ai attaches to a commit under {@code refs/notes/ai}.
 *
 * <p>Format (Git AI Standard v3.0.0, section 1.2): an attestation section, a line that is exactly
 * {@code ---}, and a JSON metadata object. In the attestation section a file path starts at column
 * 0 (wrapped in double quotes when it holds spaces, tabs or newlines); each following line indented
 * by exactly two spaces is an entry {@code <key> <ranges>}, where ranges are 1-based,
 * comma-separated single lines or {@code a-b} spans. The key's form says whose lines they are
 * (section 1.2.3.1): {@code s_<14hex>::t_<14hex>} an AI session, looked up in {@code
 * metadata.sessions} by the part before {@code ::}; {@code h_<14hex>} a known human, looked up in
 * {@code metadata.humans}; a bare 16-hex key a legacy AI prompt and a 7-hex key a pre-1.0 AI
 * prompt, both looked up in {@code metadata.prompts}. Lines no entry lists are untracked (unknown),
 * not human.
 *
 * <p>Quoted paths: git-ai writes the path between quotes as is; this reader also decodes the
 * escapes {@code \"}, {@code \\}, {@code \n}, {@code \t} and {@code \r} (any other backslash is
 * kept), and accepts a raw newline inside the quotes (the path then continues on the next line).
 * Unsorted, overlapping or repeated ranges, and a key or file listed twice, are merged. An AI key
 * with no metadata record still counts as AI, with agent {@code unknown}.
 */
public final class GitAiNote {
  /** The detector name this evidence carries. */
  public static final String DETECTOR = "git-ai-note";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final Pattern SESSION_KEY =
      Pattern.compile("s_[0-9a-fA-F]{14}::t_[0-9a-fA-F]{14}");
  private static final Pattern HUMAN_KEY = Pattern.compile("h_[0-9a-fA-F]{14}");
  private static final Pattern PROMPT_KEY = Pattern.compile("[0-9a-fA-F]{16}");
  private static final Pattern SHORT_PROMPT_KEY = Pattern.compile("[0-9a-fA-F]{7}");

  private final List<FileAttestation> files;
  private final Metadata metadata;

  private GitAiNote(List<FileAttestation> files, Metadata metadata) {
    this.files = List.copyOf(files);
    this.metadata = metadata;
  }

  /**
   * Parses the text of one note.
   *
   * @throws IllegalArgumentException naming the 1-based line of the note and the problem, if the
   *     text is not a git-ai {@code authorship/3.x} log
   */
  public static GitAiNote parse(String text) {
    requireNonNull(text, "text is null");
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].endsWith("\r")) {
        lines[i] = lines[i].substring(0, lines[i].length() - 1);
      }
    }
    Map<String, Map<String, RangeSet>> attestations = new LinkedHashMap<>();
    Map<String, RangeSet> current = null;
    int divider = -1;
    int index = 0;
    while (index < lines.length) {
      String line = lines[index];
      int number = index + 1;
      if (line.equals("---")) {
        divider = index;
        break;
      }
      if (line.isEmpty()) {
        index++;
        continue;
      }
      if (line.startsWith("  ")) {
        if (current == null) {
          throw problem(number, "entry '" + line.strip() + "' comes before any file path");
        }
        parseEntry(line, number, current);
        index++;
        continue;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw problem(number, "entry must be indented by exactly two spaces");
      }
      String path;
      if (line.charAt(0) == '"') {
        StringBuilder quoted = new StringBuilder();
        int end = unquote(lines, index, quoted);
        path = quoted.toString();
        index = end + 1;
      } else {
        path = line;
        index++;
      }
      if (path.isEmpty()) {
        throw problem(number, "empty file path");
      }
      current = attestations.computeIfAbsent(path, p -> new LinkedHashMap<>());
    }
    if (divider < 0) {
      int last =
          lines.length > 1 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
      throw problem(
          last, "note ends without the '---' line that separates attestations from metadata");
    }
    List<FileAttestation> files = new ArrayList<>(attestations.size());
    for (Map.Entry<String, Map<String, RangeSet>> file : attestations.entrySet()) {
      List<Entry> entries = new ArrayList<>(file.getValue().size());
      for (Map.Entry<String, RangeSet> entry : file.getValue().entrySet()) {
        entries.add(
            new Entry(entry.getKey(), KeyKind.of(entry.getKey()).orElseThrow(), entry.getValue()));
      }
      files.add(new FileAttestation(file.getKey(), entries));
    }
    Metadata metadata = parseMetadata(lines, divider);
    return new GitAiNote(files, metadata);
  }

  /** The attestation section: one element per file, in note order. */
  public List<FileAttestation> files() {
    return files;
  }

  /** The metadata section. */
  public Metadata metadata() {
    return metadata;
  }

  /**
   * The AI-written lines: per file, the union of the ranges of its AI keys, one {@link FileLines}
   * per (path, agent, model), ordered by path, then agent, then model. Evidence detail lists the
   * keys (comma-separated); for tools Loopwatch does not know (agent {@code unknown}) it adds
   * {@code tool=<name>}.
   */
  public List<FileLines> aiLines() {
    record Group(String path, String agent, String model) {}
    final class Lines {
      final TreeSet<String> keys = new TreeSet<>();
      final TreeSet<String> tools = new TreeSet<>();
      RangeSet union = RangeSet.empty();
    }
    Comparator<Group> order =
        Comparator.comparing(Group::path).thenComparing(Group::agent).thenComparing(Group::model);
    TreeMap<Group, Lines> groups = new TreeMap<>(order);
    for (FileAttestation file : files) {
      for (Entry entry : file.entries()) {
        if (!entry.kind().ai()) {
          continue;
        }
        Optional<String> tool = tool(entry);
        Optional<String> agent = tool.flatMap(AgentNames::canonical);
        String model = model(entry).orElse("");
        Lines lines =
            groups.computeIfAbsent(
                new Group(file.path(), agent.orElse(AgentNames.UNKNOWN), model), g -> new Lines());
        lines.union = lines.union.union(entry.lines());
        lines.keys.add(entry.key());
        if (agent.isEmpty()) {
          tool.ifPresent(lines.tools::add);
        }
      }
    }
    List<FileLines> result = new ArrayList<>(groups.size());
    for (Map.Entry<Group, Lines> group : groups.entrySet()) {
      Lines lines = group.getValue();
      String detail = String.join(",", lines.keys);
      if (!lines.tools.isEmpty()) {
        detail += " tool=" + String.join(",", lines.tools);
      }
      String model = group.getKey().model();
      Evidence evidence =
          new Evidence(
              DETECTOR,
              Confidence.STRONG,
              group.getKey().agent(),
              model.isEmpty() ? Optional.empty() : Optional.of(model),
              GitAiNotes.NOTES_REF,
              detail);
      result.add(new FileLines(group.getKey().path(), lines.union, evidence));
    }
    return List.copyOf(result);
  }

  private Optional<String> tool(Entry entry) {
    return switch (entry.kind()) {
      case SESSION -> session(entry.key()).map(Session::tool);
      case PROMPT, SHORT_PROMPT ->
          Optional.ofNullable(metadata.prompts().get(entry.key())).map(Prompt::tool);
      case HUMAN -> Optional.empty();
    };
  }

  private Optional<String> model(Entry entry) {
    return switch (entry.kind()) {
      case SESSION -> session(entry.key()).flatMap(Session::model);
      case PROMPT, SHORT_PROMPT ->
          Optional.ofNullable(metadata.prompts().get(entry.key())).flatMap(Prompt::model);
      case HUMAN -> Optional.empty();
    };
  }

  private Optional<Session> session(String key) {
    return Optional.ofNullable(metadata.sessions().get(key.substring(0, key.indexOf("::"))));
  }

  private static void parseEntry(String line, int number, Map<String, RangeSet> entries) {
    String content = line.substring(2).stripTrailing();
    if (content.isEmpty() || content.charAt(0) == ' ' || content.charAt(0) == '\t') {
      throw problem(number, "entry must be indented by exactly two spaces");
    }
    int space = content.indexOf(' ');
    if (space < 0) {
      throw problem(number, "entry '" + content + "' has no line ranges");
    }
    String key = content.substring(0, space);
    String ranges = content.substring(space + 1);
    if (KeyKind.of(key).isEmpty()) {
      throw problem(
          number,
          "unknown attestation key '"
              + key
              + "' (expected s_<14 hex>::t_<14 hex>, h_<14 hex>, or 16 or 7 hex digits)");
    }
    if (ranges.isEmpty() || ranges.indexOf(' ') >= 0 || ranges.indexOf('\t') >= 0) {
      throw problem(
          number,
          "line ranges '" + ranges + "' of key " + key + " must be one word with no spaces");
    }
    RangeSet.Builder builder = RangeSet.builder();
    for (String range : ranges.split(",", -1)) {
      int dash = range.indexOf('-');
      int start;
      int end;
      if (dash < 0) {
        start = lineNumber(range, range, number);
        end = start;
      } else {
        start = lineNumber(range.substring(0, dash), range, number);
        end = lineNumber(range.substring(dash + 1), range, number);
        if (end < start) {
          throw problem(number, "bad line range '" + range + "': end is before start");
        }
      }
      builder.add(start, end);
    }
    RangeSet parsed = builder.build();
    entries.merge(key, parsed, RangeSet::union);
  }

  private static int lineNumber(String digits, String range, int number) {
    if (digits.isEmpty()
        || digits.length() > 10
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw problem(number, "bad line range '" + range + "': expected a line number or a-b");
    }
    long value = Long.parseLong(digits);
    if (value < 1) {
      throw problem(number, "bad line range '" + range + "': lines are numbered from 1");
    }
    if (value > Integer.MAX_VALUE) {
      throw problem(number, "bad line range '" + range + "': line number too large");
    }
    return (int) value;
  }

  /**
   * Decodes the quoted path starting at {@code lines[start]}; returns the index of the line that
   * closes it.
   */
  private static int unquote(String[] lines, int start, StringBuilder path) {
    int index = start;
    String line = lines[index];
    int position = 1;
    while (true) {
      if (position >= line.length()) {
        index++;
        if (index >= lines.length || lines[index].equals("---")) {
          throw problem(start + 1, "quoted file path has no closing quote");
        }
        path.append('\n');
        line = lines[index];
        position = 0;
        continue;
      }
      char c = line.charAt(position);
      if (c == '"') {
        if (position != line.length() - 1) {
          throw problem(index + 1, "text after the closing quote of a file path");
        }
        return index;
      }
      if (c == '\\' && position + 1 < line.length()) {
        char next = line.charAt(position + 1);
        switch (next) {
          case '"', '\\' -> path.append(next);
          case 'n' -> path.append('\n');
          case 't' -> path.append('\t');
          case 'r' -> path.append('\r');
          default -> path.append('\\').append(next);
        }
        position += 2;
        continue;
      }
      path.append(c);
      position++;
    }
  }

  private static Metadata parseMetadata(String[] lines, int divider) {
    int first = divider + 2;
    String json = String.join("\n", Arrays.asList(lines).subList(divider + 1, lines.length));
    if (json.isBlank()) {
      throw problem(divider + 1, "no JSON metadata after the '---' line");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      int line =
          location == null || location.getLineNr() < 1 ? first : divider + 1 + location.getLineNr();
      throw problem(line, "metadata is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw problem(first, "metadata is not a JSON object");
    }
    MetadataReader reader = new MetadataReader(first);
    String schema = reader.requiredText(root, "schema_version", "schema_version");
    if (!schema.startsWith("authorship/3.")) {
      throw problem(first, "unsupported schema_version '" + schema + "' (expected authorship/3.x)");
    }
    Optional<String> version = reader.optionalText(root, "git_ai_version", "git_ai_version");
    String base = reader.requiredText(root, "base_commit_sha", "base_commit_sha");
    SortedMap<String, Session> sessions = new TreeMap<>();
    reader.forEachRecord(
        root,
        "sessions",
        false,
        (key, node, where) -> sessions.put(key, reader.session(node, where)));
    SortedMap<String, Prompt> prompts = new TreeMap<>();
    reader.forEachRecord(
        root, "prompts", true, (key, node, where) -> prompts.put(key, reader.prompt(node, where)));
    SortedMap<String, Human> humans = new TreeMap<>();
    reader.forEachRecord(
        root,
        "humans",
        false,
        (key, node, where) ->
            humans.put(key, new Human(reader.requiredText(node, "author", where + ".author"))));
    return new Metadata(schema, version, base, sessions, prompts, humans);
  }

  static IllegalArgumentException problem(int line, String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }

  /** How an attestation key says whose lines an entry lists. */
  public enum KeyKind {
    /** {@code s_<14hex>::t_<14hex>}: an AI session and one of its checkpoints; AI. */
    SESSION,
    /** {@code h_<14hex>}: a known human; not AI. */
    HUMAN,
    /** A bare 16-hex key of git-ai before 1.4.0; AI. */
    PROMPT,
    /** A 7-hex key of git-ai before 1.0; AI. */
    SHORT_PROMPT;

    /** Whether lines under keys of this kind were written by an AI agent. */
    public boolean ai() {
      return this != HUMAN;
    }

    /** The kind of {@code key}, if it has one of the four forms. */
    public static Optional<KeyKind> of(String key) {
      requireNonNull(key, "key is null");
      if (SESSION_KEY.matcher(key).matches()) {
        return Optional.of(SESSION);
      }
      if (HUMAN_KEY.matcher(key).matches()) {
        return Optional.of(HUMAN);
      }
      if (PROMPT_KEY.matcher(key).matches()) {
        return Optional.of(PROMPT);
      }
      if (SHORT_PROMPT_KEY.matcher(key).matches()) {
        return Optional.of(SHORT_PROMPT);
      }
      return Optional.empty();
    }
  }

  /**
   * One attestation entry: the lines one key accounts for in one file.
   *
   * @param key the attestation key as written
   * @param kind the key's kind
   * @param lines the lines, merged
   */
  public record Entry(String key, KeyKind kind, RangeSet lines) {
    public Entry {
      requireNonNull(key, "key is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(lines, "lines is null");
    }
  }

  /**
   * The entries of one file, in note order (a key listed twice appears once, with its ranges
   * merged).
   *
   * @param path the file's path at the commit
   * @param entries its entries
   */
  public record FileAttestation(String path, List<Entry> entries) {
    public FileAttestation {
      requireNonNull(path, "path is null");
      entries = List.copyOf(entries);
    }

    /** The lines of the entry with {@code key}, if the file lists it. */
    public Optional<RangeSet> lines(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).map(Entry::lines).findFirst();
    }
  }

  /**
   * The metadata section. Maps are sorted by key.
   *
   * @param schemaVersion {@code schema_version}, e.g. {@code authorship/3.0.0}
   * @param gitAiVersion {@code git_ai_version}
   * @param baseCommitSha {@code base_commit_sha}
   * @param sessions {@code sessions}, keyed by session id {@code s_<14hex>}
   * @param prompts {@code prompts} (legacy), keyed by 16- or 7-hex key
   * @param humans {@code humans}, keyed by {@code h_<14hex>}
   */
  public record Metadata(
      String schemaVersion,
      Optional<String> gitAiVersion,
      String baseCommitSha,
      SortedMap<String, Session> sessions,
      SortedMap<String, Prompt> prompts,
      SortedMap<String, Human> humans) {
    public Metadata {
      requireNonNull(schemaVersion, "schemaVersion is null");
      requireNonNull(gitAiVersion, "gitAiVersion is null");
      requireNonNull(baseCommitSha, "baseCommitSha is null");
      sessions =
          Collections.unmodifiableSortedMap(
              new TreeMap<>(requireNonNull(sessions, "sessions is null")));
      prompts =
          Collections.unmodifiableSortedMap(
              new TreeMap<>(requireNonNull(prompts, "prompts is null")));
      humans =
          Collections.unmodifiableSortedMap(
              new TreeMap<>(requireNonNull(humans, "humans is null")));
    }
  }

  /**
   * A session record ({@code metadata.sessions}).
   *
   * @param tool {@code agent_id.tool}, e.g. {@code claude}, {@code cursor}
   * @param model {@code agent_id.model}
   * @param id {@code agent_id.id}, the conversation id in the tool's domain
   * @param humanAuthor {@code human_author}
   */
  public record Session(
      String tool, Optional<String> model, Optional<String> id, Optional<String> humanAuthor) {
    public Session {
      requireNonNull(tool, "tool is null");
      requireNonNull(model, "model is null");
      requireNonNull(id, "id is null");
      requireNonNull(humanAuthor, "humanAuthor is null");
    }
  }

  /**
   * A legacy prompt record ({@code metadata.prompts}); missing counts read as 0.
   *
   * @param tool {@code agent_id.tool}
   * @param model {@code agent_id.model}
   * @param id {@code agent_id.id}
   * @param humanAuthor {@code human_author}
   * @param totalAdditions {@code total_additions}
   * @param totalDeletions {@code total_deletions}
   * @param acceptedLines {@code accepted_lines}
   * @param overridenLines {@code overriden_lines} (spelled as in the standard, errata E-001)
   */
  public record Prompt(
      String tool,
      Optional<String> model,
      Optional<String> id,
      Optional<String> humanAuthor,
      long totalAdditions,
      long totalDeletions,
      long acceptedLines,
      long overridenLines) {
    public Prompt {
      requireNonNull(tool, "tool is null");
      requireNonNull(model, "model is null");
      requireNonNull(id, "id is null");
      requireNonNull(humanAuthor, "humanAuthor is null");
    }
  }

  /**
   * A known-human record ({@code metadata.humans}).
   *
   * @param author the git identity, {@code Name <email>}
   */
  public record Human(String author) {
    public Human {
      requireNonNull(author, "author is null");
    }
  }
}
