package dev.loopwatch.git.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git schema's migrations applied to a store written by an older version. */
class GitSchemaTest {
  @TempDir Path temp;

  @Test
  void open_storeAtVersion2_addsEmptyEvidenceSources() throws Exception {
    Path db = temp.resolve("old.duckdb");
    SchemaPart version2 = new SchemaPart("git", GitSchema.PART.migrations().subList(0, 2));
    try (Store store = Store.open(db, List.of(version2));
        Statement statement = store.connection().createStatement()) {
      statement.execute(
          "INSERT INTO git_change_credits VALUES"
              + " (1, 'abc', 'a.py', 'abc', 'co-author-trailer', 'MEDIUM', 'claude-code', NULL,"
              + " 'Claude <noreply@anthropic.com>', 5)");
      statement.execute(
          "INSERT INTO git_commit_evidence VALUES"
              + " (1, 'abc', 'abc', 'branch-prefix', 'WEAK', 'codex', NULL, 'codex/x')");
    }

    try (Store store = Store.open(db, List.of(GitSchema.PART));
        Statement statement = store.connection().createStatement()) {
      assertThat(store.version("git")).isEqualTo(3);
      List<String> sources = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT source FROM git_change_credits UNION ALL SELECT source FROM git_commit_evidence")) {
        while (rows.next()) {
          sources.add(rows.getString(1));
        }
      }
      assertThat(sources).containsExactly("", "");
    }
  }
}
