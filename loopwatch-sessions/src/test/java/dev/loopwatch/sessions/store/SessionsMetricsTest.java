package dev.loopwatch.sessions.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.sessions.Fixtures;
import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsMetricsTest {
  @TempDir Path temp;

  private Store store() {
    Store store = Store.open(temp.resolve("m.duckdb"), List.of(SessionsSchema.PART));
    Path claude = Fixtures.resource("claude/projects");
    Path tasksClaude = Fixtures.resource("tasks/claude/projects");
    Path codex = Fixtures.resource("tasks/codex/sessions");
    SessionsWriter.write(
        store,
        List.of(
            new ScannedFolder(claude, "claude", new ClaudeCodeReader().read(claude)),
            new ScannedFolder(tasksClaude, "claude", new ClaudeCodeReader().read(tasksClaude)),
            new ScannedFolder(codex, "codex", new CodexReader().read(codex))),
        Prices.defaults(),
        Instant.parse("2026-03-20T12:00:00Z"));
    return store;
  }

  @Test
  void compute_emptyStore_empty() {
    try (Store store = Store.open(temp.resolve("e.duckdb"), List.of(SessionsSchema.PART))) {
      assertThat(SessionsMetrics.compute(store)).isEmpty();
    }
  }

  @Test
  void compute_fixtures_totalsTiersApartSubagentsUnderTheirMainSession() {
    try (Store store = store()) {
      SessionsReport report = SessionsMetrics.compute(store).orElseThrow();

      // Tier 1: 7 human markers in the shop session (its subagents have none) + 1 reject in the
      // task fixtures; the 2 policy denials are apart. Tier 2: 1 take-over + 5 in the task
      // fixtures. Delegated share of week 2026-03-09: subagents a1b2c3d4 (4.004 s) and b5e6f7a8
      // (44.003 s) over 211.032 + 6.002 s of main-session work.
      assertThat(report.totals())
          .isEqualTo(
              new SessionsReport.Totals(
                  8, 3, 17, 29, 1.706, 3, 1.167, 8, 6, 2, 1.0, 0.75, 0.166, 0.08, 0.733, 11, 3, 3,
                  2, 30401, 0.034993, 0));
      assertThat(report.weeks())
          .containsExactly(
              new SessionsReport.Week(
                  LocalDate.of(2026, 3, 9),
                  2,
                  4,
                  3.5,
                  0.5,
                  2.5,
                  3,
                  1.167,
                  3,
                  0.221,
                  0.733,
                  2,
                  Optional.of(0.0),
                  1,
                  Optional.of(0.0)),
              new SessionsReport.Week(
                  LocalDate.of(2026, 3, 16),
                  6,
                  13,
                  0.167,
                  0.833,
                  1.462,
                  3,
                  0.817,
                  0,
                  0.0,
                  0.0,
                  9,
                  Optional.of(0.333),
                  2,
                  Optional.of(1.0)));
    }
  }

  @Test
  void compute_fixtures_splitByModelAndCliVersion() {
    try (Store store = store()) {
      SessionsReport report = SessionsMetrics.compute(store).orElseThrow();

      assertThat(report.byModel())
          .extracting(g -> g.agent() + " " + g.key() + " " + g.sessions() + " " + g.tokens())
          .containsExactly(
              "claude-code claude-opus-4-6 2 1101",
              "claude-code claude-sonnet-4-6 5 29300",
              "codex gpt-5.2-codex 1 0");
      assertThat(report.byCliVersion())
          .extracting(g -> g.agent() + " " + g.key() + " " + g.taskSuccess())
          .containsExactly(
              "claude-code 2.1.30 Optional[0.0]",
              "claude-code 2.1.41 Optional[0.25]",
              "codex 0.116.0 Optional[1.0]");
      assertThat(report.costPerDay().getFirst())
          .isEqualTo(
              new SessionsReport.DayCost(
                  LocalDate.of(2026, 3, 14),
                  "claude-haiku-4-5",
                  31,
                  32,
                  0,
                  0,
                  Optional.of(0.000191)));
      assertThat(report.costPerDay()).hasSize(6);
    }
  }
}
