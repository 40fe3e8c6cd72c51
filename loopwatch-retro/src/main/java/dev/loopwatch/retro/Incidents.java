package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.szz.FixLink;
import dev.loopwatch.git.szz.FixLinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads incidents: a strict JSONL parser, and incidents derived from a repository's {@code Fixes:}
 * lines and reverts.
 *
 * <p>Each non-blank line of the file is one JSON object with {@code incident_id}, {@code
 * fix_commits} (a non-empty list), {@code started_at} (RFC 3339 with an offset), {@code severity}
 * and {@code summary}, and optionally {@code repo}, {@code introducing_commits}, {@code pr_url},
 * {@code pr_base} and {@code pr_head} (both or neither). Any other field, a missing field, a wrong
 * type or a repeated id is an error naming the file, line and field.
 */
public final class Incidents {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of(
          "incident_id",
          "repo",
          "fix_commits",
          "started_at",
          "severity",
          "summary",
          "introducing_commits",
          "pr_url",
          "pr_base",
          "pr_head");

  private Incidents() {}

  /**
   * Reads the incidents in a JSONL file, in file order.
   *
   * @throws LoopwatchException USER_INPUT naming {@code file:line} and the field at fault
   */
  public static List<Incident> read(Path file) {
    requireNonNull(file, "file is null");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.userInput(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), lines);
  }

  /** Parses JSONL lines; {@code name} is used in messages and sources. */
  static List<Incident> parse(String name, List<String> lines) {
    List<Incident> incidents = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      String where = name + ":" + (i + 1);
      Incident incident = parseLine(where, text);
      if (!ids.add(incident.id())) {
        throw fault(where, "incident_id", "'" + incident.id() + "' appears twice");
      }
      incidents.add(incident);
    }
    return List.copyOf(incidents);
  }

  private static Incident parseLine(String where, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw LoopwatchException.userInput(
          where + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw LoopwatchException.userInput(where + ": expected a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw fault(where, field, "is not a known field");
      }
    }
    String id = requiredString(where, root, "incident_id");
    List<String> fixes = strings(where, root, "fix_commits");
    if (fixes.isEmpty()) {
      throw fault(where, "fix_commits", "must list at least one commit");
    }
    String started = requiredString(where, root, "started_at");
    Instant startedAt;
    try {
      startedAt = OffsetDateTime.parse(started, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw fault(where, "started_at", "'" + started + "' is not an RFC 3339 time with an offset");
    }
    String severity = requiredString(where, root, "severity");
    String summary = requiredString(where, root, "summary");
    List<String> declared =
        root.has("introducing_commits") ? strings(where, root, "introducing_commits") : List.of();
    Optional<String> base = optionalString(where, root, "pr_base");
    Optional<String> head = optionalString(where, root, "pr_head");
    if (base.isPresent() != head.isPresent()) {
      throw fault(
          where, base.isPresent() ? "pr_head" : "pr_base", "is needed with the other PR commit");
    }
    Optional<Incident.PrRange> range = base.map(b -> new Incident.PrRange(b, head.orElseThrow()));
    return new Incident(
        id,
        optionalString(where, root, "repo"),
        fixes,
        startedAt,
        severity,
        summary,
        declared,
        optionalString(where, root, "pr_url"),
        range,
        where);
  }

  private static String requiredString(String where, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw fault(where, field, "is missing");
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw fault(where, field, "must be a non-empty string");
    }
    return node.asText().strip();
  }

  private static Optional<String> optionalString(String where, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(requiredString(where, root, field));
  }

  private static List<String> strings(String where, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw fault(where, field, "is missing");
    }
    if (!node.isArray()) {
      throw fault(where, field, "must be a list of commit ids");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        throw fault(where, field + "[" + i + "]", "must be a non-empty string");
      }
      values.add(item.asText().strip());
    }
    return values;
  }

  private static LoopwatchException fault(String where, String field, String problem) {
    return LoopwatchException.userInput(where + ": " + field + " " + problem);
  }

  /**
   * Incidents derived from history: one per commit whose message says {@code Fixes: <sha>} or
   * {@code This reverts commit <sha>}, with the named commits as declared causes, the fix's
   * committer time as start, severity {@code unknown} and the fix's subject as summary; newest fix
   * first.
   *
   * <p>A named cause must be an ancestor of its fix ({@code git merge-base --is-ancestor}): one
   * that is not (a dangling commit, a squash-merged PR's message naming a commit of the PR branch)
   * is dropped with a {@code not-ancestor-fix-link} warning, as are causes naming no commit ({@code
   * unresolved-fix-link}); a fix left without a declared cause is still an incident, and SZZ looks
   * for its cause.
   */
  public static List<Incident> fromHistory(
      Git git, String revision, Consumer<ScanWarning> warnings) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    requireNonNull(warnings, "warnings is null");
    FixLinks.Result mined = FixLinks.mine(git, revision);
    mined.warnings().forEach(warnings);
    Map<String, List<FixLink>> byFix = new LinkedHashMap<>();
    for (FixLink link : mined.links()) {
      List<FixLink> links = byFix.computeIfAbsent(link.fix(), key -> new ArrayList<>());
      Git.Result ancestor =
          git.tryRun(List.of("merge-base", "--is-ancestor", link.cause(), link.fix()));
      if (ancestor.exitCode() == 0) {
        links.add(link);
      } else {
        warnings.accept(
            new ScanWarning(
                "not-ancestor-fix-link",
                link.fix(),
                "commit "
                    + link.fix().substring(0, 12)
                    + " names "
                    + link.cause().substring(0, 12)
                    + " as its cause, which is not an ancestor of it; the link is ignored"));
      }
    }
    if (byFix.isEmpty()) {
      return List.of();
    }
    Map<String, String[]> facts = new LinkedHashMap<>();
    List<String> args = new ArrayList<>(List.of("log", "--no-walk=unsorted", "--format=%H %ct %s"));
    args.addAll(byFix.keySet());
    for (String line : git.run(args).lines().toList()) {
      String[] parts = line.split(" ", 3);
      facts.put(parts[0], parts);
    }
    List<Incident> incidents = new ArrayList<>();
    for (Map.Entry<String, List<FixLink>> entry : byFix.entrySet()) {
      String fix = entry.getKey();
      String[] fact = facts.get(fix);
      List<String> causes = entry.getValue().stream().map(FixLink::cause).distinct().toList();
      String source =
          entry.getValue().isEmpty() ? "fixes-trailer" : entry.getValue().getFirst().how().label();
      incidents.add(
          new Incident(
              "history-" + fix.substring(0, 12),
              Optional.empty(),
              List.of(fix),
              Instant.ofEpochSecond(Long.parseLong(fact[1])),
              "unknown",
              fact.length > 2 ? fact[2] : "",
              causes,
              Optional.empty(),
              Optional.empty(),
              source));
    }
    return List.copyOf(incidents);
  }
}
