package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.blame.LiveCodeResult;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan of a folder inside a work tree counts that folder only, and is stored apart from a scan of
 * the whole repository.
 *
 * <p>History: c1 adds api/a.py (10 lines) and web/w.js (7); c2 adds web/x.js (5, Claude trailer);
 * c3 adds api/b.py (4, Claude trailer); a side branch adds api/c.py (3, Claude trailer), merged
 * with --no-ff. In api/: 3 changes (c1, c3, the merge), 17 added lines, 7 of them AI (medium). The
 * whole repository: 4 changes, 29 lines, 12 AI.
 */
class SubfolderScanTest {
  private static final MetricsOptions KEEP_ALL =
      new MetricsOptions(
          dev.loopwatch.core.time.Granularity.QUARTER,
          Optional.empty(),
          Optional.empty(),
          100,
          0,
          Map.of(),
          200,
          1);

  @TempDir Path temp;

  private FixtureRepo twoFolders() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("mono"));
    repo.as("Alice", "alice@example.com").at("2025-01-10T10:00:00Z");
    repo.lines("api/a.py", 10, "a").lines("web/w.js", 7, "w");
    repo.commit("c1");
    repo.at("2025-01-11T10:00:00Z").lines("web/x.js", 5, "x");
    repo.commit("c2\n\nCo-Authored-By: Claude <noreply@anthropic.com>");
    repo.at("2025-01-12T10:00:00Z").lines("api/b.py", 4, "b");
    repo.commit("c3\n\nCo-Authored-By: Claude <noreply@anthropic.com>");
    repo.git("checkout", "-q", "-b", "side");
    repo.at("2025-01-13T10:00:00Z").lines("api/c.py", 3, "c");
    repo.commit("side\n\nCo-Authored-By: Claude <noreply@anthropic.com>");
    repo.git("checkout", "-q", "main");
    repo.at("2025-01-14T10:00:00Z").git("merge", "-q", "--no-ff", "side", "-m", "merge side");
    return repo;
  }

  private static ScanOutcome scan(Store store, Path path) {
    return new RepositoryScanner(store, IdentityTable.builtIn())
        .scan(path, ScanOptions.defaults(), name -> Progress.silent());
  }

  @Test
  void scan_subfolder_countsOnlyItsLines() {
    FixtureRepo repo = twoFolders();
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome = scan(store, repo.root().resolve("api"));
      assertThat(outcome.name()).isEqualTo("mono:api");
      assertThat(outcome.changesMined()).isEqualTo(3);

      ProvenanceReport report =
          ProvenanceMetrics.compute(store, Set.of(outcome.repoId()), KEEP_ALL);
      assertThat(report.totals().changes()).isEqualTo(3);
      assertThat(report.totals().addedLines()).isEqualTo(17);
      assertThat(report.totals().aiMedium()).isEqualTo(7);
      assertThat(report.repos().getFirst().path()).isEqualTo(repo.root() + ":api");
    }
  }

  @Test
  void scan_subfolderThenWholeRepository_storesThemApart() {
    FixtureRepo repo = twoFolders();
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome api = scan(store, repo.root().resolve("api"));
      ScanOutcome whole = scan(store, repo.root());
      ScanOutcome again = scan(store, repo.root().resolve("api"));

      assertThat(whole.repoId()).isNotEqualTo(api.repoId());
      assertThat(whole.name()).isEqualTo("mono");
      assertThat(again.repoId()).isEqualTo(api.repoId());
      assertThat(again.mode()).isEqualTo("unchanged");
      ProvenanceReport.Totals wholeTotals =
          ProvenanceMetrics.compute(store, Set.of(whole.repoId()), KEEP_ALL).totals();
      assertThat(wholeTotals.changes()).isEqualTo(4);
      assertThat(wholeTotals.addedLines()).isEqualTo(29);
      assertThat(wholeTotals.aiMedium()).isEqualTo(12);
      assertThat(
              ProvenanceMetrics.compute(store, Set.of(api.repoId()), KEEP_ALL)
                  .totals()
                  .addedLines())
          .isEqualTo(17);
    }
  }

  @Test
  void blame_subfolder_blamesOnlyItsFiles() {
    FixtureRepo repo = twoFolders();
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      Path api = repo.root().resolve("api");
      ScanOutcome outcome = scan(store, api);
      LiveCodeResult live =
          new LiveCodeRecorder(store)
              .record(api, outcome, ScanOptions.defaults(), Progress.silent());
      assertThat(live.fileCount()).isEqualTo(3);
      assertThat(live.lines()).isEqualTo(17);
    }
  }
}
