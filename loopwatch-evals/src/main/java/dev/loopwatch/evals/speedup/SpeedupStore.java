package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The speedup part of the store: one row per grading ({@code speedup_gradings}) and per agent
 * attempt ({@code speedup_attempts}, pointing at its final grading). Times are epoch seconds (UTC).
 * "Average best over runs" for an agent and model is {@code avg(best_practice_speedup)} or {@code
 * avg(speedup_best)} over its attempts' gradings.
 */
public final class SpeedupStore {
  private SpeedupStore() {}

  private static final String V1 =
      """
      CREATE TABLE speedup_gradings (
        id VARCHAR PRIMARY KEY,
        graded_at BIGINT NOT NULL,
        task VARCHAR NOT NULL,
        candidate VARCHAR NOT NULL,
        practice BOOLEAN NOT NULL,
        network_isolated BOOLEAN NOT NULL,
        accepted BOOLEAN NOT NULL,
        speedup_median DOUBLE,
        speedup_low DOUBLE,
        speedup_high DOUBLE,
        speedup_mean DOUBLE,
        speedup_best DOUBLE,
        reference_median DOUBLE,
        score DOUBLE,
        pairs INTEGER NOT NULL,
        checks VARCHAR NOT NULL
      );
      CREATE TABLE speedup_attempts (
        id VARCHAR PRIMARY KEY,
        finished_at BIGINT NOT NULL,
        task VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        model VARCHAR,
        agent_seconds DOUBLE NOT NULL,
        agent_exit_code INTEGER NOT NULL,
        budget_exhausted BOOLEAN NOT NULL,
        scores INTEGER NOT NULL,
        folder VARCHAR NOT NULL,
        grading_id VARCHAR NOT NULL
      );
      """;

  /** The schema part to migrate when opening the store. */
  public static final SchemaPart PART = new SchemaPart("speedup", List.of(V1));

  /** Stores a grading and returns its id. */
  public static String recordGrading(Store store, GradeReport report, Instant at) {
    requireNonNull(store, "store is null");
    requireNonNull(report, "report is null");
    requireNonNull(at, "at is null");
    String id = UUID.randomUUID().toString();
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO speedup_gradings VALUES"
                  + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, id);
        insert.setLong(2, at.getEpochSecond());
        insert.setString(3, report.task());
        insert.setString(4, report.candidate());
        insert.setBoolean(5, report.practice());
        insert.setBoolean(6, report.networkIsolated());
        insert.setBoolean(7, report.accepted());
        Optional<Speedup> speedup = report.speedup();
        setDouble(insert, 8, speedup.map(s -> OptionalDouble.of(s.median())));
        setDouble(insert, 9, speedup.map(s -> OptionalDouble.of(s.low())));
        setDouble(insert, 10, speedup.map(s -> OptionalDouble.of(s.high())));
        setDouble(insert, 11, speedup.map(s -> OptionalDouble.of(s.mean())));
        setDouble(insert, 12, speedup.map(s -> OptionalDouble.of(s.best())));
        setDouble(insert, 13, report.referenceSpeedup().map(s -> OptionalDouble.of(s.median())));
        setDouble(insert, 14, Optional.of(report.score()));
        insert.setInt(15, speedup.map(s -> s.ratios().size()).orElse(0));
        insert.setString(
            16,
            report.checks().stream()
                .map(check -> check.name() + "=" + check.verdict().label())
                .collect(Collectors.joining(",")));
        insert.executeUpdate();
      }
      return null;
    });
    return id;
  }

  /** Stores an attempt with its final grading and returns the attempt's id. */
  public static String recordAttempt(
      Store store, Attempt.Result result, String agent, Optional<String> model, Instant at) {
    requireNonNull(result, "result is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(model, "model is null");
    String gradingId = recordGrading(store, result.grade(), at);
    String id = UUID.randomUUID().toString();
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO speedup_attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, id);
        insert.setLong(2, at.getEpochSecond());
        insert.setString(3, result.grade().task());
        insert.setString(4, agent);
        if (model.isPresent()) {
          insert.setString(5, model.get());
        } else {
          insert.setNull(5, Types.VARCHAR);
        }
        insert.setDouble(6, result.agentSeconds());
        insert.setInt(7, result.agentExitCode());
        insert.setBoolean(8, result.budgetExhausted());
        insert.setInt(9, result.scores().size());
        insert.setString(10, result.folder().toString());
        insert.setString(11, gradingId);
        insert.executeUpdate();
      }
      return null;
    });
    return id;
  }

  /**
   * One stored grading as the report and the trend fits use it.
   *
   * @param gradedAt when it was graded
   * @param task the task name
   * @param candidate the candidate as given
   * @param agent the agent command, when the grading ended an attempt
   * @param model the model the attempt named, if any
   * @param practice whether it graded practice seeds only
   * @param accepted whether every check passed
   * @param median the median speedup, when timed
   * @param low the low end of its 95% interval
   * @param high the high end of its 95% interval
   * @param score the normalised score against the reference, when the reference was timed
   * @param checks every check with its verdict, {@code name=verdict} joined by commas
   */
  public record HistoryRow(
      Instant gradedAt,
      String task,
      String candidate,
      Optional<String> agent,
      Optional<String> model,
      boolean practice,
      boolean accepted,
      OptionalDouble median,
      OptionalDouble low,
      OptionalDouble high,
      OptionalDouble score,
      String checks) {
    /** Checks the fields are present. */
    public HistoryRow {
      requireNonNull(gradedAt, "gradedAt is null");
      requireNonNull(task, "task is null");
      requireNonNull(candidate, "candidate is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(model, "model is null");
      requireNonNull(median, "median is null");
      requireNonNull(low, "low is null");
      requireNonNull(high, "high is null");
      requireNonNull(score, "score is null");
      requireNonNull(checks, "checks is null");
    }

    /** Who made the candidate: the attempt's model, else its agent command, else the candidate. */
    public String group() {
      return model.or(() -> agent).orElse(candidate);
    }
  }

  /** Every stored grading, oldest first, with its attempt's agent and model when it had one. */
  public static List<HistoryRow> history(Store store) {
    requireNonNull(store, "store is null");
    return store.read(connection -> {
      List<HistoryRow> rows = new ArrayList<>();
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT g.graded_at, g.task, g.candidate, a.agent, a.model, g.practice,"
                      + " g.accepted, g.speedup_median, g.speedup_low, g.speedup_high, g.score,"
                      + " g.checks FROM speedup_gradings g"
                      + " LEFT JOIN speedup_attempts a ON a.grading_id = g.id"
                      + " ORDER BY g.graded_at, g.id");
          ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(
              new HistoryRow(
                  Instant.ofEpochSecond(result.getLong(1)),
                  result.getString(2),
                  result.getString(3),
                  Optional.ofNullable(result.getString(4)),
                  Optional.ofNullable(result.getString(5)),
                  result.getBoolean(6),
                  result.getBoolean(7),
                  doubleOf(result, 8),
                  doubleOf(result, 9),
                  doubleOf(result, 10),
                  doubleOf(result, 11),
                  result.getString(12)));
        }
      }
      return List.copyOf(rows);
    });
  }

  private static OptionalDouble doubleOf(ResultSet result, int column) throws SQLException {
    double value = result.getDouble(column);
    return result.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static void setDouble(
      PreparedStatement statement, int index, Optional<OptionalDouble> value) throws SQLException {
    OptionalDouble present = value.orElse(OptionalDouble.empty());
    if (present.isPresent()) {
      statement.setDouble(index, present.getAsDouble());
    } else {
      statement.setNull(index, Types.DOUBLE);
    }
  }
}
