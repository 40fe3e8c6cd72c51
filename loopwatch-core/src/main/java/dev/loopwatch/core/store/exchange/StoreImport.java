package dev.loopwatch.core.store.exchange;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Merges export folders ({@link StoreExport}) into a store in one transaction: every row of every
 * export lands, or none does. An owner row (a repository, a session, a run) whose key the store
 * already holds is replaced with all of its children; the same owner in two of the exports is an
 * error, since either could be the right one.
 */
public final class StoreImport {
  private StoreImport() {}

  /**
   * What an import did.
   *
   * @param exports how many export folders were merged
   * @param added owner rows new to the store, per owner table
   * @param replaced owner rows that replaced the store's, per owner table
   * @param rows rows written, per table
   */
  public record Outcome(
      int exports, Map<String, Long> added, Map<String, Long> replaced, Map<String, Long> rows) {
    public Outcome {
      added = new TreeMap<>(added);
      replaced = new TreeMap<>(replaced);
      rows = new TreeMap<>(rows);
    }
  }

  /**
   * Merges {@code folders} into {@code store} by {@code rules}.
   *
   * @throws LoopwatchException USER_INPUT naming the folder, file or key at fault: not an export, a
   *     schema version other than the store's, a table no rule covers, an unreadable or truncated
   *     Parquet file, an owner in two exports; the store is then unchanged
   */
  public static Outcome merge(Store store, List<Path> folders, List<MergeRule> rules) {
    requireNonNull(folders, "folders is null");
    requireNonNull(rules, "rules is null");
    if (folders.isEmpty()) {
      throw LoopwatchException.userInput("give at least one export folder to import");
    }
    Map<Path, ExportManifest> manifests = new java.util.LinkedHashMap<>();
    for (Path folder : folders) {
      Path absolute = folder.toAbsolutePath().normalize();
      if (manifests.containsKey(absolute)) {
        throw LoopwatchException.userInput(absolute + ": given twice");
      }
      manifests.put(absolute, check(store, absolute, ExportManifest.read(absolute), rules));
    }
    Map<String, Long> added = new HashMap<>();
    Map<String, Long> replaced = new HashMap<>();
    Map<String, Long> rows = new HashMap<>();
    store.inTransaction(c -> {
      for (MergeRule rule : rules) {
        refuseOwnersInTwoExports(c, manifests, rule);
      }
      for (Map.Entry<Path, ExportManifest> export : manifests.entrySet()) {
        for (MergeRule rule : rules) {
          if (export.getValue().rows().containsKey(rule.table())) {
            new RuleImport(c, export.getKey(), export.getValue(), rule).run(added, replaced, rows);
          }
        }
      }
      try (Statement statement = c.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS lw_import_owner");
        statement.execute("DROP TABLE IF EXISTS lw_import_child");
        statement.execute("DROP TABLE IF EXISTS lw_import_map");
      }
      return null;
    });
    return new Outcome(folders.size(), added, replaced, rows);
  }

  private static ExportManifest check(
      Store store, Path folder, ExportManifest manifest, List<MergeRule> rules) {
    for (Map.Entry<String, Integer> schema : manifest.schemas().entrySet()) {
      int here = store.version(schema.getKey());
      if (here != schema.getValue()) {
        throw LoopwatchException.userInput(
            folder
                + ": exported with schema version "
                + schema.getValue()
                + " of '"
                + schema.getKey()
                + "', this store has "
                + here
                + "; export and import with the same Loopwatch version");
      }
    }
    Set<String> covered =
        rules.stream().flatMap(rule -> rule.tables().stream()).collect(Collectors.toSet());
    for (String table : manifest.rows().keySet()) {
      if (!covered.contains(table)) {
        throw LoopwatchException.userInput(
            folder + ": table " + table + " has no merge rule in this Loopwatch");
      }
      if (!Files.isRegularFile(folder.resolve(table + ".parquet"))) {
        throw LoopwatchException.userInput(
            folder + ": " + table + ".parquet is missing (the manifest lists it)");
      }
    }
    return manifest;
  }

  private static void refuseOwnersInTwoExports(
      Connection c, Map<Path, ExportManifest> manifests, MergeRule rule) throws SQLException {
    Map<String, Path> seen = new HashMap<>();
    for (Map.Entry<Path, ExportManifest> export : manifests.entrySet()) {
      if (!export.getValue().rows().containsKey(rule.table())) {
        continue;
      }
      Path file = export.getKey().resolve(rule.table() + ".parquet");
      String keys = String.join(", ", rule.keyColumns());
      Set<String> inThis = new TreeSet<>();
      try (Statement statement = c.createStatement();
          ResultSet rows =
              query(statement, file, "SELECT DISTINCT " + keys + " FROM " + parquet(file))) {
        int width = rule.keyColumns().size();
        while (rows.next()) {
          List<String> key = new ArrayList<>(width);
          for (int i = 1; i <= width; i++) {
            key.add(String.valueOf(rows.getObject(i)));
          }
          inThis.add(String.join(" ", key));
        }
      }
      for (String key : inThis) {
        Path other = seen.putIfAbsent(key, export.getKey());
        if (other != null) {
          throw LoopwatchException.userInput(
              rule.table()
                  + " "
                  + key
                  + " is in two exports, "
                  + other
                  + " and "
                  + export.getKey()
                  + "; import one of them");
        }
      }
    }
  }

  static String parquet(Path file) {
    return "read_parquet('" + file.toString().replace("'", "''") + "')";
  }

  /** Runs {@code sql} reading {@code file}; a DuckDB error names the file as unreadable. */
  static ResultSet query(Statement statement, Path file, String sql) {
    try {
      return statement.executeQuery(sql);
    } catch (SQLException e) {
      throw unreadable(file, e);
    }
  }

  static LoopwatchException unreadable(Path file, SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return LoopwatchException.userInput(file + ": not a readable Parquet export: " + message);
  }
}
