package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.store.exchange.ExportManifest;
import dev.loopwatch.core.store.exchange.StoreExport;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.store.GitSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * the same scanner; only where they are kept differs. A failed call leaves the previous folder as
 * it was.
 */
public final class RepositoryMiner {
  private final IdentityTable identities;
  private final ScanOptions options;
  private final Optional<StoredName> storedAs;

  /** A miner classifying identities with {@code identities} and scanning with {@code options}. */
  public RepositoryMiner(IdentityTable identities, ScanOptions options) {
    this(identities, options, Optional.empty());
  }

  private RepositoryMiner(
      IdentityTable identities, ScanOptions options, Optional<StoredName> storedAs) {
    this.identities = requireNonNull(identities, "identities is null");
    this.options = requireNonNull(options, "options is null");
    this.storedAs = requireNonNull(storedAs, "storedAs is null");
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
    return new RepositoryMiner(identities, options, Optional.of(new StoredName(root, name)));
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
   * as the new folder; a folder whose tip has not moved is kept as it is.
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
      RepositoryScanner scanner = new RepositoryScanner(store, identities);
      if (storedAs.isPresent()) {
        scanner = scanner.storedAs(storedAs.get().root(), storedAs.get().name());
      }
      ScanOutcome outcome = scanner.scan(repo, options, name -> Progress.silent());
      if (restored && outcome.mode().equals("unchanged")) {
        // The same tip gives the same rows (exclusions, owners and warnings are all read at the
        // tip), so the folder already written stands; only its scanned_at is older.
        return new Mined(outcome, ExportManifest.read(folder));
      }
      return new Mined(outcome, replace(store, folder));
    }
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
        for (Map.Entry<String, Long> table : manifest.rows().entrySet()) {
          Path file = folder.resolve(table.getKey() + ".parquet");
          int loaded;
          try {
            loaded =
                statement.executeUpdate(
                    "INSERT INTO "
                        + table.getKey()
                        + " BY NAME SELECT * FROM read_parquet('"
                        + file.toString().replace("'", "''")
                        + "')");
          } catch (SQLException e) {
            throw damaged(file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
          }
          if (loaded != table.getValue()) {
            throw damaged(file, loaded + " rows where the manifest says " + table.getValue());
          }
        }
        // The folder's ids were drawn from a sequence this store has not used: draw past them.
        try (ResultSet highest =
            statement.executeQuery("SELECT coalesce(max(repo_id), 0) FROM git_repos")) {
          highest.next();
          for (int i = highest.getInt(1); i > 0; i--) {
            statement.execute("SELECT nextval('git_repo_ids')");
          }
        }
      }
      return true;
    });
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
