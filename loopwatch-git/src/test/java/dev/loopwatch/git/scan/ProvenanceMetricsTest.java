package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.time.Period;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.MetricsOptions.CoverageRule;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.BreakDirection;
import dev.loopwatch.git.metrics.ProvenanceReport.CoverageBreak;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoCut;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outlier, coverage and baseline rules of {@link ProvenanceMetrics} on real repositories with
 * exact expected numbers.
 */
class ProvenanceMetricsTest {
  private static final String CLAUDE = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>";

  @TempDir Path temp;

  private static void scan(Store store, Path repo) {
    new RepositoryScanner(store, IdentityTable.builtIn())
        .scan(repo, ScanOptions.defaults(), name -> Progress.silent());
  }

  private Store store(String name) {
    return Store.open(temp.resolve(name + ".duckdb"), List.of(GitSchema.PART));
  }

  private static String day(int offset) {
    return LocalDate.of(2024, 1, 1).plusDays(offset) + "T10:00:00Z";
  }

  /** Six 10-line changes by Alice, then one 100-line change with a Claude trailer. */
  private FixtureRepo smallRepo() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("small"));
    repo.as("Alice", "alice@example.com");
    for (int i = 0; i < 6; i++) {
      repo.at(day(i)).lines("src/f" + i + ".py", 10, "s");
      repo.commit("change " + i);
    }
    repo.at(day(6)).lines("src/big.py", 100, "ai");
    repo.commit("big" + CLAUDE);
    return repo;
  }

  /** 248 changes of 10 lines by Alice and Bob, then two 500-line changes with a Claude trailer. */
  private FixtureRepo largeRepo() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("large"));
    for (int i = 0; i < 248; i++) {
      repo.as(i % 2 == 0 ? "Alice" : "Bob", i % 2 == 0 ? "alice@example.com" : "bob@example.com");
      repo.at(day(i)).lines("src/f" + i + ".py", 10, "l");
      repo.commit("change " + i);
    }
    for (int i = 0; i < 2; i++) {
      repo.at(day(248 + i)).lines("src/big" + i + ".py", 500, "ai");
      repo.commit("big " + i + CLAUDE);
    }
    return repo;
  }

  @Test
  void compute_sevenChanges_dropsNothingByDefault() {
    FixtureRepo repo = smallRepo();
    try (Store store = store("small")) {
      scan(store, repo.root());
      ProvenanceReport report =
          ProvenanceMetrics.compute(store, Set.of(), MetricsOptions.defaults());
      assertThat(report.totals().addedLines()).isEqualTo(160);
      assertThat(report.headline().aiShare()).isEqualTo(100.0 / 160);
      assertThat(report.headline().aiShareTrimmed()).isEqualTo(100.0 / 160);
      assertThat(report.headline().droppedChanges()).isZero();
      assertThat(report.headline().droppedLines()).isZero();
      assertThat(report.throughput().outliers().byRepository())
          .containsExactly(new RepoCut("small", 7, false, Optional.empty(), 0, 0, 0));
      assertThat(report.caveats())
          .contains("small has 7 counted changes, fewer than 200: no percentile outlier cut.");
    }
  }

  @Test
  void compute_250Changes_cutsAbove99thPercentileAndKeepsAllInHeadline() {
    FixtureRepo repo = largeRepo();
    try (Store store = store("large")) {
      scan(store, repo.root());
      ProvenanceReport report =
          ProvenanceMetrics.compute(store, Set.of(), MetricsOptions.defaults());
      assertThat(report.totals().changes()).isEqualTo(250);
      assertThat(report.totals().addedLines()).isEqualTo(3480);
      assertThat(report.headline().aiShare()).isEqualTo(1000.0 / 3480);
      assertThat(report.headline().aiShareTrimmed()).isZero();
      assertThat(report.headline().droppedChanges()).isEqualTo(2);
      assertThat(report.headline().droppedLines()).isEqualTo(1000);
      assertThat(report.headline().droppedLineShare()).isEqualTo(1000.0 / 3480);
      assertThat(report.headline().droppedAiLines()).isEqualTo(1000);
      // The 99th percentile of 248 tens and two 500s is 10 (type 7: h = 246.51).
      assertThat(report.throughput().outliers().byRepository())
          .containsExactly(new RepoCut("large", 250, true, Optional.of(10L), 2, 1000, 1000));
      assertThat(report.throughput().outliers().trimmed().addedLines()).isEqualTo(2480);
      // Throughput counts only what the cut keeps: 2,480 lines by 2 engineers over 248 days.
      assertThat(report.repos().get(0).throughput().orElseThrow().linesPerEngineerDay())
          .isEqualTo(2480.0 / (2 * 248));
      assertThat(report.caveats())
          .contains(
              "The outlier cut (per repository) drops 2 changes = 28.7% of added lines from"
                  + " throughput; the headline AI share counts every change (28.7%; 0.0% with the"
                  + " cut).");

      ProvenanceReport noCut =
          ProvenanceMetrics.compute(
              store, Set.of(), MetricsOptions.defaults().withOutlierMinChanges(251));
      assertThat(noCut.headline().droppedChanges()).isZero();
      assertThat(noCut.headline().aiShareTrimmed()).isEqualTo(1000.0 / 3480);
    }
  }

  @Test
  void compute_twoRepositoriesInOneStore_equalTheirSingleRepositoryNumbers() {
    FixtureRepo small = smallRepo();
    FixtureRepo large = largeRepo();
    MetricsOptions options = MetricsOptions.defaults();
    try (Store alone1 = store("alone1");
        Store alone2 = store("alone2");
        Store shared = store("shared")) {
      scan(alone1, large.root());
      scan(alone2, small.root());
      scan(shared, large.root());
      scan(shared, small.root());
      ProvenanceReport largeAlone = ProvenanceMetrics.compute(alone1, Set.of(), options);
      ProvenanceReport smallAlone = ProvenanceMetrics.compute(alone2, Set.of(), options);
      ProvenanceReport both = ProvenanceMetrics.compute(shared, Set.of(), options);

      RepoSummary largeShared = both.repos().get(0);
      RepoSummary smallShared = both.repos().get(1);
      assertThat(largeShared).isEqualTo(largeAlone.repos().get(0));
      assertThat(smallShared).isEqualTo(smallAlone.repos().get(0));
      assertThat(smallShared.totals().aiShare()).isEqualTo(100.0 / 160);
      assertThat(smallShared.outliers().droppedChanges()).isZero();
      assertThat(largeShared.outliers().threshold()).contains(10L);

      // Store-wide: every repository cut on its own, then summed.
      assertThat(both.totals().addedLines()).isEqualTo(3480 + 160);
      assertThat(both.headline().aiShare()).isEqualTo(1100.0 / 3640);
      assertThat(both.headline().aiShareTrimmed()).isEqualTo(100.0 / 2640);
      assertThat(both.headline().droppedChanges()).isEqualTo(2);
      assertThat(both.headline().droppedLines()).isEqualTo(1000);
    }
  }

  /** The same three changes (one with a Claude trailer), so two copies share every commit id. */
  private FixtureRepo sharedHistory(String name) {
    FixtureRepo repo = FixtureRepo.init(temp.resolve(name));
    repo.as("Alice", "alice@example.com");
    for (int i = 0; i < 3; i++) {
      repo.at(day(i)).lines("src/s" + i + ".py", 10 + i, "s");
      repo.commit("shared " + i + (i == 1 ? CLAUDE : ""));
    }
    return repo;
  }

  @Test
  void compute_forkAndUpstreamScannedInEitherOrder_listLargestChangesAlike() {
    FixtureRepo upstream = sharedHistory("upstream");
    FixtureRepo fork = sharedHistory("fork");
    MetricsOptions options = MetricsOptions.defaults();
    try (Store forward = store("forward");
        Store backward = store("backward")) {
      scan(forward, upstream.root());
      scan(forward, fork.root());
      scan(backward, fork.root());
      scan(backward, upstream.root());
      ProvenanceReport first = ProvenanceMetrics.compute(forward, Set.of(), options);
      ProvenanceReport second = ProvenanceMetrics.compute(backward, Set.of(), options);

      assertThat(first.largestAiChanges()).hasSize(2);
      assertThat(first.largestAiChanges().get(0).sha())
          .isEqualTo(first.largestAiChanges().get(1).sha());
      assertThat(first.largestAiChanges().stream().map(c -> c.repo()).toList())
          .containsExactly("fork", "upstream");
      assertThat(second.largestAiChanges()).isEqualTo(first.largestAiChanges());
    }
  }

  /** 25 changes without evidence, 10 with a Claude trailer, then {@code after} without. */
  private FixtureRepo coverageRepo(String name, int after) {
    FixtureRepo repo = FixtureRepo.init(temp.resolve(name));
    repo.as("Alice", "alice@example.com");
    int n = 0;
    for (int i = 0; i < 25; i++, n++) {
      repo.at(day(n)).lines("src/p" + n + ".py", 3, "p");
      repo.commit("plain " + n);
    }
    for (int i = 0; i < 10; i++, n++) {
      repo.at(day(n)).lines("src/c" + n + ".py", 3, "c");
      repo.commit("claude " + n + CLAUDE);
    }
    for (int i = 0; i < after; i++, n++) {
      repo.at(day(n)).lines("src/q" + n + ".py", 3, "q");
      repo.commit("plain " + n);
    }
    return repo;
  }

  @Test
  void compute_evidenceStopsWhileCommitsContinue_reportsCoverageBreaks() {
    FixtureRepo repo = coverageRepo("coverage", 25);
    MetricsOptions options =
        MetricsOptions.defaults()
            .withCoverage(new CoverageRule(10, 5, 20))
            .withOutlierMinChanges(1000);
    try (Store store = store("coverage")) {
      scan(store, repo.root());
      ProvenanceReport report = ProvenanceMetrics.compute(store, Set.of(), options);
      List<CoverageBreak> breaks = report.coverageBreaks();
      assertThat(breaks).hasSize(2);
      CoverageBreak starts = breaks.get(0);
      assertThat(starts.direction()).isEqualTo(BreakDirection.STARTS);
      assertThat(starts.agent()).isEqualTo("claude-code");
      assertThat(starts.date()).isEqualTo(LocalDate.parse("2024-01-26"));
      assertThat(starts.windowEvidence()).isEqualTo(10);
      assertThat(starts.quietChanges()).isEqualTo(25);
      CoverageBreak stops = breaks.get(1);
      assertThat(stops.direction()).isEqualTo(BreakDirection.STOPS);
      assertThat(stops.date()).isEqualTo(LocalDate.parse("2024-02-04"));
      assertThat(stops.windowChanges()).isEqualTo(10);
      assertThat(stops.windowEvidence()).isEqualTo(10);
      assertThat(stops.quietChanges()).isEqualTo(25);
      assertThat(stops.quietFrom()).isEqualTo(LocalDate.parse("2024-02-05"));
      assertThat(stops.quietTo()).isEqualTo(LocalDate.parse("2024-02-29"));
      assertThat(report.caveats())
          .contains(
              "coverage: claude-code evidence stops after 2024-02-04 (10 of the 10 changes up to"
                  + " then had it) while 25 later changes merged (2024-02-05 to 2024-02-29) without"
                  + " it: a drop in AI share after this date may be a change in evidence, not in"
                  + " use.");
      // Coverage per quarter: 10 of 60 changes carry evidence, 30 of 180 lines are in them.
      ShareBucket quarter = report.shareOverTime().get(0);
      assertThat(quarter.changes()).isEqualTo(60);
      assertThat(quarter.changesWithEvidence()).isEqualTo(10);
      assertThat(quarter.addedLinesWithEvidence()).isEqualTo(30);
      assertThat(quarter.changeCoverage()).isEqualTo(10.0 / 60);
    }
  }

  @Test
  void compute_evidenceThinsToOneStrayThenStops_reportsOneStopWithTheStray() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("stray"));
    repo.as("Alice", "alice@example.com");
    int n = 0;
    for (int i = 0; i < 10; i++, n++) {
      repo.at(day(n)).lines("src/c" + n + ".py", 3, "c");
      repo.commit("claude " + n + CLAUDE);
    }
    for (int i = 0; i < 51; i++, n++) {
      repo.at(day(n)).lines("src/q" + n + ".py", 3, "q");
      repo.commit(i == 25 ? "stray " + n + CLAUDE : "plain " + n);
    }
    MetricsOptions options = MetricsOptions.defaults().withCoverage(new CoverageRule(10, 5, 20));
    try (Store store = store("stray")) {
      scan(store, repo.root());
      List<CoverageBreak> breaks =
          ProvenanceMetrics.compute(store, Set.of(), options).coverageBreaks();
      assertThat(breaks).hasSize(1);
      CoverageBreak stop = breaks.get(0);
      assertThat(stop.direction()).isEqualTo(BreakDirection.STOPS);
      assertThat(stop.date()).isEqualTo(LocalDate.parse("2024-01-10"));
      assertThat(stop.quietChanges()).isEqualTo(51);
      assertThat(stop.quietEvidence()).isEqualTo(1);
      assertThat(stop.strayEvidence()).contains(LocalDate.parse("2024-02-05"));
    }
  }

  @Test
  void compute_evidenceStopsWithActivity_reportsNoStop() {
    FixtureRepo repo = coverageRepo("coverage", 5);
    MetricsOptions options = MetricsOptions.defaults().withCoverage(new CoverageRule(10, 5, 20));
    try (Store store = store("coverage")) {
      scan(store, repo.root());
      ProvenanceReport report = ProvenanceMetrics.compute(store, Set.of(), options);
      assertThat(report.coverageBreaks())
          .extracting(CoverageBreak::direction)
          .containsExactly(BreakDirection.STARTS);
    }
  }

  /**
   * Engineers e0..e{n-1} each merge one change of {@code lines.apply(i)} lines on 2024-06-01 and on
   * 2025-06-01 (the latter with {@code factor} times the lines).
   */
  private static void twoYears(FixtureRepo repo, int engineers, int[] lines, int[] later) {
    for (int i = 0; i < engineers; i++) {
      repo.as("E" + i, "e" + i + "@example.com").at("2024-06-01T10:00:00Z");
      repo.lines("src/a" + i + ".py", lines[i], "a");
      repo.commit("a " + i);
    }
    for (int i = 0; i < engineers; i++) {
      repo.as("E" + i, "e" + i + "@example.com").at("2025-06-01T10:00:00Z");
      repo.lines("src/b" + i + ".py", later[i], "b");
      repo.commit("b " + i);
    }
  }

  private static MetricsOptions baseline() {
    MetricsOptions defaults = MetricsOptions.defaults();
    return new MetricsOptions(
        defaults.granularity(),
        Optional.of(Period.parse("2024")),
        Optional.of(Period.parse("2025")),
        100,
        0,
        defaults.teams(),
        2000,
        42L);
  }

  @Test
  void compute_baselineWithTwoEngineers_isInconclusive() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("pair"));
    twoYears(repo, 2, new int[] {10, 20}, new int[] {40, 80});
    try (Store store = store("pair")) {
      scan(store, repo.root());
      BaselineComparison comparison =
          ProvenanceMetrics.compute(store, Set.of(), baseline())
              .throughput()
              .comparison()
              .orElseThrow();
      // Days are cut to the scanned span: 2024-06-01..2025-06-01.
      assertThat(comparison.baselineEngineers()).isEqualTo(2);
      assertThat(comparison.baselineValue()).isEqualTo(15.0 / 214);
      assertThat(comparison.currentValue()).isEqualTo(60.0 / 152);
      assertThat(comparison.inconclusive()).isTrue();
      assertThat(comparison.warnings())
          .containsExactly(
              "only 2 engineers in 2024 (fewer than 5)", "only 2 engineers in 2025 (fewer than 5)");
    }
  }

  @Test
  void compute_baselineIntervalSpanningOne_isInconclusive() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("six"));
    twoYears(repo, 6, new int[] {10, 200, 30, 400, 50, 5}, new int[] {300, 20, 5, 60, 400, 30});
    try (Store store = store("six")) {
      scan(store, repo.root());
      BaselineComparison comparison =
          ProvenanceMetrics.compute(store, Set.of(), baseline())
              .throughput()
              .comparison()
              .orElseThrow();
      assertThat(comparison.baselineEngineers()).isEqualTo(6);
      assertThat(comparison.currentEngineers()).isEqualTo(6);
      assertThat(comparison.low()).isLessThan(1);
      assertThat(comparison.high()).isGreaterThan(1);
      assertThat(comparison.inconclusive()).isTrue();
      assertThat(comparison.warnings()).hasSize(1);
      assertThat(comparison.warnings().get(0))
          .startsWith("the 95% interval ")
          .endsWith(" includes 1x (no change)");
    }
  }

  @Test
  void compute_repositoryInOnePeriodOnly_isLeftOutAndListed() {
    FixtureRepo both = FixtureRepo.init(temp.resolve("both"));
    twoYears(both, 5, new int[] {10, 10, 10, 10, 10}, new int[] {30, 30, 30, 30, 30});
    FixtureRepo late = FixtureRepo.init(temp.resolve("late"));
    late.as("Zed", "zed@example.com").at("2025-03-01T10:00:00Z").lines("z.py", 1000, "z");
    late.commit("late");
    try (Store store = store("two")) {
      scan(store, both.root());
      scan(store, late.root());
      ProvenanceReport report = ProvenanceMetrics.compute(store, Set.of(), baseline());
      BaselineComparison comparison = report.throughput().comparison().orElseThrow();
      assertThat(comparison.repositories()).containsExactly("both");
      assertThat(comparison.excludedRepositories()).containsExactly("late");
      assertThat(comparison.currentEngineers()).isEqualTo(5);
      assertThat(comparison.ratio()).isCloseTo(3.0 * 214 / 152, within(1e-9));
      assertThat(comparison.inconclusive()).isFalse();
      assertThat(report.throughput().comparisonByRepository())
          .extracting(ProvenanceReport.RepoBaseline::repo)
          .containsExactly("both");

      BaselineComparison all =
          ProvenanceMetrics.compute(store, Set.of(), baseline().withBaselineAllRepositories(true))
              .throughput()
              .comparison()
              .orElseThrow();
      assertThat(all.repositories()).containsExactly("both", "late");
      assertThat(all.excludedRepositories()).isEmpty();
      assertThat(all.currentEngineers()).isEqualTo(6);
    }
  }
}
