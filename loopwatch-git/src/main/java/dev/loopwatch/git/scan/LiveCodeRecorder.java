package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.blame.Attribution;
import dev.loopwatch.git.blame.LineAttribution;
import dev.loopwatch.git.blame.LiveCode;
import dev.loopwatch.git.blame.LiveCodeResult;
import dev.loopwatch.git.blame.LiveFile;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.exclusion.Exclusions;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Measures the live code at a scanned repository's tip with blame, crediting each line from the
 * evidence the scan stored, and replaces the repository's live-code rows in one transaction.
 * Excluded files (lock files, generated, vendored, user globs) are not blamed.
 */
public final class LiveCodeRecorder {
  private final Store store;

  /** A recorder writing to {@code store}. */
  public LiveCodeRecorder(Store store) {
    this.store = requireNonNull(store, "store is null");
  }

  /** Blames the files at {@code outcome}'s tip and stores the result. */
  public LiveCodeResult record(
      Path repo, ScanOutcome outcome, ScanOptions options, Progress progress) {
    Git git = Git.open(repo);
    Exclusions exclusions = Exclusions.load(git, outcome.tip(), options.excludeGlobs());
    // A scan of a folder blames that folder's files only.
    Optional<String> scope = git.subfolder();
    List<String> tracked =
        LiveCode.trackedFiles(git, outcome.tip()).stream()
            .filter(path -> scope.map(folder -> path.startsWith(folder + "/")).orElse(true))
            .toList();
    Map<String, ?> excluded = exclusions.classify(tracked);
    List<String> paths = tracked.stream().filter(p -> !excluded.containsKey(p)).toList();
    progress.total(paths.size());
    LineAttribution attribution =
        store.read(connection -> attribution(connection, outcome.repoId()));
    LiveCodeResult result =
        LiveCode.measure(
            git,
            outcome.tip(),
            paths,
            exclusions.ignoredRevisions(),
            attribution,
            options.parallelism(),
            progress);
    store.inTransaction(connection -> {
      write(connection, outcome.repoId(), result);
      return null;
    });
    return result;
  }

  /** What one commit's evidence says of its lines. */
  private record CommitCredit(
      Optional<Attribution> wholeCommit, Map<String, List<LineCredit>> lines) {}

  /** Line-level evidence for one file of one commit. */
  private record LineCredit(RangeSet lines, String agent) {}

  private static LineAttribution attribution(Connection connection, int repoId)
      throws SQLException {
    Map<String, Map<String, List<LineCredit>>> lineLevel = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT sha, path, ranges, agent FROM git_line_evidence WHERE repo_id = ?")) {
      statement.setInt(1, repoId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          lineLevel
              .computeIfAbsent(rows.getString(1), k -> new HashMap<>())
              .computeIfAbsent(rows.getString(2), k -> new ArrayList<>())
              .add(new LineCredit(RangeSet.parse(rows.getString(3)), rows.getString(4)));
        }
      }
    }
    Map<String, Attribution> changeLevel = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT sha, confidence, agent FROM git_commit_evidence WHERE repo_id = ? AND confidence <> 'STRONG'"
                + " ORDER BY sha, confidence DESC, detector, agent")) {
      statement.setInt(1, repoId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Attribution candidate =
              new Attribution(Confidence.valueOf(rows.getString(2)), rows.getString(3));
          changeLevel.merge(
              rows.getString(1),
              candidate,
              (a, b) -> a.confidence().compareTo(b.confidence()) <= 0 ? a : b);
        }
      }
    }
    Map<String, CommitCredit> credits = new HashMap<>();
    for (String sha : union(lineLevel.keySet(), changeLevel.keySet())) {
      credits.put(
          sha,
          new CommitCredit(
              Optional.ofNullable(changeLevel.get(sha)), lineLevel.getOrDefault(sha, Map.of())));
    }
    return (commit, path, line) -> {
      CommitCredit credit = credits.get(commit);
      if (credit == null) {
        return Optional.empty();
      }
      // As when mining: line-level evidence decides the files it covers, change-level evidence the
      // others.
      List<LineCredit> fileCredits = credit.lines().get(path);
      if (fileCredits == null) {
        return credit.wholeCommit();
      }
      for (LineCredit lines : fileCredits) {
        if (lines.lines().contains(line)) {
          return Optional.of(new Attribution(Confidence.STRONG, lines.agent()));
        }
      }
      return Optional.empty();
    };
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> result = new java.util.HashSet<>(a);
    result.addAll(b);
    return result;
  }

  private static void write(Connection connection, int repoId, LiveCodeResult result)
      throws SQLException {
    for (String table : List.of("git_live_files", "git_live_agents")) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE repo_id = ?")) {
        delete.setInt(1, repoId);
        delete.executeUpdate();
      }
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM git_warnings WHERE repo_id = ? AND kind = 'blame-failed'")) {
      delete.setInt(1, repoId);
      delete.executeUpdate();
    }
    DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
    try (DuckDBAppender files =
            duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_live_files");
        DuckDBAppender agents =
            duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_live_agents");
        DuckDBAppender warnings =
            duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_warnings")) {
      for (LiveFile file : result.files()) {
        files.beginRow();
        files.append(repoId);
        files.append(result.revision());
        files.append(file.path());
        files.append(file.lines());
        files.append(file.strong());
        files.append(file.medium());
        files.append(file.weak());
        files.endRow();
      }
      for (Map.Entry<String, Long> agent : result.linesByAgent().entrySet()) {
        agents.beginRow();
        agents.append(repoId);
        agents.append(result.revision());
        agents.append(agent.getKey());
        agents.append(agent.getValue().longValue());
        agents.endRow();
      }
      for (ScanWarning warning : result.warnings()) {
        warnings.beginRow();
        warnings.append(repoId);
        warnings.append(warning.kind());
        warnings.append(warning.subject());
        warnings.append(warning.message());
        warnings.endRow();
      }
    }
  }
}
