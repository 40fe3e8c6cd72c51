package dev.loopwatch.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch sessions} on real-format transcript fixtures. */
class SessionsCommandTest {

  private static final Path CLAUDE = resource("claude/projects");
  private static final Path CODEX = resource("codex/sessions");

  @TempDir Path temp;

  private static Path resource(String relative) {
    try {
      return Path.of(
          SessionsCommandTest.class.getResource("/dev/loopwatch/app/sessions/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  void sessions_claudeAndCodexFolders_printsNumbersPerTier() {
    CliRun run = run("sessions", CLAUDE.toString(), CODEX.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .contains(
            "Sessions: 6 main, 0 subagent; 13 human turns; 0.11 hours of agent work",
            "Interventions tier 1 (exact markers): 1 (correct 0, steer 0, take_over 0,"
                + " interrupt 0, reject 1, policy_denial 0); per session 0.17, per agent hour"
                + " 9.42",
            "Interventions tier 2 (heuristics): 5 (correct 4, take_over 1); per session 0.83,"
                + " per agent hour 47.11",
            "Autonomy: 19 tool calls, 1.46 per human turn, longest run 3",
            "Delegation: 0 subagents, max depth 0, 0 subagent tool calls",
            "Tasks: 9 (verified_success 3, unverified_success 1, partial 1, failure 2, abandoned"
                + " 1, unclear 1)",
            "Open-ended tasks: 2 (verified_success 2, unverified_success 0, partial 0, failure 0,"
                + " abandoned 0, unclear 0)",
            "  codex        0195b2c3-1d2e-7f3a-9b4c-5d6e7f8a9b0c  2026-03-19T08:00:15.004Z"
                + "            2           4            3      0      2      1         1");
    assertThat(run.out().lines().toList())
        .containsSubsequence(
            "Tokens per day (UTC):",
            "  day         input  output  cache-write  cache-read  total",
            "  2026-03-16   1080     320         1600       16000  19000",
            "  2026-03-17     70      80          400        4000   4550",
            "  2026-03-18    150     100          500        5000   5750",
            "  total        1300     500         2500       25000  29300");
    assertThat(run.out())
        .contains(
            "Malformed lines: 1 (first: "
                + CLAUDE.resolve("-home-dev-api/4d5e6f70-1b2c-4d3e-9f40-b1c2d3e4f5a6.jsonl")
                + ":2: invalid JSON");
  }

  @Test
  void sessions_json_hasTiersTasksAndTokensPerDay() throws Exception {
    CliRun run = run("sessions", "--json", CLAUDE.toString(), CODEX.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/interventions/tier2/correct").asInt()).isEqualTo(4);
    assertThat(json.at("/interventions/tier1/reject").asInt()).isEqualTo(1);
    assertThat(json.at("/tasks/all/verified_success").asInt()).isEqualTo(3);
    assertThat(json.at("/tasks/openEnded/verified_success").asInt()).isEqualTo(2);
    assertThat(json.at("/tokensPerDay/2026-03-16/cacheRead").asLong()).isEqualTo(16000);
    assertThat(json.at("/malformedLines").asInt()).isEqualTo(1);
    assertThat(json.at("/perSession").size()).isEqualTo(6);
  }

  @Test
  void sessions_agentAndDateFilters_keepMatchingSessionsOnly() {
    CliRun codex = run("sessions", "--agent", "codex", CLAUDE.toString(), CODEX.toString());
    assertThat(codex.out()).contains("Sessions: 1 main, 0 subagent; 2 human turns");
    CliRun days =
        run("sessions", "--since", "2026-03-17", "--until", "2026-03-17", CLAUDE.toString());
    assertThat(days.out()).contains("Sessions: 2 main, 0 subagent; 2 human turns");
    assertThat(days.out()).contains("  total          70      80          400        4000   4550");
  }

  @Test
  void sessions_explain_listsEveryCountedItemWithFileLine() {
    CliRun run = run("sessions", "--explain", CLAUDE.toString(), CODEX.toString());
    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    int start = lines.indexOf("Counted (--explain):");
    assertThat(start).isPositive();
    List<String> rows = lines.subList(start + 2, lines.size());
    // 1 tier-1 and 5 tier-2 interventions, 9 tasks, as in the summary.
    assertThat(rows).hasSize(15);
    assertThat(rows).filteredOn(row -> row.contains(" tier1 ")).hasSize(1);
    assertThat(rows).filteredOn(row -> row.contains(" tier2 ")).hasSize(5);
    assertThat(rows).filteredOn(row -> row.contains(" task ")).hasSize(9);
    assertThat(rows).allMatch(row -> row.matches(".*\\.jsonl:\\d+ .*"), "has file:line");
  }

  @Test
  void sessions_explainJson_listsItems() throws Exception {
    CliRun run = run("sessions", "--json", "--explain", CLAUDE.toString(), CODEX.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode explain = Json.mapper().readTree(run.out()).get("explain");
    assertThat(explain.size()).isEqualTo(15);
    assertThat(explain.get(0).fieldNames())
        .toIterable()
        .containsExactly("sessionId", "at", "agent", "tier", "kind", "location", "excerpt");
    assertThat(
            Json.mapper()
                .readTree(run("sessions", "--json", CLAUDE.toString()).out())
                .has("explain"))
        .isFalse();
  }

  @Test
  void sessions_missingPath_exitsTwoWithOneLine() {
    Path missing = temp.resolve("nope");
    CliRun run = run("sessions", missing.toString());
    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err()).isEqualTo("loopwatch: no such file or directory: " + missing + "\n");
  }

  @Test
  void sessions_folderWithoutTranscripts_exitsTwoWithOneWarning() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "not a transcript");
    CliRun run = run("sessions", empty.toString());
    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("loopwatch: no transcripts found in " + empty + "\n");
    CliRun codex = run("sessions", "--agent", "codex", CLAUDE.toString());
    assertThat(codex.code()).isEqualTo(Main.USAGE);
    assertThat(codex.err()).isEqualTo("loopwatch: no codex transcripts found in " + CLAUDE + "\n");
  }

  @Test
  void sessions_noSessionInWindow_warnsAndExitsZero() {
    CliRun run = run("sessions", "--since", "2030-01-01", CLAUDE.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: warning: 5 sessions read, none started in the --since/--until window\n");
    assertThat(run.out()).contains("Sessions: 0 main, 0 subagent");
  }

  @Test
  void sessions_badAgentOrDate_exitsTwo() {
    assertThat(run("sessions", "--agent", "cursor", CLAUDE.toString()).err())
        .isEqualTo(
            "loopwatch: --agent must be claude, codex, gemini, copilot or aider, not: cursor\n");
    CliRun run = run("sessions", "--since", "yesterday", CLAUDE.toString());
    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err()).isEqualTo("loopwatch: --since is not a date (YYYY-MM-DD): yesterday\n");
  }

  @Test
  void defaultSources_existingFoldersOnly_inDocumentedOrder() throws Exception {
    Path home = temp.resolve("home");
    Files.createDirectories(home.resolve(".claude/projects"));
    Files.createDirectories(home.resolve(".codex/sessions"));
    Path config = temp.resolve("config");
    Files.createDirectories(config.resolve("projects"));
    Path codexHome = temp.resolve("codex-home");
    Files.createDirectories(codexHome.resolve("sessions"));

    assertThat(SessionsCommand.defaultSources(Map.of(), home))
        .containsExactly(
            new SessionsCommand.Source(home.resolve(".claude/projects"), "claude"),
            new SessionsCommand.Source(home.resolve(".codex/sessions"), "codex"));
    assertThat(
            SessionsCommand.defaultSources(
                Map.of("CLAUDE_CONFIG_DIR", config.toString(), "CODEX_HOME", codexHome.toString()),
                home))
        .containsExactly(
            new SessionsCommand.Source(config.resolve("projects"), "claude"),
            new SessionsCommand.Source(home.resolve(".claude/projects"), "claude"),
            new SessionsCommand.Source(codexHome.resolve("sessions"), "codex"));
  }

  @Test
  void given_folderWithBothKinds_readsItWithBothReaders() {
    assertThat(SessionsCommand.given(List.of(CLAUDE, CODEX, CLAUDE)))
        .containsExactly(
            new SessionsCommand.Source(CLAUDE, "claude"),
            new SessionsCommand.Source(CODEX, "codex"));
  }
}
