package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.QuotedPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches the lines agents wrote in their sessions against the lines commits added, so a team
 * without git-ai notes or trailers still gets line-level attribution ("session-matched").
 *
 * <p>A session belongs to the repository when it wrote files inside the repository's work tree. Its
 * window runs from its first write to {@code slack} after its last. A line a commit added
 * (non-merge commits only) is matched when the commit falls in the window of a session that wrote
 * the same file before the commit time, with a line of the same fingerprint (see {@link
 * LineFingerprints}: surrounding whitespace ignored, trivial lines never matched). The evidence is
 * medium confidence: content and timing agree, but a human could have typed the same line.
 */
public final class SessionMatcher implements LineEvidenceSource {
  /** The detector name stored with matched lines. */
  public static final String DETECTOR = "session-matched";

  private static final Pattern HUNK =
      Pattern.compile("@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,(\\d+))? @@.*");
  private static final int CHUNK = 256;

  private final List<AgentWrite> writes;
  private final Duration slack;
  private Stats stats = new Stats(0, 0, 0, 0, 0);

  /**
   * How well the sessions and the commits matched.
   *
   * @param sessions sessions that wrote inside the repository
   * @param writtenLines fingerprinted lines those sessions wrote (per write)
   * @param committedWrittenLines of those, lines found added by a commit in the session's window
   * @param windowAddedLines fingerprinted lines added by commits inside some session's window
   * @param matchedAddedLines of those, lines matched to a session
   */
  public record Stats(
      int sessions,
      long writtenLines,
      long committedWrittenLines,
      long windowAddedLines,
      long matchedAddedLines) {
    /** The share of written lines that reached a commit, or 0 when nothing was written. */
    public double writtenMatchRate() {
      return writtenLines == 0 ? 0 : (double) committedWrittenLines / writtenLines;
    }

    /** The share of in-window added lines matched to a session, or 0 when there were none. */
    public double addedMatchRate() {
      return windowAddedLines == 0 ? 0 : (double) matchedAddedLines / windowAddedLines;
    }
  }

  /**
   * A matcher for these writes (from any number of sessions and repositories).
   *
   * @param slack how long after a session's last write its commits may come
   */
  public SessionMatcher(List<AgentWrite> writes, Duration slack) {
    this.writes = List.copyOf(requireNonNull(writes, "writes is null"));
    this.slack = requireNonNull(slack, "slack is null");
    if (slack.isNegative()) {
      throw new IllegalArgumentException("slack is negative: " + slack);
    }
  }

  /** The statistics of the last {@link #lines} call. */
  public Stats stats() {
    return stats;
  }

  /** One session's writes inside the repository, by repository-relative path. */
  private record SessionWrites(
      String agent,
      String session,
      java.util.Optional<String> model,
      Instant start,
      Instant end,
      Map<String, List<AgentWrite>> byPath) {
    boolean covers(Instant at) {
      return !at.isBefore(start) && !at.isAfter(end);
    }
  }

  @Override
  public Map<String, List<FileLines>> lines(Git git, Map<String, Instant> commits) {
    List<SessionWrites> sessions = sessionsIn(git.topLevel());
    List<String> inWindow =
        commits.entrySet().stream()
            .filter(entry -> sessions.stream().anyMatch(s -> s.covers(entry.getValue())))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    Map<String, List<FileLines>> evidence = new TreeMap<>();
    Map<String, Map<String, LineFingerprints>> addedByCommit = new HashMap<>();
    long windowAdded = 0;
    long matched = 0;
    for (int from = 0; from < inWindow.size(); from += CHUNK) {
      List<String> chunk = inWindow.subList(from, Math.min(inWindow.size(), from + CHUNK));
      for (CommitDiff diff : readDiffs(git, chunk)) {
        Instant at = commits.get(diff.sha());
        List<SessionWrites> covering = sessions.stream().filter(s -> s.covers(at)).toList();
        Map<String, LineFingerprints> addedHere = new HashMap<>();
        for (AddedFile file : diff.files()) {
          addedHere.put(file.path(), LineFingerprints.ofHashes(file.fingerprints()));
          Map<SessionWrites, RangeSet.Builder> lines = new LinkedHashMap<>();
          for (int i = 0; i < file.numbers().length; i++) {
            windowAdded++;
            for (SessionWrites session : covering) {
              if (wrote(session, file.path(), file.fingerprints()[i], at)) {
                lines
                    .computeIfAbsent(session, k -> RangeSet.builder())
                    .add(file.numbers()[i], file.numbers()[i]);
                matched++;
                break;
              }
            }
          }
          lines.forEach((session, builder) ->
              evidence
                  .computeIfAbsent(diff.sha(), k -> new ArrayList<>())
                  .add(
                      new FileLines(
                          file.path(),
                          builder.build(),
                          new Evidence(
                              DETECTOR,
                              Confidence.MEDIUM,
                              session.agent(),
                              session.model(),
                              "session transcript",
                              "session " + session.session()))));
        }
        addedByCommit.put(diff.sha(), addedHere);
      }
    }
    stats =
        new Stats(
            sessions.size(),
            sessions.stream().mapToLong(SessionMatcher::writtenLines).sum(),
            committedWrittenLines(sessions, commits, addedByCommit),
            windowAdded,
            matched);
    return evidence;
  }

  private static boolean wrote(SessionWrites session, String path, long fingerprint, Instant at) {
    for (AgentWrite write : session.byPath().getOrDefault(path, List.of())) {
      if (!write.at().isAfter(at) && write.lines().contains(fingerprint)) {
        return true;
      }
    }
    return false;
  }

  private static long writtenLines(SessionWrites session) {
    return session.byPath().values().stream()
        .flatMap(List::stream)
        .mapToLong(write -> write.lines().size())
        .sum();
  }

  /** Written lines found among the lines a later commit in the session's window added. */
  private static long committedWrittenLines(
      List<SessionWrites> sessions,
      Map<String, Instant> commits,
      Map<String, Map<String, LineFingerprints>> addedByCommit) {
    long committed = 0;
    for (SessionWrites session : sessions) {
      for (Map.Entry<String, List<AgentWrite>> entry : session.byPath().entrySet()) {
        for (AgentWrite write : entry.getValue()) {
          List<LineFingerprints> later = new ArrayList<>();
          for (Map.Entry<String, Map<String, LineFingerprints>> commit : addedByCommit.entrySet()) {
            Instant at = commits.get(commit.getKey());
            LineFingerprints added = commit.getValue().get(entry.getKey());
            if (added != null && session.covers(at) && !write.at().isAfter(at)) {
              later.add(added);
            }
          }
          committed += write.lines().countInAny(later);
        }
      }
    }
    return committed;
  }

  /** The sessions with writes inside {@code root}, each with its window. */
  private List<SessionWrites> sessionsIn(Path root) {
    Path top = root.toAbsolutePath().normalize();
    Map<String, List<AgentWrite>> bySession = new LinkedHashMap<>();
    for (AgentWrite write : writes) {
      if (write.file().startsWith(top) && !write.file().equals(top)) {
        bySession
            .computeIfAbsent(write.agent() + "\u0000" + write.session(), k -> new ArrayList<>())
            .add(write);
      }
    }
    List<SessionWrites> sessions = new ArrayList<>();
    for (List<AgentWrite> list : bySession.values()) {
      Map<String, List<AgentWrite>> byPath = new TreeMap<>();
      Instant start = list.getFirst().at();
      Instant end = start;
      java.util.Optional<String> model = java.util.Optional.empty();
      for (AgentWrite write : list) {
        String path = top.relativize(write.file()).toString().replace('\\', '/');
        byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(write);
        start = write.at().isBefore(start) ? write.at() : start;
        end = write.at().isAfter(end) ? write.at() : end;
        model = model.isPresent() ? model : write.model();
      }
      AgentWrite first = list.getFirst();
      sessions.add(
          new SessionWrites(first.agent(), first.session(), model, start, end.plus(slack), byPath));
    }
    return sessions;
  }

  /** One added file of a commit: its path, added line numbers and their fingerprints. */
  private record AddedFile(String path, int[] numbers, long[] fingerprints) {}

  /** The added, fingerprinted lines of one commit. */
  private record CommitDiff(String sha, List<AddedFile> files) {}

  /** Reads the added lines of {@code shas} with one {@code git log -p -U0}. */
  private static List<CommitDiff> readDiffs(Git git, List<String> shas) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "log",
                "--no-walk=unsorted",
                "-p",
                "-U0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                "--format=%x01%H"));
    args.addAll(shas);
    args.add("--");
    List<CommitDiff> diffs = new ArrayList<>();
    try (ChildProcess child = git.start(args);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8))) {
      DiffParser parser = new DiffParser(diffs);
      String line;
      while ((line = reader.readLine()) != null) {
        parser.line(line);
      }
      parser.finish();
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return diffs;
  }

  /** A streaming reader of {@code git log -p -U0} output that keeps added lines only. */
  private static final class DiffParser {
    private final List<CommitDiff> out;
    private String sha;
    private List<AddedFile> files = new ArrayList<>();
    private String path;
    private int[] numbers = new int[16];
    private long[] fingerprints = new long[16];
    private int count;
    private int nextLine;
    private int addedLeft;

    DiffParser(List<CommitDiff> out) {
      this.out = out;
    }

    void line(String line) {
      if (addedLeft > 0 && line.startsWith("+")) {
        OptionalLong fingerprint = LineFingerprints.of(line.substring(1));
        if (fingerprint.isPresent() && path != null) {
          if (count == numbers.length) {
            numbers = java.util.Arrays.copyOf(numbers, count * 2);
            fingerprints = java.util.Arrays.copyOf(fingerprints, count * 2);
          }
          numbers[count] = nextLine;
          fingerprints[count++] = fingerprint.getAsLong();
        }
        nextLine++;
        addedLeft--;
        return;
      }
      if (line.startsWith("\u0001")) {
        finishCommit();
        sha = line.substring(1).strip();
      } else if (line.startsWith("diff --git ")) {
        finishFile();
      } else if (line.startsWith("+++ ")) {
        String target = QuotedPath.unquote(line.substring(4));
        path = target.startsWith("b/") ? target.substring(2) : null;
      } else if (line.startsWith("@@ ")) {
        Matcher matcher = HUNK.matcher(line);
        if (matcher.matches()) {
          nextLine = Integer.parseInt(matcher.group(1));
          addedLeft = matcher.group(2) == null ? 1 : Integer.parseInt(matcher.group(2));
        }
      }
    }

    void finish() {
      finishCommit();
    }

    private void finishFile() {
      if (path != null && count > 0) {
        files.add(
            new AddedFile(
                path,
                java.util.Arrays.copyOf(numbers, count),
                java.util.Arrays.copyOf(fingerprints, count)));
      }
      path = null;
      count = 0;
      addedLeft = 0;
    }

    private void finishCommit() {
      finishFile();
      if (sha != null) {
        out.add(new CommitDiff(sha, List.copyOf(files)));
      }
      files = new ArrayList<>();
    }
  }
}
