package dev.loopwatch.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCommitsTest {
  @TempDir Path temp;

  @Test
  void commitsInThisProcess_countsDataTransactionsNotMigrations() {
    SchemaPart part = new SchemaPart("commits_test", List.of("CREATE TABLE t (x INTEGER)"));
    long before = Store.commitsInThisProcess();
    try (Store store = Store.open(temp.resolve("s.duckdb"), List.of(part))) {
      assertThat(Store.commitsInThisProcess()).isEqualTo(before);
      store.inTransaction(c -> {
        try (Statement statement = c.createStatement()) {
          return statement.executeUpdate("INSERT INTO t VALUES (1)");
        }
      });
      assertThat(Store.commitsInThisProcess()).isEqualTo(before + 1);
    }
  }
}
