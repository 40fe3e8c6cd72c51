package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.store.exchange.ExportManifest;
import dev.loopwatch.core.store.exchange.StoreExport;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.provenance.LineEvidenceSource;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.store.GitSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The miner as one function: a repository and its previous state in, the rows of every {@code
 * git_*} table and the new state out. The rows are a {@code loopwatch export} folder holding that
 * one repository, and they are the state too: a call loads the folder left by the previous call
 * into an in-memory store, {@link RepositoryScanner} scans into it exactly as {@code scan} scans
 * into a shared store (it finds the stored tip and mines only the new commits), and the store is
 * written back as the new folder. {@code loopwatch import} merges any number of such folders; the
 * repository's id is 1 in every one of them, and the import renumbers it.
 *
 * <p>The numbers are the shared-store scan's to the line because the code that makes the rows is
 * the same scanner; only where they are kept differs. With {@link ScanOptions#blame()} the miner
 * also measures the live code at the tip, as {@code scan --blame} does with {@link
 * LiveCodeRecorder}, and {@link #withLineEvidence} gives it the sources {@code scan --sessions}
 * gives its scanner. A failed call leaves the previous folder as it was.
 */
public final class RepositoryMiner {
  private final IdentityTable identities;
  private final ScanOptions options;
  private final Optional<StoredName> storedAs;
  private final List<LineEvidenceSource> lineEvidence;

  /** A miner classifying identities with {@code identities} and scanning with {@code options}. */
  public RepositoryMiner(IdentityTable identities, ScanOptions options) {
    this(identities, options, Optional.empty(), List.of());
  }

  private RepositoryMiner(
      IdentityTable identities,
      ScanOptions options,
      Optional<StoredName> storedAs,
      List<LineEvidenceSource> lineEvidence) {
    this.identities = requireNonNull(identities, "identities is null");
    this.options = requireNonNull(options, "options is null");
    this.storedAs = requireNonNull(storedAs, "storedAs is null");
    this.lineEvidence = List.copyOf(lineEvidence);
  }

  /** The root and name the repository is stored under. */
  private record StoredName(String root, String name) {
    StoredName {
      requireNonNull(root, "root is null");
      requireNonNull(name, "name is null");
    }
  }

  /**
   * This miner, storing the repository as {@code root} named {@code name} (a clone in scratch space
   * stands for its URL); see {@link RepositoryScanner#storedAs}.
   */
  public RepositoryMiner storedAs(String root, String name) {
    return new RepositoryMiner(
        identities, options, Optional.of(new StoredName(root, name)), lineEvidence);
  }

  /**
   * This miner, also asking {@code sources} for line-level evidence (such as a {@link
   * dev.loopwatch.git.provenance.SessionMatcher}) on the commits it mines, in {@link #mine} and
   * {@link #mineRange} alike; see {@link RepositoryScanner#withLineEvidence}.
   */
  public RepositoryMiner withLineEvidence(List<LineEvidenceSource> sources) {
    return new RepositoryMiner(identities, options, storedAs, sources);
  }

  /**
   * What one call did.
   *
   * @param outcome the scan's outcome (its mode says whether the state made it incremental)
   * @param rows the manifest of the rows folder: each git table's row count
   */
  public record Mined(ScanOutcome outcome, ExportManifest rows) {
    public Mined {
      requireNonNull(outcome, "outcome is null");
      requireNonNull(rows, "rows is null");
    }
  }

  /**
   * Mines the repository at {@code repo} on top of the rows folder {@code rows} left by an earlier
   * call (mining in full when there is none), and writes all of the repository's rows, old and new,
   * as the new folder; a folder whose tip has not moved is kept as it is (with blame, only when it
   * already holds the live code at that tip).
   *
   * @throws LoopwatchException as {@link RepositoryScanner#scan} does, or USER_INPUT naming the
   *     file when the folder is damaged; the folder is then unchanged
   */
  public Mined mine(Path repo, Path rows) {
    requireNonNull(repo, "repo is null");
    requireNonNull(rows, "rows is null");
    Path folder = rows.toAbsolutePath().normalize();
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      boolean restored = restore(store, folder);
      ScanOutcome outcome = scanner(store).scan(repo, options, name -> Progress.silent());
      if (restored
          && outcome.mode().equals("unchanged")
          && (!options.blame() || hasLiveCode(store, outcome))) {
        // The same tip gives the same rows (exclusions, owners, warnings and live code are all
        // read at the tip), so the folder already written stands; only its scanned_at is older.
        return new Mined(outcome, ExportManifest.read(folder));
      }
      recordLiveCode(store, repo, outcome);
      return new Mined(outcome, replace(store, folder));
    }
  }

  /**
   * Cuts the first-parent chain of the branch this miner follows into at most {@code parts} ranges
   * of nearly equal numbers of changes and at least {@code minChanges} each (one range when the
   * chain is shorter), oldest first. Mining each with {@link #mineRange} (anywhere, in any order)
   * and joining the folders with {@link #join} gives the rows one full {@link #mine} gives, so one
   * giant repository can be mined by several executors at once.
   *
   * @throws LoopwatchException as {@link RepositoryScanner#scan} does for a bad repository or
   *     branch
   * @throws IllegalArgumentException if {@code parts} is not positive, or the options keep only
   *     part of the chain (a time window, a range), which ranges of the whole chain would not match
   */
  public List<ChainRange> cut(Path repo, int parts, int minChanges) {
    requireNonNull(repo, "repo is null");
    if (parts < 1 || minChanges < 1) {
      throw new IllegalArgumentException(
          "parts and minChanges must be positive: " + parts + ", " + minChanges);
    }
    if (options.since().isPresent() || options.until().isPresent() || options.range().isPresent()) {
      throw new IllegalArgumentException("a chain is cut whole: no --since, --until or --range");
    }
    Git git = Git.open(repo);
    BranchChoice branch = BranchChoice.choose(git, options.branch());
    List<String> chain =
        git.run(List.of("rev-list", "--first-parent", "--reverse", branch.tip())).lines().toList();
    int count = Math.max(1, Math.min(parts, chain.size() / minChanges));
    List<ChainRange> ranges = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int first = (int) ((long) chain.size() * i / count);
      int last = (int) ((long) chain.size() * (i + 1) / count) - 1;
      Optional<String> base = first == 0 ? Optional.empty() : Optional.of(chain.get(first - 1));
      ranges.add(new ChainRange(base, chain.get(last), first));
    }
    return ranges;
  }

  /**
   * A contiguous part of a first-parent chain: the changes after {@code base} up to and including
   * {@code tip}.
   *
   * @param base the change before the range, empty when the range starts at the first commit
   * @param tip the range's newest change
   * @param firstSequence the chain position of the range's oldest change
   */
  public record ChainRange(Optional<String> base, String tip, int firstSequence) {
    public ChainRange {
      requireNonNull(base, "base is null");
      requireNonNull(tip, "tip is null");
      if (firstSequence < 0) {
        throw new IllegalArgumentException("firstSequence must not be negative: " + firstSequence);
      }
    }
  }

  /**
   * Mines only the changes of {@code range} (one of {@link #cut}'s) into a fresh rows folder,
   * replacing any folder there; {@link #join} puts such folders together.
   */
  public Mined mineRange(Path repo, ChainRange range, Path rows) {
    requireNonNull(repo, "repo is null");
    requireNonNull(range, "range is null");
    Path folder = rows.toAbsolutePath().normalize();
    // The first range is a full scan of its tip; the others are `--range base..tip`. Both number
    // their changes from 0, and the join shifts them to their place in the chain.
    ScanOptions part =
        new ScanOptions(
            range.base().isPresent() ? options.branch() : Optional.of(range.tip()),
            Optional.empty(),
            Optional.empty(),
            options.excludeGlobs(),
            false,
            options.parallelism(),
            range.base().map(base -> base + ".." + range.tip()));
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      ScanOutcome outcome = scanner(store).scan(repo, part, name -> Progress.silent());
      return new Mined(outcome, replace(store, folder));
    }
  }

  /**
   * Joins the folders {@link #mineRange} wrote for {@code ranges} (the same order, oldest first)
   * into the repository's rows folder {@code rows}, as one full {@link #mine} would have written
   * it: the changes take their places in the chain, and exclusions, ignored revisions, CODEOWNERS,
   * warnings (and, with blame, live code) are read once, at the branch's tip. The range folders are
   * left as they are; a failure leaves {@code rows} as it was.
   *
   * @throws LoopwatchException USER_INPUT naming the file when a range folder is damaged, or when
   *     the ranges do not end at the branch's tip (it moved since the cut: cut and mine again)
   */
  public Mined join(Path repo, List<ChainRange> ranges, List<Path> folders, Path rows) {
    requireNonNull(repo, "repo is null");
    if (ranges.isEmpty() || ranges.size() != folders.size()) {
      throw new IllegalArgumentException(
          ranges.size() + " ranges and " + folders.size() + " folders: need one folder a range");
    }
    Path folder = rows.toAbsolutePath().normalize();
    BranchChoice branch = BranchChoice.choose(Git.open(repo), options.branch());
    String lastTip = ranges.getLast().tip();
    if (!branch.tip().equals(lastTip)) {
      throw LoopwatchException.userInput(
          repo
              + ": branch '"
              + branch.name()
              + "' is at "
              + branch.tip()
              + ", not at the last range's tip "
              + lastTip
              + "; it moved since the chain was cut: cut and mine again");
    }
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      store.inTransaction(connection -> {
        try (Statement statement = connection.createStatement()) {
          for (int i = 0; i < ranges.size(); i++) {
            Path part = folders.get(i).toAbsolutePath().normalize();
            ExportManifest manifest = ExportManifest.read(part);
            Integer version = manifest.schemas().get(GitSchema.PART.name());
            if (version == null || version != store.version(GitSchema.PART.name())) {
              throw damaged(part.resolve(ExportManifest.FILE), "another schema version");
            }
            load(statement, part, manifest, ranges.get(i).firstSequence(), i == 0, JOINED_ID);
          }
          drawPastStoredIds(statement);
          // A clone missing blobs warns once in a whole scan, naming them all; every range that
          // met one of them wrote the same warning.
          statement.execute(
              "CREATE TEMP TABLE lw_blobs AS SELECT DISTINCT * FROM git_warnings"
                  + " WHERE kind = 'missing-blobs'");
          statement.execute("DELETE FROM git_warnings WHERE kind = 'missing-blobs'");
          statement.execute("INSERT INTO git_warnings SELECT * FROM lw_blobs");
          statement.execute("DROP TABLE lw_blobs");
          // The first range's repository row stands for the whole chain: the branch and its tip.
          statement.execute(
              "UPDATE git_repos SET branch = '"
                  + branch.name().replace("'", "''")
                  + "', tip = '"
                  + lastTip
                  + "'");
        }
        return null;
      });
      ScanOutcome tipPass = scanner(store).scan(repo, options, name -> Progress.silent());
      if (!tipPass.mode().equals("unchanged")) {
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL,
            repo + ": the joined ranges did not make the branch's rows (" + tipPass.mode() + ")",
            null);
      }
      recordLiveCode(store, repo, tipPass);
      ExportManifest manifest = replace(store, folder);
      long changes = manifest.rows().getOrDefault("git_changes", 0L);
      ScanOutcome outcome =
          new ScanOutcome(
              tipPass.repoId(),
              tipPass.name(),
              tipPass.branch(),
              tipPass.tip(),
              Math.toIntExact(changes),
              "full",
              tipPass.shallow(),
              tipPass.warnings());
      return new Mined(outcome, manifest);
    }
  }

  /**
   * The repository's id in a joined folder. Each range's folder has its own: usually 1, but a scan
   * that met missing blobs drew a second id for its retry (sequences do not roll back).
   */
  private static final OptionalInt JOINED_ID = OptionalInt.of(1);

  private RepositoryScanner scanner(Store store) {
    RepositoryScanner scanner =
        new RepositoryScanner(store, identities).withLineEvidence(lineEvidence);
    return storedAs.map(name -> scanner.storedAs(name.root(), name.name())).orElse(scanner);
  }

  /** With blame, measures the live code at {@code outcome}'s tip into {@code store}. */
  private void recordLiveCode(Store store, Path repo, ScanOutcome outcome) {
    if (options.blame()) {
      new LiveCodeRecorder(store).record(repo, outcome, options, Progress.silent());
    }
  }

  /** Whether {@code store} holds live code measured at {@code outcome}'s tip. */
  private static boolean hasLiveCode(Store store, ScanOutcome outcome) {
    return store.read(connection -> {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT (SELECT count(*) FROM git_live_files WHERE repo_id = ? AND revision = ?)"
                  + " + (SELECT count(*) FROM git_live_agents WHERE repo_id = ? AND revision = ?)")) {
        statement.setInt(1, outcome.repoId());
        statement.setString(2, outcome.tip());
        statement.setInt(3, outcome.repoId());
        statement.setString(4, outcome.tip());
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          return result.getLong(1) > 0;
        }
      }
    });
  }

  /**
   * Loads the rows folder of an earlier call into {@code store}; false when there is none, or one
   * of another schema version (it is then mined in full and replaced).
   */
  private static boolean restore(Store store, Path folder) {
    if (!Files.isRegularFile(folder.resolve(ExportManifest.FILE))) {
      return false;
    }
    ExportManifest manifest = ExportManifest.read(folder);
    Integer version = manifest.schemas().get(GitSchema.PART.name());
    if (version == null || version != store.version(GitSchema.PART.name())) {
      return false;
    }
    return store.inTransaction(connection -> {
      try (Statement statement = connection.createStatement()) {
        load(statement, folder, manifest, 0, true, OptionalInt.empty());
        drawPastStoredIds(statement);
      }
      return true;
    });
  }

  /**
   * Inserts every table of the export {@code folder}, its changes' sequence numbers shifted by
   * {@code shift}; the repository row only when {@code withRepository}; every row's repository id
   * replaced by {@code repoId} when given.
   */
  private static void load(
      Statement statement,
      Path folder,
      ExportManifest manifest,
      int shift,
      boolean withRepository,
      OptionalInt repoId) {
    for (Map.Entry<String, Long> table : manifest.rows().entrySet()) {
      if (!withRepository && table.getKey().equals("git_repos")) {
        continue;
      }
      Path file = folder.resolve(table.getKey() + ".parquet");
      List<String> replaced = new ArrayList<>();
      if (table.getKey().equals("git_changes")) {
        replaced.add("seq + " + shift + " AS seq");
      }
      repoId.ifPresent(id -> replaced.add(id + " AS repo_id"));
      String columns = replaced.isEmpty() ? "*" : "* REPLACE (" + String.join(", ", replaced) + ")";
      int loaded;
      try {
        loaded =
            statement.executeUpdate(
                "INSERT INTO "
                    + table.getKey()
                    + " BY NAME SELECT "
                    + columns
                    + " FROM read_parquet('"
                    + file.toString().replace("'", "''")
                    + "')");
      } catch (SQLException e) {
        throw damaged(file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      if (loaded != table.getValue()) {
        throw damaged(file, loaded + " rows where the manifest says " + table.getValue());
      }
    }
  }

  /** The loaded ids were drawn from a sequence this store has not used: draws past them. */
  private static void drawPastStoredIds(Statement statement) throws SQLException {
    try (ResultSet highest =
        statement.executeQuery("SELECT coalesce(max(repo_id), 0) FROM git_repos")) {
      highest.next();
      for (int i = highest.getInt(1); i > 0; i--) {
        statement.execute("SELECT nextval('git_repo_ids')");
      }
    }
  }

  private static LoopwatchException damaged(Path file, String why) {
    return LoopwatchException.userInput(
        file
            + ": cannot load the rows of the last run ("
            + why
            + "); delete its folder to mine in"
            + " full");
  }

  /** Exports {@code store} to a fresh sibling of {@code rows}, then puts it in place of rows. */
  private static ExportManifest replace(Store store, Path rows) {
    Path fresh = rows.resolveSibling("." + rows.getFileName() + ".new");
    delete(fresh);
    ExportManifest manifest = StoreExport.write(store, fresh);
    delete(rows);
    try {
      Files.move(fresh, rows);
    } catch (IOException e) {
      throw LoopwatchException.external(rows + ": cannot put the mined rows in place: " + e, e);
    }
    return manifest;
  }

  private static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw LoopwatchException.external(folder + ": cannot remove the previous rows: " + e, e);
    }
  }
}
