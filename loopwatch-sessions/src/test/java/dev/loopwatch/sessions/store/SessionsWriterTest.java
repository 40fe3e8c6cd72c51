package dev.loopwatch.sessions.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.sessions.Fixtures;
import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsWriterTest {
  private static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

  @TempDir Path temp;

  private static ScannedFolder claude(Path folder) {
    return new ScannedFolder(folder, "claude", new ClaudeCodeReader().read(folder));
  }

  private static ScannedFolder codex(Path folder) {
    return new ScannedFolder(folder, "codex", new CodexReader().read(folder));
  }

  private static List<String> rows(Store store, String sql) {
    return store.read(connection -> {
      List<String> rows = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            values.add(String.valueOf(result.getObject(i)));
          }
          rows.add(String.join(" ", values));
        }
      }
      return rows;
    });
  }

  private static String counts(Store store) {
    return rows(
            store,
            "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM sessions_interventions),"
                + " (SELECT count(*) FROM sessions_tasks), (SELECT count(*) FROM sessions_usage),"
                + " (SELECT count(*) FROM sessions_sources)")
        .getFirst();
  }

  private static final String SHOP = "1f0e2d3c-4b5a-4c6d-8e7f-901234567890";

  private static List<String> everything(Store store) {
    List<String> all = new ArrayList<>();
    for (String table :
        List.of("sessions", "sessions_interventions", "sessions_tasks", "sessions_usage")) {
      all.add(table);
      all.addAll(rows(store, "SELECT * FROM " + table + " ORDER BY ALL"));
    }
    all.addAll(rows(store, "SELECT agent, sessions, malformed_lines FROM sessions_sources"));
    all.addAll(rows(store, "SELECT table_name FROM duckdb_tables() ORDER BY table_name"));
    return all;
  }

  @Test
  void stream_liveReader_sameRowsAndOutcomeAsWholeRead() {
    Path folder = Fixtures.resource("claude/projects");
    try (Store whole = Store.open(temp.resolve("whole.duckdb"), List.of(SessionsSchema.PART));
        Store streamed =
            Store.open(temp.resolve("streamed.duckdb"), List.of(SessionsSchema.PART))) {
      WriteOutcome expected =
          SessionsWriter.write(whole, List.of(claude(folder)), Prices.defaults(), NOW);
      WriteOutcome outcome =
          SessionsWriter.stream(
              streamed,
              List.of(
                  new FolderSource(
                      folder, "claude", sink -> new ClaudeCodeReader().read(folder, sink))),
              Prices.defaults(),
              NOW);

      assertThat(outcome).isEqualTo(expected).isEqualTo(new WriteOutcome(2, 3, 0, 10, 2, 2));
      assertThat(everything(streamed)).isEqualTo(everything(whole)).hasSizeGreaterThan(20);
      assertThat(everything(streamed)).noneMatch(row -> row.startsWith("lw_stage"));
    }
  }

  @Test
  void write_claudeFolderWithSubagents_storesSessionsAndDelegationTree() {
    try (Store store = Store.open(temp.resolve("s.duckdb"), List.of(SessionsSchema.PART))) {
      WriteOutcome outcome =
          SessionsWriter.write(
              store, List.of(claude(Fixtures.resource("claude/projects"))), Prices.defaults(), NOW);

      assertThat(outcome).isEqualTo(new WriteOutcome(2, 3, 0, 10, 2, 2));
      assertThat(counts(store)).isEqualTo("5 10 2 5 1");
      assertThat(
              rows(
                  store,
                  "SELECT session_id, model, cli_version, git_branch, parent_id, root_id, depth,"
                      + " human_turns, tool_calls, longest_tool_run, longest_autonomous_seconds,"
                      + " agent_work_seconds, human_wait_seconds, longest_delegated_seconds"
                      + " FROM sessions ORDER BY depth, session_id"))
          .containsExactly(
              SHOP
                  + " claude-opus-4-6 2.1.30 feature/refunds null "
                  + SHOP
                  + " 0 3 10 3 70.007 211.032 28.003 0.0",
              "2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6 claude-opus-4-6 2.1.30 feature/refunds null"
                  + " 2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6 0 1 0 0 6.002 6.002 0.0 0.0",
              "a1b2c3d4 claude-opus-4-6 2.1.30 feature/refunds "
                  + SHOP
                  + " "
                  + SHOP
                  + " 1 0 1 1 4.004 4.004 0.0 4.004",
              "b5e6f7a8 claude-sonnet-4-6 2.1.30 feature/refunds "
                  + SHOP
                  + " "
                  + SHOP
                  + " 1 0 1 1 44.003 44.003 0.0 44.003",
              "c9d0e1f2 claude-haiku-4-5 2.1.30 feature/refunds b5e6f7a8 "
                  + SHOP
                  + " 2 0 1 1 2.002 2.002 0.0 2.002");
      assertThat(
              rows(
                  store,
                  "SELECT turn_index, kind, tier, human FROM sessions_interventions WHERE"
                      + " session_id = '"
                      + SHOP
                      + "' ORDER BY occurred_at, tier"))
          .containsExactly(
              "1 reject 1 true",
              "1 reject 1 true",
              "2 steer 1 true",
              "2 policy_denial 1 false",
              "2 interrupt 1 true",
              "2 take_over 2 true",
              "3 reject 1 true",
              "3 policy_denial 1 false",
              "3 reject 1 true",
              "3 steer 1 true");
    }
  }

  @Test
  void write_taskFixtures_tasksAndCostPerDay() {
    try (Store store = Store.open(temp.resolve("t.duckdb"), List.of(SessionsSchema.PART))) {
      SessionsWriter.write(
          store,
          List.of(
              claude(Fixtures.resource("tasks/claude/projects")),
              codex(Fixtures.resource("tasks/codex/sessions"))),
          Prices.defaults(),
          NOW);

      assertThat(
              rows(
                  store,
                  "SELECT outcome, count(*), count(*) FILTER (open_ended) FROM sessions_tasks"
                      + " GROUP BY outcome ORDER BY outcome"))
          .containsExactly(
              "abandoned 1 0",
              "failure 2 0",
              "partial 1 0",
              "unclear 1 0",
              "unverified_success 1 0",
              "verified_success 3 2");
      // claude-sonnet-4-6 on 2026-03-16: 1080 input x $3 + 320 output x $15 + 1600 cache writes
      // x $3.75 + 16000 cache reads x $0.30, per million = $0.01884.
      assertThat(
              rows(
                  store,
                  "SELECT day, model, sum(input), sum(output), sum(cache_creation),"
                      + " sum(cache_read), round(sum(cost_usd), 6) FROM sessions_usage"
                      + " GROUP BY day, model ORDER BY day, model"))
          .containsExactly(
              "2026-03-16 claude-sonnet-4-6 1080 320 1600 16000 0.01884",
              "2026-03-17 claude-sonnet-4-6 70 80 400 4000 0.00411",
              "2026-03-18 claude-sonnet-4-6 150 100 500 5000 0.005325");
    }
  }

  @Test
  void write_sameScanTwice_replacesNeverDuplicates() {
    Path folder = Fixtures.resource("claude/projects");
    try (Store store = Store.open(temp.resolve("r.duckdb"), List.of(SessionsSchema.PART))) {
      SessionsWriter.write(store, List.of(claude(folder)), Prices.defaults(), NOW);
      String before = counts(store);

      WriteOutcome again =
          SessionsWriter.write(
              store,
              List.of(claude(folder.resolve("-home-dev-shop").resolve(".."))),
              Prices.defaults(),
              NOW.plusSeconds(60));

      assertThat(again.replaced()).isEqualTo(5);
      assertThat(counts(store)).isEqualTo(before).isEqualTo("5 10 2 5 1");
      assertThat(rows(store, "SELECT scanned_at FROM sessions_sources"))
          .containsExactly(String.valueOf(NOW.plusSeconds(60).getEpochSecond()));
    }
  }

  @Test
  void write_folderLostASession_sessionRemovedOnRescan() throws Exception {
    Path folder = temp.resolve("projects");
    Path project = Files.createDirectories(folder.resolve("-home-dev-shop"));
    Path source = Fixtures.resource("claude/projects/-home-dev-shop");
    Files.copy(
        source.resolve("2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6.jsonl"),
        project.resolve("2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6.jsonl"));
    try (Store store = Store.open(temp.resolve("l.duckdb"), List.of(SessionsSchema.PART))) {
      SessionsWriter.write(
          store,
          List.of(claude(folder), codex(Fixtures.resource("tasks/codex/sessions"))),
          Prices.defaults(),
          NOW);
      assertThat(rows(store, "SELECT count(*) FROM sessions")).containsExactly("2");
      Files.delete(project.resolve("2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6.jsonl"));

      SessionsWriter.write(store, List.of(claude(folder)), Prices.defaults(), NOW);

      assertThat(rows(store, "SELECT agent FROM sessions")).containsExactly("codex");
    }
  }

  @Test
  void write_unknownModel_costNull() throws Exception {
    Path folder = temp.resolve("projects");
    Path project = Files.createDirectories(folder.resolve("-home-dev-shop"));
    Path source =
        Fixtures.resource(
            "claude/projects/-home-dev-shop/2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6.jsonl");
    Files.writeString(
        project.resolve("2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6.jsonl"),
        Files.readString(source).replace("claude-opus-4-6", "claude-mystery-9"));
    try (Store store = Store.open(temp.resolve("u.duckdb"), List.of(SessionsSchema.PART))) {
      SessionsWriter.write(store, List.of(claude(folder)), Prices.defaults(), NOW);

      assertThat(rows(store, "SELECT model, cost_usd IS NULL FROM sessions_usage"))
          .containsExactly("claude-mystery-9 true");
    }
  }
}
