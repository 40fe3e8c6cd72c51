package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.SourceLines;
import dev.loopwatch.git.metrics.ProvenanceReport.Totals;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence classes end to end on a real repository: review-bot suggestions and aider's
 * committer-only marker are shown by source and never counted in the AI share.
 *
 * <p>Added lines: base 10 (none), gemini suggestion 20, Copilot reviewer suggestion 8, CodeRabbit
 * suggestion 6 (review-suggestion), Claude + gemini trailers 12 (change-level claude-code), aider
 * author 15 (change-level aider), aider committer only 9 (circumstantial), a merge bringing in a
 * gemini suggestion commit 7 (review-suggestion), a commit co-authored by an unlisted review bot 4
 * (no evidence, unless configured) = 91. Counted AI: 12 + 15 = 27.
 */
class EvidenceClassScanTest {
  private static final MetricsOptions KEEP_ALL =
      new MetricsOptions(
          Granularity.QUARTER, Optional.empty(), Optional.empty(), 100, 0, Map.of(), 200, 1);
  private static final String GEMINI =
      "gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>";
  private static final String ACME =
      "acme-review[bot] <424242+acme-review[bot]@users.noreply.github.com>";

  @TempDir Path temp;

  private static FixtureRepo history(Path root) {
    FixtureRepo repo = FixtureRepo.init(root);
    repo.as("Alice", "alice@example.com").at("2025-01-01T10:00:00Z");
    repo.lines("src/base.py", 10, "base").commit("base");
    repo.at("2025-01-02T10:00:00Z").lines("CHANGELOG.md", 20, "log");
    repo.commit("docs: changelog\n\nCo-authored-by: " + GEMINI);
    repo.at("2025-01-03T10:00:00Z").lines("src/cop.py", 8, "cop");
    repo.commit(
        "Apply suggestions from code review\n\n"
            + "Co-authored-by: Copilot <175728472+copilot-pull-request-reviewer[bot]@users.noreply.github.com>");
    repo.at("2025-01-04T10:00:00Z").lines("src/rabbit.py", 6, "rabbit");
    repo.commit(
        "Apply suggestion\n\n"
            + "Co-authored-by: coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>");
    repo.at("2025-01-05T10:00:00Z").lines("src/both.py", 12, "both");
    repo.commit(
        "Fix retry\n\nCo-authored-by: "
            + GEMINI
            + "\nCo-Authored-By: Claude <noreply@anthropic.com>");
    repo.as("Bob (aider)", "bob@example.com").at("2025-01-06T10:00:00Z");
    repo.lines("src/aider.py", 15, "aider").commit("aider: add aider.py");
    repo.at("2025-01-07T10:00:00Z").lines("src/pending.py", 9, "pending");
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "wip", "--author", "Bob <bob@example.com>");

    repo.as("Alice", "alice@example.com").at("2025-01-08T10:00:00Z");
    repo.git("checkout", "-q", "-b", "feature/x");
    repo.lines("src/side.py", 7, "side").commit("side\n\nCo-authored-by: " + GEMINI);
    repo.git("checkout", "-q", "main");
    repo.at("2025-01-09T10:00:00Z");
    repo.git("merge", "-q", "--no-ff", "feature/x", "-m", "Merge branch 'feature/x'");
    repo.at("2025-01-10T10:00:00Z").lines("src/acme.py", 4, "acme");
    repo.commit("Apply suggestion\n\nCo-authored-by: " + ACME);
    return repo;
  }

  private static ProvenanceReport scan(Path db, Path repo, IdentityTable table) {
    try (Store store = Store.open(db, List.of(GitSchema.PART))) {
      new RepositoryScanner(store, table)
          .scan(repo, ScanOptions.defaults(), name -> Progress.silent());
      return ProvenanceMetrics.compute(store, Set.of(), KEEP_ALL);
    }
  }

  @Test
  void scan_reviewSuggestionsAndAiderCommitter_shownBySourceNotCounted() {
    FixtureRepo repo = history(temp.resolve("repo"));

    ProvenanceReport report = scan(temp.resolve("db.duckdb"), repo.root(), IdentityTable.builtIn());

    assertThat(report.totals()).isEqualTo(new Totals(9, 91, 0, 0, 27, 50));
    assertThat(report.totals().aiShare()).isEqualTo(27.0 / 91);
    assertThat(report.byAgent())
        .filteredOn(agent -> agent.confidence() != Confidence.WEAK)
        .containsExactly(
            new AgentLines("aider", Optional.empty(), Confidence.MEDIUM, 15),
            new AgentLines("claude-code", Optional.empty(), Confidence.MEDIUM, 12));
    assertThat(report.bySource())
        .containsExactly(
            new SourceLines(
                "Co-authored-by review bot github-id 176961590",
                "review-suggestion",
                "review-suggestion",
                "gemini",
                false,
                2,
                27),
            new SourceLines(
                "author name suffix (aider)", "aider-suffix", "change-level", "aider", true, 1, 15),
            new SourceLines(
                "Co-authored-by identity email noreply@anthropic.com",
                "co-author-trailer",
                "change-level",
                "claude-code",
                true,
                1,
                12),
            new SourceLines(
                "committer name suffix (aider)",
                "aider-committer-suffix",
                "circumstantial",
                "aider",
                false,
                1,
                9),
            new SourceLines(
                "Co-authored-by review bot email-regex"
                    + " '([0-9]+\\+)?copilot-pull-request-reviewer\\[bot\\]@users\\.noreply\\.github\\.com'",
                "review-suggestion",
                "review-suggestion",
                "copilot",
                false,
                1,
                8),
            new SourceLines(
                "Co-authored-by review bot github-id 136622811",
                "review-suggestion",
                "review-suggestion",
                "coderabbit",
                false,
                1,
                6));
  }

  @Test
  void scan_reviewBotFromConfig_reviewSuggestionWithoutRebuild() throws Exception {
    FixtureRepo repo = history(temp.resolve("repo"));
    ObjectNode root =
        (ObjectNode)
            new TomlMapper()
                .readTree(
                    """
                    [[review-bot]]
                    github-id = 424242
                    name = "acme-review"
                    agent = "acme"
                    """);
    IdentityTable table =
        IdentityTable.builtIn().withConfig(ConfigSection.of("identities", root, "loopwatch.toml"));

    ProvenanceReport report = scan(temp.resolve("db.duckdb"), repo.root(), table);

    assertThat(report.totals()).isEqualTo(new Totals(9, 91, 0, 0, 27, 54));
    assertThat(report.bySource())
        .contains(
            new SourceLines(
                "Co-authored-by review bot github-id 424242",
                "review-suggestion",
                "review-suggestion",
                "acme",
                false,
                1,
                4));
  }
}
