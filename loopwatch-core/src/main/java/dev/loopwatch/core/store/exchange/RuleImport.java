package dev.loopwatch.core.store.exchange;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One export's rows of one {@link MergeRule}: the owner table and its children. */
final class RuleImport {
  private final Connection connection;
  private final Path folder;
  private final ExportManifest manifest;
  private final MergeRule rule;

  RuleImport(Connection connection, Path folder, ExportManifest manifest, MergeRule rule) {
    this.connection = connection;
    this.folder = folder;
    this.manifest = manifest;
    this.rule = rule;
  }

  void run(Map<String, Long> added, Map<String, Long> replaced, Map<String, Long> rows)
      throws SQLException {
    load("lw_import_owner", rule.table());
    String owner = rule.table();
    long existing;
    if (rule.idColumn().isPresent()) {
      existing = mapIds(rule.idColumn().get());
      String id = rule.idColumn().get().column();
      String replacedIds = "SELECT new_id FROM lw_import_map WHERE existing";
      for (MergeRule.Child child : rule.children()) {
        execute(
            "DELETE FROM "
                + child.table()
                + " WHERE "
                + child.ownerColumns().getFirst()
                + " IN ("
                + replacedIds
                + ")");
      }
      execute("DELETE FROM " + owner + " WHERE " + id + " IN (" + replacedIds + ")");
      rows.merge(
          owner,
          insert(
              owner,
              "INSERT INTO "
                  + owner
                  + " BY NAME SELECT i.* REPLACE (m.new_id AS "
                  + id
                  + ")"
                  + " FROM lw_import_owner i JOIN lw_import_map m ON i."
                  + id
                  + " = m.old_id"),
          Long::sum);
      for (MergeRule.Child child : rule.children()) {
        String column = child.ownerColumns().getFirst();
        importChild(
            child,
            "INSERT INTO "
                + child.table()
                + " BY NAME SELECT c.* REPLACE (m.new_id AS "
                + column
                + ") FROM lw_import_child c JOIN lw_import_map m ON c."
                + column
                + " = m.old_id",
            rows);
      }
    } else {
      existing =
          count(
              "SELECT count(*) FROM lw_import_owner i WHERE EXISTS (SELECT 1 FROM "
                  + owner
                  + " t WHERE "
                  + match("t", "i", rule.keyColumns())
                  + ")");
      for (MergeRule.Child child : rule.children()) {
        execute(
            "DELETE FROM "
                + child.table()
                + " WHERE EXISTS (SELECT 1 FROM lw_import_owner i"
                + " WHERE "
                + match(child.table(), "i", child.ownerColumns())
                + ")");
      }
      execute(
          "DELETE FROM "
              + owner
              + " WHERE EXISTS (SELECT 1 FROM lw_import_owner i WHERE "
              + match(owner, "i", rule.keyColumns())
              + ")");
      rows.merge(
          owner,
          insert(owner, "INSERT INTO " + owner + " BY NAME SELECT * FROM lw_import_owner"),
          Long::sum);
      for (MergeRule.Child child : rule.children()) {
        importChild(
            child,
            "INSERT INTO "
                + child.table()
                + " BY NAME SELECT c.* FROM lw_import_child c WHERE"
                + " EXISTS (SELECT 1 FROM lw_import_owner i WHERE "
                + match("c", "i", child.ownerColumns())
                + ")",
            rows);
      }
    }
    long all = manifest.rows().get(owner);
    added.merge(owner, all - existing, Long::sum);
    replaced.merge(owner, existing, Long::sum);
  }

  /** Maps each imported id to the store's id for the same key, else a new one from the sequence. */
  private long mapIds(MergeRule.SerialId id) throws SQLException {
    String column = id.column();
    execute(
        "CREATE OR REPLACE TEMP TABLE lw_import_map"
            + " (old_id BIGINT, new_id BIGINT, existing BOOLEAN)");
    long existing =
        execute(
            "INSERT INTO lw_import_map SELECT i."
                + column
                + ", t."
                + column
                + ", true FROM lw_import_owner i JOIN "
                + rule.table()
                + " t ON "
                + match("t", "i", rule.keyColumns()));
    execute(
        "INSERT INTO lw_import_map SELECT "
            + column
            + ", nextval('"
            + id.sequence()
            + "'), false FROM (SELECT "
            + column
            + " FROM lw_import_owner WHERE "
            + column
            + " NOT IN (SELECT old_id FROM lw_import_map) ORDER BY "
            + column
            + ")");
    return existing;
  }

  private void importChild(MergeRule.Child child, String insert, Map<String, Long> rows)
      throws SQLException {
    if (!manifest.rows().containsKey(child.table())) {
      return;
    }
    long expected = load("lw_import_child", child.table());
    long inserted = insert(child.table(), insert);
    if (inserted != expected) {
      throw LoopwatchException.userInput(
          folder.resolve(child.table() + ".parquet")
              + ": "
              + (expected - inserted)
              + " rows belong to no row of "
              + rule.table()
              + "; the export is inconsistent");
    }
    rows.merge(child.table(), inserted, Long::sum);
  }

  /** Loads {@code table}'s Parquet file into the temporary {@code into}; checks the row count. */
  private long load(String into, String table) throws SQLException {
    Path file = folder.resolve(table + ".parquet");
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + into
              + " AS SELECT * FROM "
              + StoreImport.parquet(file));
    } catch (SQLException e) {
      throw StoreImport.unreadable(file, e);
    }
    long found = count("SELECT count(*) FROM " + into);
    long expected = manifest.rows().get(table);
    if (found != expected) {
      throw LoopwatchException.userInput(
          file + ": " + found + " rows, the export's manifest says " + expected);
    }
    return found;
  }

  /** Runs an insert into {@code table}; rows that do not fit it name the export's file. */
  private long insert(String table, String sql) {
    try {
      return execute(sql);
    } catch (SQLException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw LoopwatchException.userInput(
          folder.resolve(table + ".parquet")
              + ": its rows do not fit table "
              + table
              + ": "
              + message);
    }
  }

  private static String match(String left, String right, List<String> columns) {
    return columns.stream()
        .map(column -> left + "." + column + " IS NOT DISTINCT FROM " + right + "." + column)
        .collect(Collectors.joining(" AND "));
  }

  private long execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeLargeUpdate(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
