package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.store.exchange.ExportManifest;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.provenance.SessionMatcher;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The miner as a function: its rows equal a scan into a shared store, row for row, and its state
 * makes a second call mine only what is new, wherever the repository is cloned.
 */
class RepositoryMinerTest {
  @TempDir Path temp;

  private static RepositoryMiner miner() {
    return new RepositoryMiner(IdentityTable.builtIn(), ScanOptions.defaults());
  }

  @Test
  void mine_freshState_rowsEqualAScanIntoAStoreRowForRow() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    Path rows = temp.resolve("rows");

    RepositoryMiner.Mined mined = miner().mine(repo.root(), rows);

    assertThat(mined.outcome().mode()).isEqualTo("full");
    assertThat(ExportManifest.read(rows)).isEqualTo(mined.rows());
    assertThat(mined.rows().rows().get("git_changes")).isEqualTo(mined.outcome().changesMined());
    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      new RepositoryScanner(direct, IdentityTable.builtIn())
          .scan(repo.root(), ScanOptions.defaults(), name -> Progress.silent());
      for (Map.Entry<String, Long> table : mined.rows().rows().entrySet()) {
        assertThat(differingRows(direct, table.getKey(), rows))
            .as("rows of %s that differ from the direct scan's", table.getKey())
            .isZero();
        assertThat(count(direct, table.getKey())).isEqualTo(table.getValue());
      }
    }
  }

  @Test
  void mine_again_minesOnlyTheNewCommitAndRewritesAllRows() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    Path rows = temp.resolve("rows");
    RepositoryMiner.Mined first = miner().mine(repo.root(), rows);
    repo.as("Erin", "erin@example.com").at("2025-04-01T10:00:00Z").lines("src/i.py", 9, "i");
    repo.commit("add i\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>");

    RepositoryMiner.Mined second = miner().mine(repo.root(), rows);

    assertThat(second.outcome().mode()).isEqualTo("incremental");
    assertThat(second.outcome().changesMined()).isEqualTo(1);
    assertThat(second.rows().rows().get("git_changes"))
        .isEqualTo(first.rows().rows().get("git_changes") + 1);
    assertThat(ExportManifest.read(rows)).isEqualTo(second.rows());
    assertThat(rows.resolveSibling(".rows.new")).doesNotExist();
    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      new RepositoryScanner(direct, IdentityTable.builtIn())
          .scan(repo.root(), ScanOptions.defaults(), name -> Progress.silent());
      for (String table : second.rows().rows().keySet()) {
        assertThat(differingRows(direct, table, rows))
            .as("rows of %s that differ from a full scan's", table)
            .isZero();
      }
    }
  }

  @Test
  void mine_damagedRows_failsNamingTheFileAndKeepsThem() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    Path rows = temp.resolve("rows");
    miner().mine(repo.root(), rows);
    Path changes = rows.resolve("git_changes.parquet");
    byte[] whole = Files.readAllBytes(changes);
    Files.write(changes, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> miner().mine(repo.root(), rows))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(changes.toString())
        .hasMessageContaining("delete its folder to mine in full");
    assertThat(Files.size(changes)).isEqualTo(whole.length / 2);
  }

  @Test
  void mine_tipNotMoved_keepsTheRowsFolderAsItIs() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    Path rows = temp.resolve("rows");
    RepositoryMiner.Mined first = miner().mine(repo.root(), rows);
    Path changes = rows.resolve("git_changes.parquet");
    FileTime written = Files.getLastModifiedTime(changes);
    Files.setLastModifiedTime(changes, FileTime.fromMillis(written.toMillis() - 60_000));

    RepositoryMiner.Mined again = miner().mine(repo.root(), rows);

    assertThat(again.outcome().mode()).isEqualTo("unchanged");
    assertThat(again.rows()).isEqualTo(first.rows());
    assertThat(Files.getLastModifiedTime(changes).toMillis())
        .isEqualTo(written.toMillis() - 60_000);
  }

  @Test
  void mine_storedAsAUrl_aFreshCloneElsewhereIsIncremental() throws Exception {
    FixtureRepo origin = FixtureRepo.init(temp.resolve("origin"));
    RepositoryScannerTest.buildHistory(origin);
    Path rows = temp.resolve("rows");
    String url = "https://example.com/org/origin.git";
    Path firstClone = clone(origin.root(), temp.resolve("scratch-1/origin.git"));
    miner().storedAs(url, "origin").mine(firstClone, rows);
    origin.as("Erin", "erin@example.com").at("2025-04-01T10:00:00Z").lines("src/i.py", 9, "i");
    origin.commit("add i");
    Path secondClone = clone(origin.root(), temp.resolve("scratch-2/origin.git"));

    RepositoryMiner.Mined again = miner().storedAs(url, "origin").mine(secondClone, rows);

    assertThat(again.outcome().mode()).isEqualTo("incremental");
    assertThat(again.outcome().changesMined()).isEqualTo(1);
    assertThat(again.outcome().name()).isEqualTo("origin");
    try (Store store = Store.openInMemory(List.of(GitSchema.PART));
        Statement statement = store.connection().createStatement();
        ResultSet roots =
            statement.executeQuery(
                "SELECT root, repo_id FROM read_parquet('"
                    + rows.resolve("git_repos.parquet")
                    + "')")) {
      assertThat(roots.next()).isTrue();
      assertThat(roots.getString(1)).isEqualTo(url);
      assertThat(roots.getInt(2)).isEqualTo(1);
      assertThat(roots.next()).isFalse();
    }
  }

  @Test
  void mine_notARepository_failsAndWritesNoRows() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("plain"));
    Path rows = temp.resolve("rows");

    assertThatThrownBy(() -> miner().mine(folder, rows))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("not a git repository");
    assertThat(rows).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 100})
  void join_rangesMinedApart_rowsEqualOneFullMineRowForRow(int parts) throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    RepositoryMiner miner = miner();
    List<RepositoryMiner.ChainRange> ranges = miner.cut(repo.root(), parts, 1);
    List<Path> folders = new ArrayList<>();
    // Mined newest first, to show the order of mining does not matter.
    for (int i = ranges.size() - 1; i >= 0; i--) {
      Path folder = temp.resolve("range-" + i);
      miner.mineRange(repo.root(), ranges.get(i), folder);
      folders.addFirst(folder);
    }
    Path rows = temp.resolve("rows");

    RepositoryMiner.Mined joined = miner.join(repo.root(), ranges, folders, rows);

    assertThat(ranges).hasSize(Math.min(parts, 10));
    assertThat(joined.outcome().mode()).isEqualTo("full");
    assertThat(joined.outcome().changesMined()).isEqualTo(10);
    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      new RepositoryScanner(direct, IdentityTable.builtIn())
          .scan(repo.root(), ScanOptions.defaults(), name -> Progress.silent());
      for (Map.Entry<String, Long> table : joined.rows().rows().entrySet()) {
        assertThat(differingRows(direct, table.getKey(), rows))
            .as("rows of %s that differ from a full scan's", table.getKey())
            .isZero();
        assertThat(count(direct, table.getKey())).isEqualTo(table.getValue());
      }
    }
    // The joined folder is a state like any other: the next call finds nothing new.
    assertThat(miner.mine(repo.root(), rows).outcome().mode()).isEqualTo("unchanged");
  }

  @Test
  void join_rangesMeetingTheSameMissingBlob_equalOneFullScanWithOneWarning() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    for (int i = 1; i <= 40; i++) {
      repo.at(String.format("2025-01-%02dT10:00:00Z", 1 + i % 28))
          .lines("f" + i + ".py", 10, "f" + i);
      if (i == 25) {
        repo.lines("copy3.py", 10, "f3"); // the blob of f3.py again, in another range
      }
      repo.commit("add f" + i);
    }
    String blob = repo.git("rev-parse", "HEAD:f3.py").strip();
    Files.delete(
        repo.root()
            .resolve(".git/objects")
            .resolve(blob.substring(0, 2))
            .resolve(blob.substring(2)));
    RepositoryMiner miner = miner();
    List<RepositoryMiner.ChainRange> ranges = miner.cut(repo.root(), 4, 1);
    List<Path> folders = mineRanges(miner, repo.root(), ranges);
    Path rows = temp.resolve("rows");

    miner.join(repo.root(), ranges, folders, rows);

    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome whole =
          new RepositoryScanner(direct, IdentityTable.builtIn())
              .scan(repo.root(), ScanOptions.defaults(), name -> Progress.silent());
      assertThat(whole.repoId()).as("the retry drew a second id").isEqualTo(2);
      for (Map.Entry<String, Long> table : ExportManifest.read(rows).rows().entrySet()) {
        long differing =
            table.getKey().equals("git_repos") || table.getKey().equals("git_codeowners")
                ? 0
                : differingRows(direct, table.getKey(), rows, "* EXCLUDE (repo_id)");
        assertThat(differing)
            .as("rows of %s that differ from a full scan's", table.getKey())
            .isZero();
      }
      assertThat(count(direct, "git_warnings WHERE kind = 'missing-blobs'")).isEqualTo(1);
      for (String table : List.of("git_changes", "git_change_files", "git_warnings")) {
        assertThat(
                count(
                    direct,
                    String.format(
                        "read_parquet('%s') WHERE repo_id NOT IN (SELECT repo_id FROM"
                            + " read_parquet('%s'))",
                        rows.resolve(table + ".parquet"), rows.resolve("git_repos.parquet"))))
            .as("rows of %s that belong to no repository of the folder", table)
            .isZero();
      }
    }
  }

  @Test
  void cut_fewerChangesThanTheMinimumPerRange_givesFewerRanges() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);

    assertThat(miner().cut(repo.root(), 4, 3)).hasSize(3);
    assertThat(miner().cut(repo.root(), 4, 100))
        .singleElement()
        .satisfies(range -> assertThat(range.base()).isEmpty());
  }

  @Test
  void join_branchMovedSinceTheCut_failsAndWritesNoRows() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    RepositoryMiner miner = miner();
    List<RepositoryMiner.ChainRange> ranges = miner.cut(repo.root(), 2, 1);
    List<Path> folders = mineRanges(miner, repo.root(), ranges);
    repo.at("2025-04-01T10:00:00Z").lines("src/late.py", 4, "late");
    repo.commit("late change");
    Path rows = temp.resolve("rows");

    assertThatThrownBy(() -> miner.join(repo.root(), ranges, folders, rows))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("moved since the chain was cut");
    assertThat(rows).doesNotExist();
  }

  @Test
  void join_damagedRangeFolder_failsNamingTheFile() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    RepositoryMiner miner = miner();
    List<RepositoryMiner.ChainRange> ranges = miner.cut(repo.root(), 2, 1);
    List<Path> folders = mineRanges(miner, repo.root(), ranges);
    Path file = folders.get(1).resolve("git_changes.parquet");
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 40));

    assertThatThrownBy(() -> miner.join(repo.root(), ranges, folders, temp.resolve("rows")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(file.toString());
    assertThat(temp.resolve("rows")).doesNotExist();
  }

  private static ScanOptions withBlame() {
    ScanOptions defaults = ScanOptions.defaults();
    return new ScanOptions(
        defaults.branch(),
        defaults.since(),
        defaults.until(),
        defaults.excludeGlobs(),
        true,
        2,
        defaults.range());
  }

  @Test
  void mine_withBlame_rowsEqualAScanAndItsLiveCodeRowForRow() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    Path rows = temp.resolve("rows");
    RepositoryMiner miner = new RepositoryMiner(IdentityTable.builtIn(), withBlame());

    RepositoryMiner.Mined mined = miner.mine(repo.root(), rows);

    assertThat(mined.rows().rows().get("git_live_files")).isPositive();
    assertThat(mined.rows().rows().get("git_live_agents")).isPositive();
    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome =
          new RepositoryScanner(direct, IdentityTable.builtIn())
              .scan(repo.root(), withBlame(), name -> Progress.silent());
      new LiveCodeRecorder(direct).record(repo.root(), outcome, withBlame(), Progress.silent());
      assertSameRows(direct, mined.rows(), rows);
    }
  }

  @Test
  void mine_blameAfterARunWithout_measuresTheUnchangedTipOnceThenKeepsTheFolder() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    Path rows = temp.resolve("rows");
    miner().mine(repo.root(), rows);
    assertThat(ExportManifest.read(rows).rows().get("git_live_files")).isZero();
    RepositoryMiner blaming = new RepositoryMiner(IdentityTable.builtIn(), withBlame());

    RepositoryMiner.Mined measured = blaming.mine(repo.root(), rows);

    assertThat(measured.outcome().mode()).isEqualTo("unchanged");
    assertThat(measured.rows().rows().get("git_live_files")).isPositive();
    Path manifest = rows.resolve(ExportManifest.FILE);
    FileTime written = FileTime.fromMillis(1_000_000_000L);
    Files.setLastModifiedTime(manifest, written);
    RepositoryMiner.Mined again = blaming.mine(repo.root(), rows);
    assertThat(again.rows()).isEqualTo(measured.rows());
    assertThat(Files.getLastModifiedTime(manifest)).as("folder kept as it is").isEqualTo(written);
  }

  @Test
  void join_withBlame_rowsEqualAScanAndItsLiveCodeRowForRow() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    RepositoryScannerTest.buildHistory(repo);
    RepositoryMiner miner = new RepositoryMiner(IdentityTable.builtIn(), withBlame());
    List<RepositoryMiner.ChainRange> ranges = miner.cut(repo.root(), 3, 1);
    List<Path> folders = mineRanges(miner, repo.root(), ranges);
    Path rows = temp.resolve("rows");

    RepositoryMiner.Mined joined = miner.join(repo.root(), ranges, folders, rows);

    assertThat(ranges).hasSize(3);
    assertThat(joined.rows().rows().get("git_live_agents")).isPositive();
    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome =
          new RepositoryScanner(direct, IdentityTable.builtIn())
              .scan(repo.root(), withBlame(), name -> Progress.silent());
      new LiveCodeRecorder(direct).record(repo.root(), outcome, withBlame(), Progress.silent());
      assertSameRows(direct, joined.rows(), rows);
    }
  }

  /** The history of buildHistory and one commit whose lines a Claude Code session wrote. */
  private static List<AgentWrite> historyWithASession(FixtureRepo repo) throws Exception {
    RepositoryScannerTest.buildHistory(repo);
    String written = "def format_price(cents):\n    return cents / 100\n";
    repo.as("Alice", "alice@example.com")
        .at("2025-02-01T10:00:00Z")
        .write("src/price.py", "# by hand, checked\n" + written);
    repo.commit("price formatter");
    return List.of(
        new AgentWrite(
            "claude-code",
            "s-1",
            Optional.of("claude-sonnet-4-5-20250929"),
            Instant.parse("2025-02-01T09:30:00Z"),
            repo.root().toRealPath().resolve("src/price.py"),
            LineFingerprints.ofText(written)));
  }

  @Test
  void mineAndJoin_withASessionMatcher_rowsEqualTheScannersRowForRow() throws Exception {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    List<AgentWrite> writes = historyWithASession(repo);
    Path root = repo.root().toRealPath();
    RepositoryMiner miner =
        miner().withLineEvidence(List.of(new SessionMatcher(writes, Duration.ofHours(24))));
    Path rows = temp.resolve("rows");

    RepositoryMiner.Mined mined = miner.mine(root, rows);

    List<RepositoryMiner.ChainRange> ranges = miner.cut(root, 3, 1);
    List<Path> folders = mineRanges(miner, root, ranges);
    Path joinedRows = temp.resolve("joined");
    RepositoryMiner.Mined joined = miner.join(root, ranges, folders, joinedRows);

    try (Store direct = Store.open(temp.resolve("direct.duckdb"), List.of(GitSchema.PART))) {
      new RepositoryScanner(direct, IdentityTable.builtIn())
          .withLineEvidence(List.of(new SessionMatcher(writes, Duration.ofHours(24))))
          .scan(root, ScanOptions.defaults(), name -> Progress.silent());
      try (Statement statement = direct.connection().createStatement();
          ResultSet matched =
              statement.executeQuery(
                  "SELECT count(*) FROM git_line_evidence WHERE detector = 'session-matched'")) {
        matched.next();
        assertThat(matched.getLong(1)).as("session-matched rows").isEqualTo(1);
      }
      assertSameRows(direct, mined.rows(), rows);
      assertSameRows(direct, joined.rows(), joinedRows);
    }
  }

  private static void assertSameRows(Store direct, ExportManifest manifest, Path rows)
      throws Exception {
    for (Map.Entry<String, Long> table : manifest.rows().entrySet()) {
      assertThat(differingRows(direct, table.getKey(), rows))
          .as("rows of %s that differ from the direct scan's", table.getKey())
          .isZero();
      assertThat(count(direct, table.getKey())).as(table.getKey()).isEqualTo(table.getValue());
    }
  }

  /** Mines each of {@code ranges} into its own folder, r0, r1, ..., and returns the folders. */
  private List<Path> mineRanges(
      RepositoryMiner miner, Path repo, List<RepositoryMiner.ChainRange> ranges) {
    List<Path> folders = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      folders.add(temp.resolve("r" + i));
      miner.mineRange(repo, ranges.get(i), folders.getLast());
    }
    return folders;
  }

  private static Path clone(Path origin, Path target) {
    try {
      Process process =
          new ProcessBuilder("git", "clone", "-q", "--mirror", origin.toString(), target.toString())
              .redirectErrorStream(true)
              .start();
      process.getInputStream().readAllBytes();
      assertThat(process.waitFor()).isZero();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return target;
  }

  /** Rows in one of the table and the exported file but not the other (scan times left out). */
  private static long differingRows(Store store, String table, Path rows) throws Exception {
    return differingRows(
        store, table, rows, table.equals("git_repos") ? "* EXCLUDE (scanned_at)" : "*");
  }

  private static long differingRows(Store store, String table, Path rows, String columns)
      throws Exception {
    String file = "read_parquet('" + rows.resolve(table + ".parquet") + "')";
    String sql =
        "SELECT count(*) FROM ((SELECT %1$s FROM %2$s EXCEPT ALL SELECT %1$s FROM %3$s)"
            + " UNION ALL (SELECT %1$s FROM %3$s EXCEPT ALL SELECT %1$s FROM %2$s))";
    try (Statement statement = store.connection().createStatement();
        ResultSet result = statement.executeQuery(String.format(sql, columns, table, file))) {
      result.next();
      return result.getLong(1);
    }
  }

  private static long count(Store store, String table) throws Exception {
    try (Statement statement = store.connection().createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }
}
