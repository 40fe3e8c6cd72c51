package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.repo.Git;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Incidents from issue keys: the user lists which issues were incidents ({@code #123} for GitHub
 * issues, {@code PROJ-456} for JIRA), and every non-merge commit whose message links one of them
 * becomes a fix of that incident.
 *
 * <p>A GitHub issue is linked only by a closing keyword ({@code Fixes #123}, {@code closes: #123},
 * {@code Resolved #123}, case-insensitive), since a bare {@code #123} is as often a pull request or
 * a mention. A JIRA key is linked wherever it appears as a whole word in the message (JIRA-style
 * projects put the key in the subject).
 */
public final class IssueKeyIncidents {
  private static final Pattern GITHUB = Pattern.compile("#([1-9][0-9]*)");
  private static final Pattern JIRA = Pattern.compile("[A-Z][A-Z0-9_]+-[1-9][0-9]*");
  private static final String CLOSING =
      "(?i:\\b(?:close|closes|closed|fix|fixes|fixed|resolve|resolves|resolved)\\b):?\\s+";

  /**
   * One issue the user says was an incident.
   *
   * @param key {@code #N} or a JIRA key
   * @param severity the severity, {@code unknown} when not given
   * @param startedAt when the incident began, when given
   */
  public record IssueIncident(String key, String severity, Optional<Instant> startedAt) {
    /** Checks the fields are present. */
    public IssueIncident {
      requireNonNull(key, "key is null");
      requireNonNull(severity, "severity is null");
      requireNonNull(startedAt, "startedAt is null");
    }

    Pattern link() {
      return key.startsWith("#")
          ? Pattern.compile(CLOSING + Pattern.quote(key) + "\\b")
          : Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(key) + "(?![0-9])");
    }
  }

  private IssueKeyIncidents() {}

  /**
   * Reads an issue list: one issue per line, {@code KEY [SEVERITY [STARTED_AT]]} separated by
   * spaces, {@code #} lines and blank lines ignored.
   *
   * @throws LoopwatchException naming {@code file:line} for a bad key, time or duplicate
   */
  public static List<IssueIncident> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), lines);
  }

  static List<IssueIncident> parse(String name, List<String> lines) {
    Map<String, IssueIncident> issues = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()
          || (line.startsWith("#") && !GITHUB.matcher(line.split("\\s+")[0]).matches())) {
        continue;
      }
      String where = name + ":" + (i + 1);
      String[] parts = line.split("\\s+");
      if (parts.length > 3) {
        throw LoopwatchException.userInput(where + ": expected KEY [SEVERITY [STARTED_AT]]");
      }
      String key = parts[0];
      if (!GITHUB.matcher(key).matches() && !JIRA.matcher(key).matches()) {
        throw LoopwatchException.userInput(
            where + ": \"" + key + "\" is neither a GitHub issue (#123) nor a JIRA key (ABC-123)");
      }
      Optional<Instant> started = Optional.empty();
      if (parts.length == 3) {
        try {
          started = Optional.of(OffsetDateTime.parse(parts[2]).toInstant());
        } catch (DateTimeParseException e) {
          throw LoopwatchException.userInput(
              where + ": started-at \"" + parts[2] + "\" is not an RFC 3339 time");
        }
      }
      String severity = parts.length >= 2 ? parts[1] : "unknown";
      if (issues.putIfAbsent(key, new IssueIncident(key, severity, started)) != null) {
        throw LoopwatchException.userInput(where + ": " + key + " is listed twice");
      }
    }
    return List.copyOf(issues.values());
  }

  /**
   * One incident per listed issue that some commit of {@code revision}'s history links, its fixes
   * oldest first; the start is the given one or the first fix's commit time, the summary the first
   * fix's subject. Issues no commit links are left out.
   */
  public static List<Incident> find(Git git, String revision, List<IssueIncident> issues) {
    requireNonNull(git, "git is null");
    if (issues.isEmpty()) {
      return List.of();
    }
    Map<IssueIncident, Pattern> links = new LinkedHashMap<>();
    issues.forEach(issue -> links.put(issue, issue.link()));
    Map<IssueIncident, List<String[]>> fixes = new LinkedHashMap<>();
    for (String[] commit : commits(git, revision)) {
      for (Map.Entry<IssueIncident, Pattern> link : links.entrySet()) {
        if (link.getValue().matcher(commit[3]).find()) {
          fixes.computeIfAbsent(link.getKey(), k -> new ArrayList<>()).add(0, commit);
        }
      }
    }
    List<Incident> incidents = new ArrayList<>();
    for (IssueIncident issue : issues) {
      List<String[]> found = fixes.get(issue);
      if (found == null) {
        continue;
      }
      String[] first = found.getFirst();
      incidents.add(
          new Incident(
              "issue-" + issue.key().replace("#", ""),
              Optional.empty(),
              found.stream().map(commit -> commit[0]).toList(),
              issue.startedAt().orElse(Instant.ofEpochSecond(Long.parseLong(first[1]))),
              issue.severity(),
              first[2],
              List.of(),
              Optional.empty(),
              Optional.empty(),
              "issue-key"));
    }
    return List.copyOf(incidents);
  }

  /** Every non-merge commit, newest first: id, commit time, subject, whole message. */
  private static List<String[]> commits(Git git, String revision) {
    List<String> args =
        List.of("log", "--no-merges", "-z", "--format=%H%x1f%ct%x1f%s%x1f%B", revision, "--");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ChildProcess child = git.start(args)) {
      try (InputStream in = child.stdout()) {
        in.transferTo(bytes);
      }
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String[]> commits = new ArrayList<>();
    for (String record : bytes.toString(StandardCharsets.UTF_8).split("\u0000")) {
      String[] fields = record.strip().split("\u001f", 4);
      if (fields.length == 4) {
        commits.add(fields);
      }
    }
    return commits;
  }
}
