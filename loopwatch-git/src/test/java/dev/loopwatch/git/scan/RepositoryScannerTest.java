package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.ExcludedCount;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans a real repository that has every merge shape, detector and exclusion, and checks the exact
 * numbers.
 *
 * <p>Counted added lines: c1 10, c2 20, c3 3, m1 12, c5 30, c6 40, c8 3, c9 12 = 130. AI: c2 20
 * medium (trailer), m1 5 medium (a merged commit's trailer) + 7 weak (claude/ branch), c5 30 medium
 * (Copilot agent author), c6 25 strong (git-ai note), c9 6 strong (Agent Trace).
 */
class RepositoryScannerTest {
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

  static Map<String, String> buildHistory(FixtureRepo repo) {
    Map<String, String> shas = new LinkedHashMap<>();
    repo.as("Alice", "alice@example.com").at("2024-01-10T10:00:00Z");
    repo.lines("src/a.py", 10, "a").lines("package-lock.json", 100, "lock");
    shas.put("c1", repo.commit("add a"));

    repo.at("2024-02-01T10:00:00Z").lines("src/b.py", 20, "b");
    shas.put("c2", repo.commit("add b\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>"));

    repo.git("checkout", "-q", "-b", "claude/feature");
    repo.as("Bob", "bob@example.com").at("2024-02-10T10:00:00Z").lines("src/c.py", 5, "c");
    shas.put("s1", repo.commit("add c\n\nCo-authored-by: Claude <noreply@anthropic.com>"));
    repo.at("2024-02-11T10:00:00Z").lines("src/d.py", 7, "d");
    shas.put("s2", repo.commit("add d"));

    repo.git("checkout", "-q", "main");
    repo.at("2024-02-15T10:00:00Z").lines("src/e.py", 3, "e");
    shas.put("c3", repo.commit("add e"));

    repo.as("Alice", "alice@example.com").at("2024-03-01T10:00:00Z");
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "claude/feature",
        "-m",
        "Merge pull request #1 from org/claude/feature");
    shas.put("m1", repo.head());

    repo.as("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
        .at("2024-04-01T10:00:00Z");
    repo.lines("package-lock.json", 105, "lock").lines("requirements.txt", 2, "req");
    shas.put("c4", repo.commit("Bump deps"));

    repo.as("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com")
        .at("2025-01-10T10:00:00Z");
    repo.lines("src/f.py", 30, "f");
    shas.put("c5", repo.commit("Add f\n\nCo-authored-by: Carol <carol@example.com>"));

    repo.as("Alice", "alice@example.com").at("2025-01-20T10:00:00Z").lines("src/g.py", 40, "g");
    shas.put("c6", repo.commit("add g"));
    repo.git(
        "notes",
        "--ref=ai",
        "add",
        "-m",
        "src/g.py\n  s_0123456789abcd::t_0123456789abcd 1-25\n---\n"
            + "{\"schema_version\":\"authorship/3.0.0\",\"git_ai_version\":\"1.0.0\",\"base_commit_sha\":\""
            + shas.get("c6")
            + "\",\"prompts\":{},\"humans\":{},\"sessions\":{\"s_0123456789abcd\":{\"agent_id\":{\"tool\":\"claude\","
            + "\"id\":\"x\",\"model\":\"claude-opus-4-5\"},\"human_author\":\"Alice <alice@example.com>\"}}}",
        shas.get("c6"));

    repo.at("2025-02-01T10:00:00Z").lines("src/a.py", 10, "A");
    shas.put("c7", repo.commit("reformat a"));

    repo.as("Bob", "bob@example.com").at("2025-02-10T10:00:00Z");
    repo.write(".git-blame-ignore-revs", "# reformat\n" + shas.get("c7") + "\n");
    repo.lines("vendor/lib.js", 50, "v").write(".gitattributes", "gen/** linguist-generated\n");
    repo.lines("gen/out.txt", 8, "gen").writeBytes("img.png", new byte[] {0, 1, 2, 3, 0, 5});
    shas.put("c8", repo.commit("vendor, generated, binary"));

    repo.as("Dave", "dave@example.com").at("2025-03-01T10:00:00Z").lines("src/h.py", 12, "h");
    repo.write(
        ".agent-trace/traces.jsonl",
        "{\"version\":\"0.1.0\",\"id\":\"6f1c2a34-0000-4000-8000-000000000001\",\"timestamp\":\"2025-03-01T09:59:00Z\","
            + "\"vcs\":{\"type\":\"git\",\"revision\":\""
            + shas.get("c8")
            + "\"},\"tool\":{\"name\":\"cursor\",\"version\":\"1.0\"},\"files\":[{\"path\":\"src/h.py\",\"conversations\":"
            + "[{\"contributor\":{\"type\":\"ai\",\"model_id\":\"anthropic/claude-opus-4-5\"},"
            + "\"ranges\":[{\"start_line\":1,\"end_line\":6}]}]}]}\n");
    shas.put("c9", repo.commit("add h"));
    return shas;
  }

  private ScanOutcome scan(Store store, Path repo) {
    return new RepositoryScanner(store, IdentityTable.builtIn())
        .scan(repo, ScanOptions.defaults(), name -> Progress.silent());
  }

  @Test
  void scan_everyShape_exactTotals() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo with spaces ü"));
    Map<String, String> shas = buildHistory(repo);
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome = scan(store, repo.root());
      assertThat(outcome.mode()).isEqualTo("full");
      assertThat(outcome.changesMined()).isEqualTo(10);
      assertThat(outcome.tip()).isEqualTo(shas.get("c9"));
      assertThat(outcome.branch()).isEqualTo("main");

      ProvenanceReport report = ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL);
      ProvenanceReport.Totals totals = report.totals();
      assertThat(totals.changes()).isEqualTo(8);
      assertThat(totals.addedLines()).isEqualTo(130);
      assertThat(totals.aiStrong()).isEqualTo(31);
      assertThat(totals.aiMedium()).isEqualTo(55);
      assertThat(totals.aiWeak()).isEqualTo(7);
      assertThat(totals.noEvidence()).isEqualTo(37);
      assertThat(report.repos()).hasSize(1);
      assertThat(report.repos().getFirst().totals()).isEqualTo(totals);

      assertThat(report.byAgent())
          .containsExactlyInAnyOrder(
              new AgentLines("copilot", Optional.empty(), Confidence.MEDIUM, 30),
              new AgentLines("claude-code", Optional.of("claude-opus-4-5"), Confidence.STRONG, 25),
              new AgentLines("claude-code", Optional.of("Claude Opus 4.5"), Confidence.MEDIUM, 20),
              new AgentLines("claude-code", Optional.empty(), Confidence.MEDIUM, 5),
              new AgentLines("claude-code", Optional.empty(), Confidence.WEAK, 7),
              new AgentLines(
                  "cursor", Optional.of("anthropic/claude-opus-4-5"), Confidence.STRONG, 6));

      ProvenanceReport.ExclusionSummary exclusions = report.exclusions();
      assertThat(exclusions.botChanges()).isEqualTo(1);
      assertThat(exclusions.botLines()).isEqualTo(7);
      assertThat(exclusions.ignoredRevisionChanges()).isEqualTo(1);
      assertThat(exclusions.ignoredRevisionLines()).isEqualTo(10);
      assertThat(exclusions.byReason())
          .containsEntry("lock_file", new ExcludedCount(1, 100))
          .containsEntry("vendored", new ExcludedCount(1, 50))
          .containsEntry("binary", new ExcludedCount(1, 0));
      assertThat(exclusions.byReason().get("generated").addedLines()).isEqualTo(9);
    }
  }

  @Test
  void scan_mergeCommit_creditsMergedCommitsAndBranchName() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    Map<String, String> shas = buildHistory(repo);
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      scan(store, repo.root());
      Map<String, Long> merge =
          row(
              store,
              "SELECT sum(added), sum(ai_medium), sum(ai_weak), any_value(c.side_commits), any_value(c.engineer_email)"
                  + " FROM git_change_files f JOIN git_changes c USING (repo_id, sha) WHERE sha = '"
                  + shas.get("m1")
                  + "'");
      assertThat(merge)
          .containsExactly(
              Map.entry("c0", 12L), Map.entry("c1", 5L), Map.entry("c2", 7L), Map.entry("c3", 2L));
      assertThat(
              text(
                  store,
                  "SELECT engineer_email FROM git_changes WHERE sha = '" + shas.get("c5") + "'"))
          .isEqualTo("carol@example.com");
      assertThat(
              text(
                  store,
                  "SELECT owner_sha FROM git_commit_evidence WHERE sha = '" + shas.get("s1") + "'"))
          .isEqualTo(shas.get("m1"));
    }
  }

  @Test
  void metrics_byPath_groupsByCodeOwnersThenTeams() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    buildHistory(repo);
    repo.as("Alice", "alice@example.com").at("2025-06-01T10:00:00Z");
    repo.write(".github/CODEOWNERS", "src/ @org/python\nsrc/g.py @org/ml\n");
    repo.commit("owners");
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      scan(store, repo.root());
      List<ProvenanceReport.PathLines> byOwner =
          ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL).byPath();
      assertThat(byOwner)
          .containsExactly(
              new ProvenanceReport.PathLines("@org/python", 87, 61),
              new ProvenanceReport.PathLines("@org/ml", 40, 25),
              new ProvenanceReport.PathLines("(no owner)", 5, 0));
      MetricsOptions teams =
          new MetricsOptions(
              KEEP_ALL.granularity(),
              Optional.empty(),
              Optional.empty(),
              100,
              0,
              Map.of("core", List.of("src/a.py", "src/b.py")),
              200,
              1);
      assertThat(ProvenanceMetrics.compute(store, Set.of(), teams).byPath())
          .containsExactly(
              new ProvenanceReport.PathLines("src/", 97, 66),
              new ProvenanceReport.PathLines("core", 30, 20),
              new ProvenanceReport.PathLines("(root)", 3, 0),
              new ProvenanceReport.PathLines(".github/", 2, 0));
    }
  }

  @Test
  void rescan_newCommits_minesOnlyThemAndMatchesFullScan() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    buildHistory(repo);
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      scan(store, repo.root());
      repo.as("Erin", "erin@example.com").at("2025-04-01T10:00:00Z").lines("src/i.py", 9, "i");
      repo.commit("add i\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>");
      repo.at("2025-04-02T10:00:00Z").lines("src/j.py", 4, "j");
      repo.commit("add j");
      ScanOutcome again = scan(store, repo.root());
      assertThat(again.mode()).isEqualTo("incremental");
      assertThat(again.changesMined()).isEqualTo(2);
      ScanOutcome unchanged = scan(store, repo.root());
      assertThat(unchanged.mode()).isEqualTo("unchanged");
      assertThat(unchanged.changesMined()).isZero();

      try (Store fresh = Store.open(temp.resolve("fresh.duckdb"), List.of(GitSchema.PART))) {
        scan(fresh, repo.root());
        assertThat(ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL).totals())
            .isEqualTo(ProvenanceMetrics.compute(fresh, Set.of(), KEEP_ALL).totals());
      }
      assertThat(ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL).totals().addedLines())
          .isEqualTo(143);
    }
  }

  @Test
  void rescan_forcePushedBranch_reminesFromForkPoint() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    Map<String, String> shas = buildHistory(repo);
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      scan(store, repo.root());
      repo.git("reset", "-q", "--hard", shas.get("c8"));
      repo.as("Frank", "frank@example.com").at("2025-05-01T10:00:00Z").lines("src/k.py", 11, "k");
      repo.commit("add k instead of h");
      ScanOutcome rewritten = scan(store, repo.root());
      assertThat(rewritten.mode()).isEqualTo("rewritten");
      assertThat(rewritten.changesMined()).isEqualTo(1);
      try (Store fresh = Store.open(temp.resolve("fresh.duckdb"), List.of(GitSchema.PART))) {
        scan(fresh, repo.root());
        assertThat(ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL).totals())
            .isEqualTo(ProvenanceMetrics.compute(fresh, Set.of(), KEEP_ALL).totals());
      }
      assertThat(
              text(store, "SELECT count(*) FROM git_changes WHERE sha = '" + shas.get("c9") + "'"))
          .isEqualTo("0");
    }
  }

  @Test
  void scan_notARepository_failsAsUserInputAndWritesNothing() {
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      Path plain = temp.resolve("plain");
      FixtureRepo.init(temp.resolve("unused"));
      assertThatThrownBy(() -> scan(store, plain))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("no such file or folder");
      assertThat(text(store, "SELECT count(*) FROM git_repos")).isEqualTo("0");
    }
  }

  @Test
  void scan_emptyRepository_saysSo() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("empty"));
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      assertThatThrownBy(() -> scan(store, repo.root()))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("has no commits yet");
    }
  }

  @Test
  void scan_shallowClone_warnsAndFlagsIt() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    buildHistory(repo);
    Path clone = temp.resolve("shallow");
    repo.git("clone", "-q", "--depth", "3", "file://" + repo.root(), clone.toString());
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome = scan(store, clone);
      assertThat(outcome.shallow()).isTrue();
      assertThat(outcome.branch()).isEqualTo("origin/main");
      assertThat(outcome.changesMined()).isEqualTo(3);
      ProvenanceReport report = ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL);
      assertThat(report.caveats()).anyMatch(c -> c.contains("shallow clone"));
    }
  }

  @Test
  void scan_detachedHeadWithoutBranches_scansHeadWithWarning() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    Map<String, String> shas = buildHistory(repo);
    repo.git("checkout", "-q", "--detach", shas.get("c3"));
    repo.git("branch", "-q", "-m", "main", "trunk");
    repo.git("branch", "-q", "-D", "claude/feature");
    repo.git("branch", "-q", "-D", "trunk");
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      ScanOutcome outcome = scan(store, repo.root());
      assertThat(outcome.branch()).isEqualTo("HEAD");
      assertThat(outcome.tip()).isEqualTo(shas.get("c3"));
      assertThat(text(store, "SELECT count(*) FROM git_warnings WHERE kind = 'detached-head'"))
          .isEqualTo("1");
    }
  }

  @Test
  void scan_range_minesOnlyThatRange() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    Map<String, String> shas = buildHistory(repo);
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      ScanOptions defaults = ScanOptions.defaults();
      ScanOptions range =
          new ScanOptions(
              defaults.branch(),
              defaults.since(),
              defaults.until(),
              defaults.excludeGlobs(),
              false,
              1,
              Optional.of(shas.get("c4") + ".." + shas.get("c6")));
      ScanOutcome outcome =
          new RepositoryScanner(store, IdentityTable.builtIn())
              .scan(repo.root(), range, n -> Progress.silent());
      assertThat(outcome.changesMined()).isEqualTo(2);
      assertThat(ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL).totals().addedLines())
          .isEqualTo(70);
    }
  }

  @Test
  void scan_sinceAndUntil_keepOnlyChangesCommittedInBetween() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    buildHistory(repo);
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      ScanOptions defaults = ScanOptions.defaults();
      ScanOptions window =
          new ScanOptions(
              defaults.branch(),
              Optional.of(java.time.Instant.parse("2024-02-01T00:00:00Z")),
              Optional.of(java.time.Instant.parse("2025-01-20T00:00:00Z")),
              defaults.excludeGlobs(),
              false,
              1,
              Optional.empty());
      ScanOutcome outcome =
          new RepositoryScanner(store, IdentityTable.builtIn())
              .scan(repo.root(), window, n -> Progress.silent());
      // c2, c3, m1, c4 (bot) and c5 fall in the window.
      assertThat(outcome.changesMined()).isEqualTo(5);
      assertThat(ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL).totals().addedLines())
          .isEqualTo(65);
    }
  }

  @Test
  void scan_lineLevelAndTrailer_traceDecidesItsFilesTrailerTheOthers() {
    FixtureRepo repo = FixtureRepo.init(temp.resolve("repo"));
    repo.at("2025-03-01T09:00:00Z").lines("README.md", 1, "r");
    String parent = repo.commit("start");
    repo.at("2025-03-01T10:00:00Z").lines("src/h.py", 12, "h").lines("package.json", 3, "p");
    repo.write(
        ".agent-trace/traces.jsonl",
        "{\"version\":\"0.1.0\",\"id\":\"6f1c2a34-0000-4000-8000-000000000002\",\"timestamp\":\"2025-03-01T09:59:00Z\","
            + "\"vcs\":{\"type\":\"git\",\"revision\":\""
            + parent
            + "\"},\"tool\":{\"name\":\"cursor\",\"version\":\"1.0\"},\"files\":[{\"path\":\"src/h.py\",\"conversations\":"
            + "[{\"contributor\":{\"type\":\"ai\"},\"ranges\":[{\"start_line\":1,\"end_line\":6}]}]}]}\n");
    String change = repo.commit("add h\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>");
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      scan(store, repo.root());
      assertThat(
              row(
                  store,
                  "SELECT sum(ai_strong) FILTER (WHERE path = 'src/h.py'), sum(ai_medium) FILTER (WHERE path = 'src/h.py'),"
                      + " sum(ai_medium) FILTER (WHERE path = 'package.json'), sum(added) FROM git_change_files"
                      + " WHERE sha = '"
                      + change
                      + "' AND exclusion IS NULL"))
          .containsExactly(
              Map.entry("c0", 6L), Map.entry("c1", 0L), Map.entry("c2", 3L), Map.entry("c3", 15L));
    }
  }

  private static Map<String, Long> row(Store store, String sql) {
    return store.read(c -> {
      try (Statement statement = c.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
          result.put("c" + (i - 1), rows.getLong(i));
        }
        return result;
      }
    });
  }

  private static String text(Store store, String sql) {
    return store.read(c -> {
      try (Statement statement = c.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        return rows.next() ? rows.getString(1) : null;
      }
    });
  }
}
