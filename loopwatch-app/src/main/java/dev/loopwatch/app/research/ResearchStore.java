package dev.loopwatch.app.research;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.research.ResearchSummary.AgentRow;
import dev.loopwatch.app.research.ResearchSummary.Baselines;
import dev.loopwatch.app.research.ResearchSummary.Best;
import dev.loopwatch.app.research.ResearchSummary.CurvePoint;
import dev.loopwatch.app.research.ResearchSummary.Flag;
import dev.loopwatch.app.research.ResearchSummary.Scored;
import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The research part of the store: one row per finalized run ({@code research_runs}), one per agent
 * ({@code research_agents}), one per sealed result with its point on the PGR-over-spend curve
 * ({@code research_results}) and one per probe flag ({@code research_flags}). A run is keyed by its
 * id ({@code TASK/STARTED_AT}), the same wherever its folder is, so storing it again replaces it.
 * Instants are ISO-8601 text (lossless); {@code started_ms} orders runs.
 */
public final class ResearchStore {
  private ResearchStore() {}

  private static final String V1 =
      """
      CREATE TABLE research_runs (
        run_id VARCHAR PRIMARY KEY,
        started_ms BIGINT NOT NULL,
        started_at VARCHAR NOT NULL,
        ended_at VARCHAR,
        task VARCHAR NOT NULL,
        folder VARCHAR NOT NULL,
        agent_command VARCHAR NOT NULL,
        state VARCHAR NOT NULL,
        sealed BOOLEAN NOT NULL,
        weak_acc DOUBLE NOT NULL,
        ceiling_acc DOUBLE NOT NULL,
        naive_acc DOUBLE NOT NULL,
        best_result VARCHAR,
        best_low DOUBLE,
        best_high DOUBLE,
        best_among INTEGER,
        agent_hours DOUBLE NOT NULL,
        cost_usd DOUBLE NOT NULL,
        bootstrap INTEGER NOT NULL,
        seed BIGINT NOT NULL,
        not_scored VARCHAR NOT NULL,
        caveats VARCHAR NOT NULL
      );
      CREATE TABLE research_agents (
        run_id VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        status VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        posts INTEGER NOT NULL,
        results INTEGER NOT NULL,
        submissions INTEGER NOT NULL,
        flags INTEGER NOT NULL,
        wall_seconds DOUBLE NOT NULL,
        cpu_seconds DOUBLE NOT NULL,
        tokens BIGINT NOT NULL,
        cost_usd DOUBLE NOT NULL,
        best_pgr DOUBLE,
        PRIMARY KEY (run_id, agent)
      );
      CREATE TABLE research_results (
        run_id VARCHAR NOT NULL,
        result VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        agent VARCHAR NOT NULL,
        posted_at VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        snapshot VARCHAR NOT NULL,
        pgr DOUBLE NOT NULL,
        accuracy DOUBLE NOT NULL,
        seed_pgrs VARCHAR NOT NULL,
        t_low DOUBLE,
        t_high DOUBLE,
        flags INTEGER NOT NULL,
        agent_hours_then DOUBLE NOT NULL,
        cost_usd_then DOUBLE NOT NULL,
        best_pgr_then DOUBLE NOT NULL,
        PRIMARY KEY (run_id, result)
      );
      CREATE TABLE research_flags (
        run_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        flagged_at VARCHAR NOT NULL,
        split VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        submission VARCHAR NOT NULL,
        result VARCHAR NOT NULL,
        seed BIGINT NOT NULL,
        evidence VARCHAR NOT NULL,
        PRIMARY KEY (run_id, position)
      );
      """;

  /** The schema part to migrate when opening the store. */
  public static final SchemaPart PART = new SchemaPart("research", List.of(V1));

  private static final String[] TABLES = {
    "research_flags", "research_results", "research_agents", "research_runs"
  };

  /** Stores {@code summary} in one transaction, replacing a run stored before with its id. */
  static void record(Store store, ResearchSummary summary) {
    requireNonNull(store, "store is null");
    requireNonNull(summary, "summary is null");
    store.inTransaction(connection -> {
      for (String table : TABLES) {
        try (PreparedStatement delete =
            connection.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
          delete.setString(1, summary.runId());
          delete.executeUpdate();
        }
      }
      insertRun(connection, summary);
      insertAgents(connection, summary);
      insertResults(connection, summary);
      insertFlags(connection, summary);
      return null;
    });
  }

  private static void insertRun(Connection connection, ResearchSummary s) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO research_runs VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, s.runId());
      insert.setLong(2, s.startedAt().toEpochMilli());
      insert.setString(3, s.startedAt().toString());
      insert.setString(4, s.endedAt().map(Instant::toString).orElse(null));
      insert.setString(5, s.task());
      insert.setString(6, s.folder());
      insert.setString(7, s.agentCommand());
      insert.setString(8, s.state());
      insert.setBoolean(9, s.sealed());
      insert.setDouble(10, s.baselines().weak());
      insert.setDouble(11, s.baselines().ceiling());
      insert.setDouble(12, s.baselines().naive());
      insert.setString(13, s.best().map(b -> b.result().id()).orElse(null));
      number(insert, 14, s.best().map(b -> OptionalDouble.of(b.bootstrapLow())));
      number(insert, 15, s.best().map(b -> OptionalDouble.of(b.bootstrapHigh())));
      if (s.best().isPresent()) {
        insert.setInt(16, s.best().get().among());
      } else {
        insert.setNull(16, Types.INTEGER);
      }
      insert.setDouble(17, s.agentHours());
      insert.setDouble(18, s.costUsd());
      insert.setInt(19, s.bootstrap());
      insert.setLong(20, s.seed());
      insert.setString(21, String.join("\n", s.notScored()));
      insert.setString(22, String.join("\n", s.caveats()));
      insert.executeUpdate();
    }
  }

  private static void insertAgents(Connection connection, ResearchSummary s) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO research_agents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (AgentRow a : s.agents()) {
        insert.setString(1, s.runId());
        insert.setString(2, a.name());
        insert.setInt(3, position++);
        insert.setString(4, a.status());
        insert.setString(5, a.reason());
        insert.setInt(6, a.posts());
        insert.setInt(7, a.results());
        insert.setInt(8, a.submissions());
        insert.setInt(9, a.flags());
        insert.setDouble(10, a.wallSeconds());
        insert.setDouble(11, a.cpuSeconds());
        insert.setLong(12, a.tokens());
        insert.setDouble(13, a.costUsd());
        number(insert, 14, Optional.of(a.bestPgr()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertResults(Connection connection, ResearchSummary s) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO research_results VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < s.scored().size(); i++) {
        Scored r = s.scored().get(i);
        CurvePoint p = s.curve().get(i);
        insert.setString(1, s.runId());
        insert.setString(2, r.id());
        insert.setInt(3, i);
        insert.setString(4, r.agent());
        insert.setString(5, r.at().toString());
        insert.setString(6, r.title());
        insert.setString(7, r.snapshot());
        insert.setDouble(8, r.pgr());
        insert.setDouble(9, r.accuracy());
        insert.setString(
            10, String.join(",", r.seedPgrs().stream().map(d -> Double.toString(d)).toList()));
        number(insert, 11, Optional.of(r.tLow()));
        number(insert, 12, Optional.of(r.tHigh()));
        insert.setInt(13, r.flags());
        insert.setDouble(14, p.agentHours());
        insert.setDouble(15, p.costUsd());
        insert.setDouble(16, p.bestPgr());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertFlags(Connection connection, ResearchSummary s) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO research_flags VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (Flag f : s.flags()) {
        insert.setString(1, s.runId());
        insert.setInt(2, position++);
        insert.setString(3, f.at().toString());
        insert.setString(4, f.split());
        insert.setString(5, f.kind());
        insert.setString(6, f.agent());
        insert.setString(7, f.submission());
        insert.setString(8, f.result());
        insert.setLong(9, f.seed());
        insert.setString(10, f.evidence());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The latest stored run (by start time), or empty when none was stored. */
  public static Optional<ResearchSummary> latest(Store store) {
    requireNonNull(store, "store is null");
    return store.read(connection -> {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT run_id, started_at, ended_at, task, folder, agent_command, state,"
                      + " sealed, weak_acc, ceiling_acc, naive_acc, best_result, best_low,"
                      + " best_high, best_among, agent_hours, cost_usd, bootstrap, seed,"
                      + " not_scored, caveats FROM research_runs"
                      + " ORDER BY started_ms DESC, run_id DESC LIMIT 1");
          ResultSet run = select.executeQuery()) {
        if (!run.next()) {
          return Optional.<ResearchSummary>empty();
        }
        String runId = run.getString(1);
        List<Scored> scored = new ArrayList<>();
        List<CurvePoint> curve = new ArrayList<>();
        results(connection, runId, scored, curve);
        String bestResult = run.getString(12);
        Optional<Best> best = Optional.empty();
        for (Scored r : scored) {
          if (r.id().equals(bestResult)) {
            best = Optional.of(new Best(r, run.getDouble(13), run.getDouble(14), run.getInt(15)));
          }
        }
        String ended = run.getString(3);
        return Optional.of(
            new ResearchSummary(
                runId,
                run.getString(4),
                run.getString(5),
                run.getString(6),
                run.getString(7),
                Instant.parse(run.getString(2)),
                ended == null ? Optional.empty() : Optional.of(Instant.parse(ended)),
                run.getBoolean(8),
                new Baselines(run.getDouble(9), run.getDouble(10), run.getDouble(11)),
                scored,
                best,
                agents(connection, runId),
                flags(connection, runId),
                curve,
                run.getDouble(16),
                run.getDouble(17),
                Optional.empty(),
                lines(run.getString(20)),
                run.getInt(18),
                run.getLong(19),
                lines(run.getString(21))));
      }
    });
  }

  private static void results(
      Connection connection, String runId, List<Scored> scored, List<CurvePoint> curve)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT result, agent, posted_at, title, snapshot, pgr, accuracy, seed_pgrs, t_low,"
                + " t_high, flags, agent_hours_then, cost_usd_then, best_pgr_then"
                + " FROM research_results WHERE run_id = ? ORDER BY position")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          Instant at = Instant.parse(row.getString(3));
          String text = row.getString(8);
          List<Double> pgrs =
              text.isEmpty()
                  ? List.of()
                  : Arrays.stream(text.split(",")).map(Double::valueOf).toList();
          scored.add(
              new Scored(
                  row.getString(1),
                  row.getString(2),
                  at,
                  row.getString(4),
                  row.getString(5),
                  row.getDouble(6),
                  row.getDouble(7),
                  pgrs,
                  optional(row, 9),
                  optional(row, 10),
                  row.getInt(11)));
          curve.add(
              new CurvePoint(
                  at, row.getDouble(12), row.getDouble(13), row.getDouble(14), row.getString(1)));
        }
      }
    }
  }

  private static List<AgentRow> agents(Connection connection, String runId) throws SQLException {
    List<AgentRow> agents = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT agent, status, reason, posts, results, submissions, flags, wall_seconds,"
                + " cpu_seconds, tokens, cost_usd, best_pgr FROM research_agents"
                + " WHERE run_id = ? ORDER BY position")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          double wall = row.getDouble(8);
          double cost = row.getDouble(11);
          agents.add(
              new AgentRow(
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  row.getInt(4),
                  row.getInt(5),
                  row.getInt(6),
                  row.getInt(7),
                  wall,
                  row.getDouble(9),
                  row.getLong(10),
                  cost,
                  wall > 0 ? OptionalDouble.of(cost / (wall / 3600)) : OptionalDouble.empty(),
                  optional(row, 12)));
        }
      }
    }
    return agents;
  }

  private static List<Flag> flags(Connection connection, String runId) throws SQLException {
    List<Flag> flags = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT flagged_at, split, kind, agent, submission, result, seed, evidence"
                + " FROM research_flags WHERE run_id = ? ORDER BY position")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          flags.add(
              new Flag(
                  Instant.parse(row.getString(1)),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5),
                  row.getString(6),
                  row.getLong(7),
                  row.getString(8)));
        }
      }
    }
    return flags;
  }

  private static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static void number(PreparedStatement statement, int index, Optional<OptionalDouble> value)
      throws SQLException {
    if (value.isPresent()
        && value.get().isPresent()
        && Double.isFinite(value.get().getAsDouble())) {
      statement.setDouble(index, value.get().getAsDouble());
    } else {
      statement.setNull(index, Types.DOUBLE);
    }
  }

  private static OptionalDouble optional(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
