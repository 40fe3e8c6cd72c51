package dev.loopwatch.app.cli;

import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that uses the store shares. */
public final class StoreOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH",
      description =
          "The store, a DuckDB file (default: $LOOPWATCH_DB, else ~/.loopwatch/loopwatch.duckdb).")
  Path db;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  /** Sets the store path, for a command's hidden old spelling of {@code --db}. */
  public void db(Path path) {
    db = path;
  }

  /** The store path chosen. */
  public Path path() {
    return Optional.ofNullable(db).orElseGet(Store::defaultPath);
  }

  /** Opens the store, migrating the given schema parts. */
  public Store open(List<SchemaPart> parts) {
    return Store.open(path(), parts);
  }

  /**
   * Opens the existing store read-only, for commands that only read: never creates or migrates it,
   * and works on a read-only file.
   */
  public Store openReadOnly(List<SchemaPart> parts) {
    return Store.openReadOnly(path(), parts);
  }
}
