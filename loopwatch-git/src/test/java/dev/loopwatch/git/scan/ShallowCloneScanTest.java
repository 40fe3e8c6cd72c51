package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.ExcludedCount;
import dev.loopwatch.git.store.GitSchema;
import dev.loopwatch.git.store.WarningCounts;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shallow clone's boundary commit shows its whole tree as added; the scan leaves it out of the
 * counted changes and reports it as a shallow-boundary exclusion and warning.
 *
 * <p>History: commit i (1..8) adds f{i}.py of 10 lines. {@code git clone --depth 5} keeps commits
 * 4..8; commit 4 is the boundary, its diff the 40 lines of f1..f4.
 */
class ShallowCloneScanTest {
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

  private FixtureRepo shallowClone(int depth) {
    FixtureRepo origin = FixtureRepo.init(temp.resolve("origin"));
    origin.as("Alice", "alice@example.com");
    for (int i = 1; i <= 8; i++) {
      origin.at("2025-01-0" + i + "T10:00:00Z").lines("f" + i + ".py", 10, "f" + i);
      origin.commit("add f" + i);
    }
    origin.git(
        "clone",
        "-q",
        "--depth",
        Integer.toString(depth),
        "file://" + origin.root(),
        temp.resolve("clone").toString());
    return FixtureRepo.init(temp.resolve("clone"));
  }

  private static ScanOutcome scan(Store store, Path path) {
    return new RepositoryScanner(store, IdentityTable.builtIn())
        .scan(path, ScanOptions.defaults(), name -> Progress.silent());
  }

  @Test
  void scan_shallowClone_leavesBoundaryCommitOutAndCountsIt() {
    FixtureRepo clone = shallowClone(5);
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome = scan(store, clone.root());
      assertThat(outcome.shallow()).isTrue();
      assertThat(outcome.changesMined()).isEqualTo(5);

      ProvenanceReport report =
          ProvenanceMetrics.compute(store, Set.of(outcome.repoId()), KEEP_ALL);
      assertThat(report.totals().changes()).isEqualTo(4);
      assertThat(report.totals().addedLines()).isEqualTo(40);
      assertThat(report.exclusions().byReason())
          .containsEntry("shallow_boundary", new ExcludedCount(4, 40));
      assertThat(WarningCounts.of(store, outcome.repoId()))
          .anySatisfy(kind -> {
            assertThat(kind.kind()).isEqualTo("shallow-boundary");
            assertThat(kind.count()).isEqualTo(1);
            assertThat(kind.subject()).isEqualTo(clone.git("rev-parse", "HEAD~4").strip());
            assertThat(kind.message()).contains("its 40 added lines in 4 files");
          });
    }
  }

  @Test
  void rescan_deepenedClone_reminesWithTheNewBoundary() {
    FixtureRepo clone = shallowClone(5);
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      scan(store, clone.root());
      clone.git("fetch", "-q", "--deepen", "2");
      ScanOutcome again = scan(store, clone.root());
      assertThat(again.mode()).isEqualTo("deepened");
      assertThat(again.changesMined()).isEqualTo(7);

      ProvenanceReport report = ProvenanceMetrics.compute(store, Set.of(again.repoId()), KEEP_ALL);
      assertThat(report.totals().changes()).isEqualTo(6);
      assertThat(report.totals().addedLines()).isEqualTo(60);
      assertThat(report.exclusions().byReason())
          .containsEntry("shallow_boundary", new ExcludedCount(2, 20));
      assertThat(count(store, "SELECT count(*) FROM git_warnings WHERE kind = 'shallow-boundary'"))
          .isEqualTo(1);
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
