package dev.loopwatch.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.SyntheticRepos;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded scans merged by export + import give exactly the numbers of one scan of everything, on
 * repositories made by bench/synthetic-repo.sh; bad exports are refused with the store unchanged.
 */
class ExportImportTest {
  @TempDir static Path shared;
  private static final List<Path> REPOS = new ArrayList<>();

  @TempDir Path temp;

  @BeforeAll
  static void repositories() throws Exception {
    int[] sizes = {60, 90, 120};
    for (int i = 0; i < sizes.length; i++) {
      REPOS.add(
          SyntheticRepos.generate(shared.resolve("syn" + i), sizes[i], shared.resolve("gen.log")));
    }
  }

  private static void scan(Path db, Path... repos) {
    List<String> args = new ArrayList<>(List.of("scan", "--db", db.toString(), "--json"));
    for (Path repo : repos) {
      args.add(repo.toString());
    }
    CliRun run = CliRun.run(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
  }

  private static JsonNode report(Path db) throws IOException {
    CliRun run = CliRun.run("report", "--db", db.toString(), "--format", "json", "--out", "-");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode report = Json.mapper().readTree(run.out());
    ((ObjectNode) report).remove("generatedAt");
    return report;
  }

  private static CliRun export(Path db, Path folder) {
    return CliRun.run("export", "--db", db.toString(), folder.toString());
  }

  private static CliRun importInto(Path db, Path... folders) {
    List<String> args = new ArrayList<>(List.of("import", "--db", db.toString()));
    for (Path folder : folders) {
      args.add(folder.toString());
    }
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void shardedScansMerged_equalOneScanOfEverything() throws IOException {
    Path whole = temp.resolve("whole.duckdb");
    scan(whole, REPOS.get(0), REPOS.get(1), REPOS.get(2));
    Path shardA = temp.resolve("a.duckdb");
    Path shardB = temp.resolve("b.duckdb");
    scan(shardA, REPOS.get(2), REPOS.get(0));
    scan(shardB, REPOS.get(1));
    assertThat(export(shardA, temp.resolve("out/a")).code()).isZero();
    assertThat(export(shardB, temp.resolve("out/b")).code()).isZero();

    Path merged = temp.resolve("merged.duckdb");
    CliRun imported = importInto(merged, temp.resolve("out/a"), temp.resolve("out/b"));
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("git_repos                3 new, 0 replaced");
    assertThat(report(merged)).isEqualTo(report(whole));

    // Importing again replaces each repository whole: nothing doubles.
    CliRun again = importInto(merged, temp.resolve("out/b"));
    assertThat(again.out()).contains("git_repos                0 new, 1 replaced");
    assertThat(report(merged)).isEqualTo(report(whole));
  }

  @Test
  void importedStore_takesNewScansWithoutIdCollisions() throws IOException {
    Path shard = temp.resolve("shard.duckdb");
    scan(shard, REPOS.get(0), REPOS.get(1));
    export(shard, temp.resolve("out"));
    Path merged = temp.resolve("merged.duckdb");
    assertThat(importInto(merged, temp.resolve("out")).code()).isZero();
    // The repo ids came from the store's own sequence, so a later scan draws a fresh one.
    scan(merged, REPOS.get(2));
    Path whole = temp.resolve("whole.duckdb");
    scan(whole, REPOS.get(0), REPOS.get(1), REPOS.get(2));
    assertThat(report(merged)).isEqualTo(report(whole));
  }

  @Test
  void import_truncatedParquetFile_isRefusedNamingItAndChangesNothing() throws IOException {
    Path shard = temp.resolve("shard.duckdb");
    scan(shard, REPOS.get(0));
    export(shard, temp.resolve("good"));
    scan(temp.resolve("other.duckdb"), REPOS.get(1));
    export(temp.resolve("other.duckdb"), temp.resolve("bad"));
    Path file = temp.resolve("bad/git_change_files.parquet");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    Path merged = temp.resolve("merged.duckdb");
    CliRun run = importInto(merged, temp.resolve("good"), temp.resolve("bad"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(file.toString()).contains("not a readable Parquet export");
    assertThat(run.err().lines().count()).isEqualTo(1);
    assertThat(rows(merged, "git_changes")).isZero();
  }

  @Test
  void import_sameRepositoryInTwoExports_isRefusedNamingBoth() {
    Path shard = temp.resolve("shard.duckdb");
    scan(shard, REPOS.get(0));
    export(shard, temp.resolve("one"));
    export(shard, temp.resolve("two"));
    CliRun run =
        importInto(temp.resolve("merged.duckdb"), temp.resolve("one"), temp.resolve("two"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("git_repos " + REPOS.get(0).toAbsolutePath())
        .contains("is in two exports")
        .contains(temp.resolve("one").toString())
        .contains(temp.resolve("two").toString());
  }

  @Test
  void import_otherSchemaVersionOrNotAnExport_isRefused() throws IOException {
    Path shard = temp.resolve("shard.duckdb");
    scan(shard, REPOS.get(0));
    export(shard, temp.resolve("out"));
    Path manifest = temp.resolve("out/loopwatch-export.json");
    Files.writeString(
        manifest, Files.readString(manifest).replaceFirst("\"git\" : \\d+", "\"git\" : 99"));
    CliRun run = importInto(temp.resolve("merged.duckdb"), temp.resolve("out"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("exported with schema version 99 of 'git'");

    CliRun notExport = importInto(temp.resolve("merged.duckdb"), temp);
    assertThat(notExport.code()).isEqualTo(2);
    assertThat(notExport.err()).contains("not a Loopwatch export");
  }

  @Test
  void import_fileWhoseRowsDoNotFitTheTable_isRefusedNamingIt() throws Exception {
    Path shard = temp.resolve("shard.duckdb");
    scan(shard, REPOS.get(0));
    export(shard, temp.resolve("out"));
    // A hand-made export: git_warnings with a column the store does not have, same row count.
    Path file = temp.resolve("out/git_warnings.parquet");
    try (Store scratch = Store.openInMemory(List.of())) {
      scratch.read(c -> {
        try (Statement statement = c.createStatement()) {
          statement.execute(
              "COPY (SELECT *, 'x' AS planted FROM read_parquet('"
                  + file
                  + "')) TO '"
                  + file
                  + ".new' (FORMAT parquet)");
        }
        return null;
      });
    }
    Files.move(Path.of(file + ".new"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path merged = temp.resolve("merged.duckdb");
    CliRun run = importInto(merged, temp.resolve("out"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(file + ": its rows do not fit table git_warnings");
    assertThat(rows(merged, "git_changes")).isZero();
  }

  @Test
  void export_intoNonEmptyFolder_isRefused() throws IOException {
    Path shard = temp.resolve("shard.duckdb");
    scan(shard, REPOS.get(0));
    Files.createDirectories(temp.resolve("full"));
    Files.writeString(temp.resolve("full/keep.txt"), "mine");
    CliRun run = export(shard, temp.resolve("full"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("already exists and is not empty");
    assertThat(Files.readString(temp.resolve("full/keep.txt"))).isEqualTo("mine");
  }

  @Test
  void mergeRules_coverEveryTableOfEveryPart() {
    Set<String> covered = new TreeSet<>();
    StoreParts.MERGE_RULES.forEach(rule -> covered.addAll(rule.tables()));
    Set<String> tables = new TreeSet<>();
    try (Store store = Store.open(temp.resolve("all.duckdb"), StoreParts.ALL)) {
      store.read(c -> {
        try (Statement statement = c.createStatement();
            ResultSet rows =
                statement.executeQuery(
                    "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                        + " AND table_name <> 'schema_versions'")) {
          while (rows.next()) {
            tables.add(rows.getString(1));
          }
        }
        return null;
      });
    }
    assertThat(covered).as("a merge rule in StoreParts for every table").isEqualTo(tables);
  }

  private static long rows(Path db, String table) {
    try (Store store = Store.open(db, StoreParts.ALL)) {
      return store.read(c -> {
        try (Statement statement = c.createStatement();
            ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
          rows.next();
          return rows.getLong(1);
        }
      });
    }
  }
}
