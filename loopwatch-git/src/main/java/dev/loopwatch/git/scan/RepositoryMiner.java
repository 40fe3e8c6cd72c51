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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The miner as one function: a repository and its previous state in, the rows of every {@code
 * git_*} table and the new state out. The state is a DuckDB file holding that one repository (a
 * store with only the git part): {@link RepositoryScanner} scans into it exactly as {@code scan}
 * scans into a shared store, so a rerun finds the stored tip and mines only the new commits, and a
 * failed run leaves the state as it was (one transaction). The rows are that state written as a
 * {@code loopwatch export} folder, so {@code loopwatch import} merges any number of them; the
 * repository's id in them is 1 in every folder, and the import renumbers it.
 *
 * <p>The numbers are the shared-store scan's to the line because the code that makes the rows is
 * the same scanner; only where they are stored differs.
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
   * Mines the repository at {@code repo} on top of the state file {@code state} (created when
   * missing) and writes all of the repository's rows, old and new, as an export folder at {@code
   * rows}, replacing one left there by an earlier call (kept as it is when the tip has not moved).
   *
   * @throws LoopwatchException as {@link RepositoryScanner#scan} does; the state is then unchanged
   */
  public Mined mine(Path repo, Path state, Path rows) {
    requireNonNull(repo, "repo is null");
    requireNonNull(state, "state is null");
    requireNonNull(rows, "rows is null");
    try (Store store = Store.open(state, List.of(GitSchema.PART))) {
      RepositoryScanner scanner = new RepositoryScanner(store, identities);
      if (storedAs.isPresent()) {
        scanner = scanner.storedAs(storedAs.get().root(), storedAs.get().name());
      }
      ScanOutcome outcome = scanner.scan(repo, options, name -> Progress.silent());
      Path folder = rows.toAbsolutePath().normalize();
      if (outcome.mode().equals("unchanged")
          && Files.isRegularFile(folder.resolve(ExportManifest.FILE))) {
        // The same tip gives the same rows (exclusions, owners and warnings are all read at the
        // tip), so the folder already written stands; only its scanned_at is older.
        return new Mined(outcome, ExportManifest.read(folder));
      }
      return new Mined(outcome, replace(store, folder));
    }
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
