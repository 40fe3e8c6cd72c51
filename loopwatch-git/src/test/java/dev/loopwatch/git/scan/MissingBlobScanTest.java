package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.store.GitSchema;
import dev.loopwatch.git.store.WarningCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clone that lacks some blobs (a snapshot mirror, a damaged copy) is scanned with those files
 * counted as binary and a warning, instead of aborting at the first blob git cannot read; a clone
 * missing many objects, or a partial clone whose blobs cannot be fetched, is refused in one line.
 *
 * <p>History: commit i (1..40) adds f{i}.py of 10 lines: 120 objects (40 commits, trees, blobs).
 */
class MissingBlobScanTest {
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

  private FixtureRepo history() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    for (int i = 1; i <= 40; i++) {
      repo.at(String.format("2025-01-%02dT10:00:00Z", 1 + i % 28))
          .lines("f" + i + ".py", 10, "f" + i);
      repo.commit("add f" + i);
    }
    return repo;
  }

  /** Deletes the loose object of {@code path}'s blob at HEAD; returns its id. */
  private static String dropBlob(FixtureRepo repo, String path) throws IOException {
    String id = repo.git("rev-parse", "HEAD:" + path).strip();
    Path object =
        repo.root().resolve(".git/objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
    Files.delete(object);
    return id;
  }

  private static ScanOutcome scan(Store store, Path path) {
    return new RepositoryScanner(store, IdentityTable.builtIn())
        .scan(path, ScanOptions.defaults(), name -> Progress.silent());
  }

  @Test
  void scan_cloneMissingOneBlob_countsItsFileAsBinaryAndWarns() throws IOException {
    FixtureRepo repo = history();
    String missing = dropBlob(repo, "f3.py");
    List<String> before = List.of(repo.git("status", "--porcelain=v1", "--ignored").strip());
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome = scan(store, repo.root());
      assertThat(outcome.changesMined()).isEqualTo(40);

      ProvenanceReport report =
          ProvenanceMetrics.compute(store, Set.of(outcome.repoId()), KEEP_ALL);
      assertThat(report.totals().addedLines()).isEqualTo(390);
      assertThat(report.exclusions().byReason()).containsKey("binary");
      assertThat(WarningCounts.of(store, outcome.repoId()))
          .anySatisfy(kind -> {
            assertThat(kind.kind()).isEqualTo("missing-blobs");
            assertThat(kind.message()).contains("1 blobs are missing").contains(missing);
          });
    }
    // Nothing was written into the repository: no replace refs, no new objects, no stray files.
    assertThat(repo.git("for-each-ref", "refs/replace").strip()).isEmpty();
    assertThat(repo.git("rev-list", "--objects", "--missing=print", "--all"))
        .contains("?" + missing);
    assertThat(List.of(repo.git("status", "--porcelain=v1", "--ignored").strip()))
        .isEqualTo(before);
  }

  @Test
  void scan_cloneMissingManyObjects_isRefusedNamingTheCount() throws IOException {
    FixtureRepo repo = history();
    for (int i = 1; i <= 3; i++) {
      dropBlob(repo, "f" + i + ".py");
    }
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      assertThatThrownBy(() -> scan(store, repo.root()))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("3 of 120 objects are missing")
          .hasMessageContaining("git fsck");
    }
  }

  @Test
  void scan_partialCloneWhoseRemoteIsGone_isRefusedWithTheFix() throws IOException {
    FixtureRepo origin = history();
    origin.git("config", "uploadpack.allowFilter", "true");
    Path clone = temp.resolve("partial");
    origin.git(
        "clone",
        "-q",
        "--no-checkout",
        "--filter=blob:none",
        "file://" + origin.root(),
        clone.toString());
    // The promisor remote disappears (a laptop offline, a deleted mirror): blobs cannot be fetched.
    Files.move(origin.root(), temp.resolve("gone"));
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      assertThatThrownBy(() -> scan(store, clone))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("partial (--filter) clone")
          .hasMessageContaining("git fetch --refetch");
    }
  }
}
