package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.exclusion.ExclusionReason;
import dev.loopwatch.git.exclusion.Exclusions;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.owners.CodeOwners;
import dev.loopwatch.git.provenance.LineEvidenceSource;
import dev.loopwatch.git.provenance.ProvenanceMiner;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.MissingBlobs;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.store.ScanWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Scans one repository into the store, in one transaction: mines the changes not yet stored (all of
 * them the first time; after a force-push, everything after the fork point), then reclassifies
 * exclusions and ignored revisions as of the new tip. A failed or killed scan leaves the previous
 * data as it was.
 */
public final class RepositoryScanner {
  private final Store store;
  private final IdentityTable identities;
  private final List<LineEvidenceSource> extraSources;
  private final Optional<StoredName> storedName;

  /** A scanner writing to {@code store}, classifying identities with {@code identities}. */
  public RepositoryScanner(Store store, IdentityTable identities) {
    this(store, identities, List.of(), Optional.empty());
  }

  private RepositoryScanner(
      Store store,
      IdentityTable identities,
      List<LineEvidenceSource> extraSources,
      Optional<StoredName> storedName) {
    this.store = requireNonNull(store, "store is null");
    this.identities = requireNonNull(identities, "identities is null");
    this.extraSources = List.copyOf(extraSources);
    this.storedName = requireNonNull(storedName, "storedName is null");
  }

  /** The root and name a repository is stored under in place of its own folder's. */
  private record StoredName(String root, String name) {
    StoredName {
      requireNonNull(root, "root is null");
      requireNonNull(name, "name is null");
    }
  }

  /**
   * This scanner, also asking {@code sources} for line-level evidence (such as a {@link
   * dev.loopwatch.git.provenance.SessionMatcher}) on the commits each scan mines.
   */
  public RepositoryScanner withLineEvidence(List<LineEvidenceSource> sources) {
    return new RepositoryScanner(store, identities, sources, storedName);
  }

  /**
   * This scanner, storing the repository as {@code root} named {@code name} instead of by the
   * folder it is read from: a clone in scratch space stands for its URL, so its stored tip (and a
   * later incremental scan) follows the URL wherever the clone is made.
   */
  public RepositoryScanner storedAs(String root, String name) {
    return new RepositoryScanner(
        store, identities, extraSources, Optional.of(new StoredName(root, name)));
  }

  /** Scans the repository at {@code path}; {@code progress} makes the bar for the mining pass. */
  public ScanOutcome scan(Path path, ScanOptions options, Function<String, Progress> progress) {
    Git git = Git.open(path);
    try {
      return scan(git, options, progress, Optional.empty());
    } catch (LoopwatchException failure) {
      if (failure.kind() != LoopwatchException.Kind.EXTERNAL) {
        throw failure;
      }
      // git stops at the first blob it cannot read: on a clone missing a few, scan again with
      // placeholders (their files count as binary) and say so; otherwise the failure stands.
      MissingBlobs missing = MissingBlobs.find(git);
      if (missing.missing().isEmpty()) {
        throw failure;
      }
      Optional<String> refusal = missing.refusal(git.topLevel());
      if (refusal.isPresent()) {
        throw LoopwatchException.userInput(refusal.get());
      }
      Path placeholders = missing.writePlaceholders();
      try {
        ScanWarning warning =
            new ScanWarning(
                "missing-blobs",
                git.topLevel().toString(),
                missing.missing().size()
                    + " blobs are missing from this clone (first: "
                    + missing.missing().getFirst()
                    + "); their files count as binary and are left out");
        return scan(
            git.withAlternateObjects(placeholders), options, progress, Optional.of(warning));
      } finally {
        MissingBlobs.delete(placeholders);
      }
    }
  }

  private ScanOutcome scan(
      Git git,
      ScanOptions options,
      Function<String, Progress> progress,
      Optional<ScanWarning> missingBlobs) {
    BranchChoice branch = BranchChoice.choose(git, options.branch());
    Optional<String> rangeBase = Optional.empty();
    if (options.range().isPresent()) {
      String range = options.range().get();
      int dots = range.indexOf("..");
      if (dots < 0 || range.contains("...")) {
        throw LoopwatchException.userInput(
            "--range must look like A..B (or A.. for A up to the branch): '" + range + "'");
      }
      String from = range.substring(0, dots);
      String to = range.substring(dots + 2);
      rangeBase = Optional.of(resolve(git, from));
      if (!to.isEmpty()) {
        branch = new BranchChoice(to, resolve(git, to), false);
      }
    }
    Optional<String> fixedBase = rangeBase;
    BranchChoice chosen = branch;
    boolean shallow =
        git.run(List.of("rev-parse", "--is-shallow-repository")).strip().equals("true");
    List<String> boundary = shallow ? git.shallowBoundary() : List.of();
    Exclusions exclusions = Exclusions.load(git, branch.tip(), options.excludeGlobs());
    CodeOwners.Loaded owners = CodeOwners.read(git, branch.tip());
    // A scan of a folder inside the work tree counts that folder only; its identity in the store,
    // "top:folder", keeps it apart from a scan of the whole repository.
    Optional<String> scope = git.subfolder();
    String top = git.topLevel().toString();
    String topName =
        git.topLevel().getFileName() == null ? top : git.topLevel().getFileName().toString();
    String root =
        storedName
            .map(StoredName::root)
            .orElse(scope.map(folder -> top + ":" + folder).orElse(top));
    String name =
        storedName
            .map(StoredName::name)
            .orElse(scope.map(folder -> topName + ":" + folder).orElse(topName));

    return store.inTransaction(connection -> {
      int repoId = repoId(connection, root, name, chosen.name());
      Optional<String> storedTip = storedTip(connection, repoId);
      String mode;
      Optional<String> base = Optional.empty();
      int firstSequence = 0;
      if (fixedBase.isPresent()) {
        mode = "range";
        deleteAfter(connection, repoId, -1);
        base = fixedBase;
      } else if (storedTip.isEmpty()) {
        mode = "full";
      } else if (!Set.copyOf(boundary).containsAll(storedBoundary(connection, repoId))) {
        // The clone was deepened: a stored boundary commit now has its parents, so its stored
        // lines (its whole tree) are wrong and older changes are missing. Mine it all again.
        mode = "deepened";
        deleteAfter(connection, repoId, -1);
      } else if (storedTip.get().equals(chosen.tip())) {
        mode = "unchanged";
      } else if (isAncestor(git, storedTip.get(), chosen.tip())) {
        mode = "incremental";
        base = storedTip;
        firstSequence = maxSequence(connection, repoId) + 1;
      } else {
        mode = "rewritten";
        Optional<Fork> fork = forkPoint(connection, git, repoId, chosen.tip());
        deleteAfter(connection, repoId, fork.map(Fork::sequence).orElse(-1));
        base = fork.map(Fork::sha);
        firstSequence = fork.map(f -> f.sequence() + 1).orElse(0);
      }
      int mined = 0;
      long warnings;
      deleteWarnings(
          connection,
          repoId,
          List.of(
              "shallow-clone",
              "shallow-boundary",
              "detached-head",
              "bad-ignore-rev",
              "missing-ignore-revs-file",
              "bad-codeowners-line"));
      if (missingBlobs.isPresent() || mode.equals("full") || mode.equals("deepened")) {
        // Kept across incremental scans: the placeholders' changes stay in the store until a
        // scan mines them all again.
        deleteWarnings(connection, repoId, List.of("missing-blobs"));
      }
      try (ScanWriter writer = new ScanWriter(connection, repoId)) {
        if (shallow) {
          writer.warning(
              new ScanWarning(
                  "shallow-clone",
                  root,
                  "the clone is shallow: history before the cut-off is missing from every number"));
        }
        if (chosen.detached()) {
          writer.warning(
              new ScanWarning(
                  "detached-head", root, "HEAD is detached; scanned it (pass --branch to choose)"));
        }
        missingBlobs.ifPresent(writer::warning);
        exclusions.warnings().forEach(writer::warning);
        owners.warnings().forEach(writer::warning);
        if (!mode.equals("unchanged")) {
          ProvenanceMiner miner =
              new ProvenanceMiner(git, identities, exclusions.ignoredRevisions(), extraSources)
                  .scopedTo(scope);
          try (Progress bar = progress.apply(name)) {
            mined =
                miner.mine(
                    new ProvenanceMiner.Range(
                        chosen.tip(), base, firstSequence, options.since(), options.until()),
                    writer,
                    bar);
          }
        }
        warnings = writer.warningCount();
      }
      applyExclusions(connection, repoId, exclusions, boundary);
      warnings += warnBoundary(connection, repoId, boundary);
      applyIgnoredRevisions(connection, repoId, exclusions.ignoredRevisions());
      replaceCodeOwners(connection, repoId, owners.owners());
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE git_repos SET tip = ?, shallow = ?, scanned_at = ? WHERE repo_id = ?")) {
        update.setString(1, chosen.tip());
        update.setBoolean(2, shallow);
        update.setLong(3, Instant.now().getEpochSecond());
        update.setInt(4, repoId);
        update.executeUpdate();
      }
      return new ScanOutcome(
          repoId, name, chosen.name(), chosen.tip(), mined, mode, shallow, warnings);
    });
  }

  private static String resolve(Git git, String revision) {
    return git.resolveCommit(revision)
        .orElseThrow(() ->
            LoopwatchException.userInput(
                git.topLevel() + ": '" + revision + "' does not name a commit"));
  }

  private static int repoId(Connection connection, String root, String name, String branch)
      throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement(
            "SELECT repo_id FROM git_repos WHERE root = ? AND branch = ?")) {
      find.setString(1, root);
      find.setString(2, branch);
      try (ResultSet rows = find.executeQuery()) {
        if (rows.next()) {
          return rows.getInt(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO git_repos (root, name, branch, tip, shallow, scanned_at) VALUES (?, ?, ?, '', false, 0)"
                + " RETURNING repo_id")) {
      insert.setString(1, root);
      insert.setString(2, name);
      insert.setString(3, branch);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static Optional<String> storedTip(Connection connection, int repoId) throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement("SELECT tip FROM git_repos WHERE repo_id = ?")) {
      find.setInt(1, repoId);
      try (ResultSet rows = find.executeQuery()) {
        if (rows.next() && !rows.getString(1).isEmpty()) {
          return Optional.of(rows.getString(1));
        }
      }
    }
    return Optional.empty();
  }

  private static int maxSequence(Connection connection, int repoId) throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement(
            "SELECT coalesce(max(seq), -1) FROM git_changes WHERE repo_id = ?")) {
      find.setInt(1, repoId);
      try (ResultSet rows = find.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static boolean isAncestor(Git git, String ancestor, String descendant) {
    return git.tryRun(List.of("merge-base", "--is-ancestor", ancestor, descendant)).exitCode() == 0;
  }

  /** A stored change that is still on the branch's chain. */
  private record Fork(String sha, int sequence) {}

  /** The newest stored change still on the first-parent chain of {@code tip}. */
  private static Optional<Fork> forkPoint(Connection connection, Git git, int repoId, String tip)
      throws SQLException {
    Set<String> chain =
        new HashSet<>(git.run(List.of("rev-list", "--first-parent", tip)).lines().toList());
    try (PreparedStatement stored =
        connection.prepareStatement(
            "SELECT sha, seq FROM git_changes WHERE repo_id = ? ORDER BY seq DESC")) {
      stored.setInt(1, repoId);
      try (ResultSet rows = stored.executeQuery()) {
        while (rows.next()) {
          if (chain.contains(rows.getString(1))) {
            return Optional.of(new Fork(rows.getString(1), rows.getInt(2)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Deletes every change after {@code sequence}, and all that hangs off them. */
  private static void deleteAfter(Connection connection, int repoId, int sequence)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE OR REPLACE TEMP TABLE lw_dropped AS SELECT sha FROM git_changes WHERE repo_id = "
              + repoId
              + " AND seq > "
              + sequence);
      for (String table : List.of("git_change_files", "git_change_credits", "git_changes")) {
        statement.execute(
            "DELETE FROM "
                + table
                + " WHERE repo_id = "
                + repoId
                + " AND sha IN (SELECT sha FROM lw_dropped)");
      }
      for (String table : List.of("git_commit_evidence", "git_line_evidence")) {
        statement.execute(
            "DELETE FROM "
                + table
                + " WHERE repo_id = "
                + repoId
                + " AND owner_sha IN (SELECT sha FROM lw_dropped)");
      }
      statement.execute("DROP TABLE lw_dropped");
    }
  }

  private static void deleteWarnings(Connection connection, int repoId, List<String> kinds)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM git_warnings WHERE repo_id = ? AND kind = ?")) {
      for (String kind : kinds) {
        delete.setInt(1, repoId);
        delete.setString(2, kind);
        delete.executeUpdate();
      }
    }
  }

  /**
   * The stored changes left out as shallow-clone boundary commits, the whole tree at the cut-off.
   */
  private static Set<String> storedBoundary(Connection connection, int repoId) throws SQLException {
    Set<String> result = new HashSet<>();
    try (PreparedStatement find =
        connection.prepareStatement(
            "SELECT DISTINCT sha FROM git_change_files WHERE repo_id = ? AND exclusion = ?")) {
      find.setInt(1, repoId);
      find.setString(2, ExclusionReason.SHALLOW_BOUNDARY.name());
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          result.add(rows.getString(1));
        }
      }
    }
    return result;
  }

  /**
   * One warning per stored shallow-boundary change, naming its files and added lines; returns how
   * many.
   */
  private static int warnBoundary(Connection connection, int repoId, List<String> boundary)
      throws SQLException {
    if (boundary.isEmpty()) {
      return 0;
    }
    int count = 0;
    try (PreparedStatement find =
            connection.prepareStatement(
                "SELECT sha, count(*), coalesce(sum(added), 0) FROM git_change_files"
                    + " WHERE repo_id = ? AND exclusion = ? GROUP BY sha ORDER BY sha");
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO git_warnings VALUES (?, ?, ?, ?)")) {
      find.setInt(1, repoId);
      find.setString(2, ExclusionReason.SHALLOW_BOUNDARY.name());
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          insert.setInt(1, repoId);
          insert.setString(2, "shallow-boundary");
          insert.setString(3, rows.getString(1));
          insert.setString(
              4,
              "boundary commit of the shallow clone left out of the counts: git shows it without"
                  + " its parents, so its "
                  + rows.getLong(3)
                  + " added lines in "
                  + rows.getLong(2)
                  + " files are the whole tree at the cut-off");
          insert.executeUpdate();
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Reclassifies every stored path of the repository against the exclusions as of the new tip; the
   * files of shallow-clone boundary commits are excluded as such.
   */
  private static void applyExclusions(
      Connection connection, int repoId, Exclusions exclusions, List<String> boundary)
      throws SQLException {
    List<String> paths = new ArrayList<>();
    try (PreparedStatement distinct =
        connection.prepareStatement(
            "SELECT DISTINCT path FROM git_change_files WHERE repo_id = ? ORDER BY path")) {
      distinct.setInt(1, repoId);
      try (ResultSet rows = distinct.executeQuery()) {
        while (rows.next()) {
          paths.add(rows.getString(1));
        }
      }
    }
    Map<String, ExclusionReason> excluded = new TreeMap<>(exclusions.classify(paths));
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE OR REPLACE TEMP TABLE lw_exclusions (path VARCHAR, reason VARCHAR)");
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      try (DuckDBAppender appender = duck.createAppender("temp", "main", "lw_exclusions")) {
        for (Map.Entry<String, ExclusionReason> entry : excluded.entrySet()) {
          appender.beginRow();
          appender.append(entry.getKey());
          appender.append(entry.getValue().name());
          appender.endRow();
        }
      }
      statement.execute("CREATE OR REPLACE TEMP TABLE lw_boundary (sha VARCHAR)");
      try (DuckDBAppender appender = duck.createAppender("temp", "main", "lw_boundary")) {
        for (String sha : boundary) {
          appender.beginRow();
          appender.append(sha);
          appender.endRow();
        }
      }
      statement.execute(
          "UPDATE git_change_files SET exclusion = CASE"
              + " WHEN sha IN (SELECT sha FROM lw_boundary) THEN '"
              + ExclusionReason.SHALLOW_BOUNDARY.name()
              + "' WHEN is_binary THEN 'BINARY' ELSE"
              + " (SELECT reason FROM lw_exclusions e WHERE e.path = git_change_files.path) END"
              + " WHERE repo_id = "
              + repoId);
      statement.execute("DROP TABLE lw_exclusions");
      statement.execute("DROP TABLE lw_boundary");
    }
  }

  private static void replaceCodeOwners(
      Connection connection, int repoId, Optional<CodeOwners> owners) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM git_codeowners WHERE repo_id = ?")) {
      delete.setInt(1, repoId);
      delete.executeUpdate();
    }
    if (owners.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO git_codeowners VALUES (?, ?, ?, ?, ?)")) {
      for (CodeOwners.Rule rule : owners.get().rules()) {
        insert.setInt(1, repoId);
        insert.setString(2, owners.get().file());
        insert.setInt(3, rule.line());
        insert.setString(4, rule.pattern());
        insert.setString(5, rule.owner().orElse(null));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void applyIgnoredRevisions(Connection connection, int repoId, Set<String> ignored)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE OR REPLACE TEMP TABLE lw_ignored (sha VARCHAR)");
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      try (DuckDBAppender appender = duck.createAppender("temp", "main", "lw_ignored")) {
        for (String sha : ignored) {
          appender.beginRow();
          appender.append(sha);
          appender.endRow();
        }
      }
      statement.execute(
          "UPDATE git_changes SET ignored_revision = (sha IN (SELECT sha FROM lw_ignored)) WHERE repo_id = "
              + repoId);
      statement.execute("DROP TABLE lw_ignored");
    }
  }
}
