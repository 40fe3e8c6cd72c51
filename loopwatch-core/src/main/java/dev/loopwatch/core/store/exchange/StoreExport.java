package dev.loopwatch.core.store.exchange;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.io.FileTrees;
import dev.loopwatch.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes every table of a store as one Parquet file ({@code TABLE.parquet}, DuckDB's own writer)
 * plus a manifest, from one consistent snapshot. The folder appears whole or not at all: files go
 * to a sibling temporary folder that is renamed into place last.
 */
public final class StoreExport {
  private StoreExport() {}

  /**
   * Exports {@code store} into the new folder {@code target}.
   *
   * @throws LoopwatchException USER_INPUT if {@code target} exists and is not an empty folder
   */
  public static ExportManifest write(Store store, Path target) {
    Path folder = target.toAbsolutePath().normalize();
    if (Files.exists(folder) && !isEmptyFolder(folder)) {
      throw LoopwatchException.userInput(
          folder + ": already exists and is not empty; export into a new folder");
    }
    Path parent = folder.getParent();
    Path staging;
    try {
      Files.createDirectories(parent);
      // Not createTempDirectory: its 0700 mode would become the export's.
      staging =
          Files.createDirectory(
              parent.resolve(
                  "." + folder.getFileName() + ".partial-" + ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw LoopwatchException.userInput(folder + ": cannot create the export folder: " + e);
    }
    try {
      ExportManifest manifest = store.inTransaction(c -> copyTables(c, staging));
      manifest.write(staging);
      Files.deleteIfExists(folder);
      Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } catch (IOException e) {
      throw LoopwatchException.external(folder + ": cannot write the export: " + e, e);
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  private static ExportManifest copyTables(Connection connection, Path staging)
      throws SQLException {
    Map<String, Integer> schemas = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet versions =
          statement.executeQuery("SELECT part, version FROM schema_versions ORDER BY part")) {
        while (versions.next()) {
          schemas.put(versions.getString(1), versions.getInt(2));
        }
      }
      for (String table : tables(connection)) {
        long count;
        try (ResultSet counted = statement.executeQuery("SELECT count(*) FROM " + table)) {
          counted.next();
          count = counted.getLong(1);
        }
        Path file = staging.resolve(table + ".parquet");
        statement.execute(
            "COPY "
                + table
                + " TO '"
                + file.toString().replace("'", "''")
                + "' (FORMAT parquet, COMPRESSION zstd)");
        rows.put(table, count);
      }
    }
    return new ExportManifest(ExportManifest.FORMAT, schemas, rows);
  }

  /**
   * The store's own tables (main schema), sorted; the schema bookkeeping table is in the manifest.
   */
  static List<String> tables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                    + " AND database_name = current_database() AND NOT temporary"
                    + " AND table_name <> 'schema_versions' ORDER BY table_name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static boolean isEmptyFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
