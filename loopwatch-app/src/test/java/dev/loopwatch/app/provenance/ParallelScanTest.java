package dev.loopwatch.app.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.SyntheticRepos;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.scan.RepositoryScanner;
import dev.loopwatch.git.scan.ScanOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans on a pool of connections give exactly the numbers of scans one after another. */
class ParallelScanTest {
  private static final MetricsOptions OPTIONS =
      new MetricsOptions(
          dev.loopwatch.core.time.Granularity.QUARTER,
          Optional.empty(),
          Optional.empty(),
          99,
          0,
          Map.of(),
          200,
          1);

  @TempDir Path temp;

  private List<Path> repositories(int... sizes) throws Exception {
    List<Path> repos = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      repos.add(
          SyntheticRepos.generate(temp.resolve("syn" + i), sizes[i], temp.resolve("gen.log")));
    }
    return repos;
  }

  private static ParallelScan.RepoScan scanner() {
    return (store, repo) ->
        new RepositoryScanner(store, IdentityTable.builtIn())
            .scan(repo, ScanOptions.defaults(), name -> Progress.silent());
  }

  @Test
  void pool_givesTheNumbersOfScansOneAfterAnother_andReportsFailuresApart() throws Exception {
    List<Path> repos = new ArrayList<>(repositories(40, 150, 80, 60));
    Path notARepo = Files.createDirectories(temp.resolve("plain folder"));
    repos.add(2, notARepo);

    ProvenanceReport sequential;
    try (Store store = Store.open(temp.resolve("seq.duckdb"), StoreParts.ALL)) {
      for (Path repo : repos) {
        if (!repo.equals(notARepo)) {
          scanner().scan(store, repo);
        }
      }
      sequential = ProvenanceMetrics.compute(store, Set.of(), OPTIONS);
    }
    try (Store store = Store.open(temp.resolve("pool.duckdb"), StoreParts.ALL)) {
      List<ParallelScan.Result> results = ParallelScan.run(store, repos, 2, scanner());
      assertThat(results).extracting(ParallelScan.Result::repo).containsExactlyElementsOf(repos);
      assertThat(results.get(2).failure())
          .hasValueSatisfying(f -> assertThat(f.message()).contains("not a git repository"));
      assertThat(results).filteredOn(r -> r.outcome().isPresent()).hasSize(4);
      ProvenanceReport pooled = ProvenanceMetrics.compute(store, Set.of(), OPTIONS);
      assertThat(pooled.totals()).isEqualTo(sequential.totals());
      assertThat(pooled.repos().stream().map(r -> r.name() + " " + r.totals()).toList())
          .isEqualTo(sequential.repos().stream().map(r -> r.name() + " " + r.totals()).toList());
      assertThat(pooled.byAgent()).isEqualTo(sequential.byAgent());
      assertThat(pooled.exclusions()).isEqualTo(sequential.exclusions());
    }
  }
}
