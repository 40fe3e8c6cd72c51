package dev.loopwatch.app.ladder;

import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.store.Store;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A real DuckDB store with the full schema, filled row by row with known values. */
final class LadderStoreFixture implements AutoCloseable {
  final Store store;
  private int seq;

  LadderStoreFixture(Path file) {
    this.store = Store.open(file, StoreParts.ALL);
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO git_repos (root, name, branch, tip, shallow, scanned_at)"
                  + " VALUES ('/repo', 'repo', 'main', 'tip', false, 0)")) {
        insert.executeUpdate();
      }
      return null;
    });
  }

  static long at(String day) {
    return LocalDate.parse(day).atTime(12, 0).toInstant(ZoneOffset.UTC).getEpochSecond();
  }

  /** A merged change on {@code day} with {@code added} lines, {@code strong} of them AI, by Ada. */
  LadderStoreFixture change(String day, int added, int strong) {
    return change(day, added, strong, "ada@example.com", false);
  }

  /**
   * A merged change by the engineer {@code email}; with {@code matched}, its lines credited to an
   * agent session by session matching.
   */
  LadderStoreFixture change(String day, int added, int strong, String email, boolean matched) {
    return change(day, "src/a.txt", added, strong, email, matched);
  }

  /** A merged change on {@code day} touching only {@code path}, by Ada. */
  LadderStoreFixture changeIn(String day, String path, int added, int strong) {
    return change(day, path, added, strong, "ada@example.com", false);
  }

  private LadderStoreFixture change(
      String day, String path, int added, int strong, String email, boolean matched) {
    int number = ++seq;
    store.inTransaction(connection -> {
      try (PreparedStatement change =
              connection.prepareStatement(
                  "INSERT INTO git_changes VALUES ((SELECT min(repo_id) FROM git_repos), ?, ?,"
                      + " false, 'change', ?, ?, 'Ada', ?, 'HUMAN', NULL,"
                      + " 'Ada', ?, 0, false, false)");
          PreparedStatement credit =
              connection.prepareStatement(
                  "INSERT INTO git_change_credits VALUES ((SELECT min(repo_id) FROM git_repos), ?,"
                      + " 'src/a.txt', ?, 'session-matched', 'STRONG', 'claude-code', NULL,"
                      + " 'session s', ?, 'session s')");
          PreparedStatement file =
              connection.prepareStatement(
                  "INSERT INTO git_change_files VALUES ((SELECT min(repo_id) FROM git_repos), ?,"
                      + " ?, NULL, ?, 0, false, NULL, ?, 0, 0)")) {
        change.setString(1, "sha" + number);
        change.setInt(2, number);
        change.setLong(3, at(day));
        change.setLong(4, at(day));
        change.setString(5, email);
        change.setString(6, email);
        change.executeUpdate();
        if (matched) {
          credit.setString(1, "sha" + number);
          credit.setString(2, "sha" + number);
          credit.setInt(3, strong);
          credit.executeUpdate();
        }
        file.setString(1, "sha" + number);
        file.setString(2, path);
        file.setInt(3, added);
        file.setInt(4, strong);
        file.executeUpdate();
      }
      return null;
    });
    return this;
  }

  /** A main session started on {@code day}. */
  LadderStoreFixture session(
      String id, String day, int humanTurns, int toolCalls, double unattended, double work) {
    return sessionRow(id, id, 0, day, humanTurns, toolCalls, unattended, work);
  }

  /** A direct subagent of main session {@code root}. */
  LadderStoreFixture subagent(String id, String root, String day, double work) {
    return sessionRow(id, root, 1, day, 0, 0, 0, work);
  }

  private LadderStoreFixture sessionRow(
      String id,
      String root,
      int depth,
      String day,
      int humanTurns,
      int toolCalls,
      double unattended,
      double work) {
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO sessions (agent, session_id, source, models, started_at, ended_at,"
                  + " parent_id, root_id, depth, human_turns, tool_calls, longest_tool_run,"
                  + " longest_autonomous_seconds, agent_work_seconds, human_wait_seconds,"
                  + " longest_delegated_seconds) VALUES ('claude', ?, 'test', '', ?, ?, ?, ?, ?,"
                  + " ?, ?, 0, ?, ?, 0, 0)")) {
        insert.setString(1, id);
        insert.setLong(2, at(day));
        insert.setLong(3, at(day) + 60);
        insert.setString(4, depth == 0 ? null : root);
        insert.setString(5, root);
        insert.setInt(6, depth);
        insert.setInt(7, humanTurns);
        insert.setInt(8, toolCalls);
        insert.setDouble(9, unattended);
        insert.setDouble(10, work);
        insert.executeUpdate();
      }
      return null;
    });
    return this;
  }

  /** An open-ended task of session {@code id}, verified or not. */
  LadderStoreFixture openEndedTask(String id, int index, String day, boolean verified) {
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO sessions_tasks (agent, session_id, task_index, started_at, ended_at,"
                  + " outcome, open_ended, evidence) VALUES ('claude', ?, ?, ?, ?, ?, true, '')")) {
        insert.setString(1, id);
        insert.setInt(2, index);
        insert.setLong(3, at(day));
        insert.setLong(4, at(day) + 60);
        insert.setString(5, verified ? "verified_success" : "unverified");
        insert.executeUpdate();
      }
      return null;
    });
    return this;
  }

  /** A speedup grading on {@code day}. */
  LadderStoreFixture grading(
      String id, String day, boolean accepted, double median, double low, double high) {
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO speedup_gradings (id, graded_at, task, candidate, practice,"
                  + " network_isolated, accepted, speedup_median, speedup_low, speedup_high,"
                  + " pairs, checks) VALUES (?, ?, 'tiny', 'cand', false, true, ?, ?, ?, ?, 10,"
                  + " '')")) {
        insert.setString(1, id);
        insert.setLong(2, at(day));
        insert.setBoolean(3, accepted);
        insert.setDouble(4, median);
        insert.setDouble(5, low);
        insert.setDouble(6, high);
        insert.executeUpdate();
      }
      return null;
    });
    return this;
  }

  /** A judgment run on {@code day} whose one candidate won {@code rate} [low, high] of 40 items. */
  LadderStoreFixture judgment(String day, String candidate, double rate, double low, double high) {
    int number = ++seq;
    store.inTransaction(connection -> {
      try (PreparedStatement run =
              connection.prepareStatement(
                  "INSERT INTO judgment_runs VALUES (?, ?, 'items.jsonl', 40, 10, 0, 'judge',"
                      + " 'judge-model', 'judgment-prompts/1', 7, 100, false)");
          PreparedStatement row =
              connection.prepareStatement(
                  "INSERT INTO judgment_candidates (run_id, candidate, model, judged, wins, ties,"
                      + " losses, win_rate, win_rate_low, win_rate_high, judge_errors,"
                      + " candidate_errors, stopped_by_budget, labelled_items, calls, cache_hits,"
                      + " cost_usd, unknown_cost_calls, cost_avoided_usd)"
                      + " VALUES (?, ?, 'model-x', 40, 0, 0, 0, ?, ?, ?, 0, 0, 0, 0, 120, 0, 0, 0,"
                      + " 0)")) {
        run.setString(1, "run" + number);
        run.setLong(2, at(day));
        run.executeUpdate();
        row.setString(1, "run" + number);
        row.setString(2, candidate);
        row.setDouble(3, rate);
        row.setDouble(4, low);
        row.setDouble(5, high);
        row.executeUpdate();
      }
      return null;
    });
    return this;
  }

  /**
   * A retro run on {@code day} with one reviewer per {@code rates} entry (strict rate, low, high).
   */
  LadderStoreFixture retro(String day, String reviewer, double rate, double low, double high) {
    store.inTransaction(connection -> {
      long runId;
      try (PreparedStatement run =
              connection.prepareStatement(
                  "INSERT INTO retro_runs (run_at, repo, window_lines, seed, judged, controls)"
                      + " VALUES (?, 'repo', 3, 1, false, 0) RETURNING run_id");
          var rows = setLong(run, at(day)).executeQuery()) {
        rows.next();
        runId = rows.getLong(1);
      }
      for (String[] row : new String[][] {{reviewer, "1"}, {"weak-" + reviewer, "0.5"}}) {
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO retro_reviewers (run_id, position, reviewer, incidents, fix_found,"
                    + " introducing_found, reviewed, errors, strict_caught, strict_rate,"
                    + " strict_low, strict_high, judge_errors, control_reviewed, control_errors,"
                    + " control_findings, control_flagged, wall_millis, cost_usd, cost_reports)"
                    + " VALUES (?, ?, ?, 20, 20, 20, 20, 0, 0, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)")) {
          double factor = Double.parseDouble(row[1]);
          insert.setLong(1, runId);
          insert.setInt(2, factor == 1 ? 0 : 1);
          insert.setString(3, row[0]);
          insert.setDouble(4, rate * factor);
          insert.setDouble(5, low * factor);
          insert.setDouble(6, high * factor);
          insert.executeUpdate();
        }
      }
      return null;
    });
    return this;
  }

  private static PreparedStatement setLong(PreparedStatement statement, long value)
      throws java.sql.SQLException {
    statement.setLong(1, value);
    return statement;
  }

  @Override
  public void close() {
    store.close();
  }

  static Instant instant(String day) {
    return Instant.ofEpochSecond(at(day));
  }
}
