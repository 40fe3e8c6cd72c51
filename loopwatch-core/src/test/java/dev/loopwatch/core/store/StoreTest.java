package dev.loopwatch.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  private static final SchemaPart V1 =
      new SchemaPart("demo", List.of("CREATE TABLE demo (x INTEGER);\n"));
  private static final SchemaPart V2 =
      new SchemaPart(
          "demo",
          List.of(
              "CREATE TABLE demo (x INTEGER);\n",
              "ALTER TABLE demo ADD COLUMN y VARCHAR;\nCREATE TABLE other (z INTEGER);\n"));

  @TempDir Path temp;

  @Test
  void open_newFile_migratesToNewestVersion() {
    Path file = temp.resolve("sub dir/ünï.duckdb");
    try (Store store = Store.open(file, List.of(V2))) {
      assertThat(store.version("demo")).isEqualTo(2);
      assertThat(count(store, "SELECT count(*) FROM other")).isZero();
    }
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void open_olderStore_runsOnlyMissingMigrations() {
    Path file = temp.resolve("s.duckdb");
    try (Store store = Store.open(file, List.of(V1))) {
      store.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO demo VALUES (7)"));
    }
    try (Store store = Store.open(file, List.of(V2))) {
      assertThat(store.version("demo")).isEqualTo(2);
      assertThat(count(store, "SELECT sum(x) FROM demo WHERE y IS NULL")).isEqualTo(7);
    }
  }

  @Test
  void openReadOnly_missingFile_failsWithUserInputAndCreatesNothing() {
    Path file = temp.resolve("nowhere/s.duckdb");
    assertThatThrownBy(() -> Store.openReadOnly(file, List.of(V1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("no store at " + file);
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void openReadOnly_currentStore_readsAndRefusesWrites() {
    Path file = temp.resolve("s.duckdb");
    try (Store store = Store.open(file, List.of(V2))) {
      store.inTransaction(
          c -> c.createStatement().executeUpdate("INSERT INTO demo VALUES (7, 'a')"));
    }
    try (Store store = Store.openReadOnly(file, List.of(V2))) {
      assertThat(count(store, "SELECT sum(x) FROM demo")).isEqualTo(7);
      assertThatThrownBy(
              () -> store.inTransaction(c -> c.createStatement().executeUpdate("DELETE FROM demo")))
          .isInstanceOf(LoopwatchException.class);
    }
  }

  @Test
  void openReadOnly_olderStore_failsWithoutMigrating() {
    Path file = temp.resolve("s.duckdb");
    Store.open(file, List.of(V1)).close();
    assertThatThrownBy(() -> Store.openReadOnly(file, List.of(V2)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(
            "has schema version 1 of 'demo' where this Loopwatch reads version 2");
    try (Store store = Store.open(file, List.of(V1))) {
      assertThat(store.version("demo")).isEqualTo(1);
    }
  }

  @Test
  void open_newerStore_failsWithUserInput() {
    Path file = temp.resolve("s.duckdb");
    Store.open(file, List.of(V2)).close();
    assertThatThrownBy(() -> Store.open(file, List.of(V1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("schema version 2 of 'demo', newer than this Loopwatch knows (1)");
  }

  @Test
  void open_folder_failsNamingIt() {
    assertThatThrownBy(() -> Store.open(temp, List.of(V1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("is a folder");
  }

  @Test
  void inTransaction_failure_rollsBackStatementsAndAppenderRows() {
    Path file = temp.resolve("s.duckdb");
    try (Store store = Store.open(file, List.of(V1))) {
      store.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO demo VALUES (1)"));
      assertThatThrownBy(() ->
              store.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO demo VALUES (2)");
                try (DuckDBAppender appender =
                    c.unwrap(DuckDBConnection.class)
                        .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "demo")) {
                  appender.beginRow();
                  appender.append(3);
                  appender.endRow();
                }
                throw new IllegalStateException("killed mid-scan");
              }))
          .hasMessage("killed mid-scan");
      assertThat(count(store, "SELECT sum(x) FROM demo")).isEqualTo(1);
    }
    try (Store reopened = Store.open(file, List.of(V1))) {
      assertThat(count(reopened, "SELECT sum(x) FROM demo")).isEqualTo(1);
    }
  }

  @Test
  void openInMemory_leavesNoFile() {
    try (Store store = Store.openInMemory(List.of(V2))) {
      assertThat(store.version("demo")).isEqualTo(2);
    }
  }

  private static long count(Store store, String sql) {
    return store.read(c -> {
      try (Statement statement = c.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getLong(1);
      }
    });
  }
}
