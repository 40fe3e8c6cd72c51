package dev.loopwatch.git.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.retro.RetroResult;
import dev.loopwatch.git.retro.RetroResult.IncidentResult;
import dev.loopwatch.git.retro.RetroResult.Rate;
import dev.loopwatch.git.retro.RetroResult.ReviewResult;
import dev.loopwatch.git.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The review retrospective's tables in the store (part {@code retro}), separate from the {@code
 * git} part. Times are epoch seconds (UTC); a run is written in one transaction.
 *
 * <ul>
 *   <li>{@code retro_runs}: one row per run: when, which repository, window, seed, judged.
 *   <li>{@code retro_reviewers}: per run and reviewer, the funnel, the strict and judged catch
 *       rates with their 95% intervals, false alarms on control changes, wall time and cost.
 *   <li>{@code retro_incidents}: per run and incident, the stage, introducing commit, review range
 *       and buggy lines.
 *   <li>{@code retro_reviews}: per run, incident and reviewer, the error or the findings count and
 *       the finding that caught the bug.
 * </ul>
 */
public final class RetroStore {
  private RetroStore() {}

  private static final String V1 =
      """
      CREATE SEQUENCE retro_run_ids START 1;
      CREATE TABLE retro_runs (
        run_id INTEGER PRIMARY KEY DEFAULT nextval('retro_run_ids'),
        run_at BIGINT NOT NULL,
        repo VARCHAR NOT NULL,
        window_lines INTEGER NOT NULL,
        seed BIGINT NOT NULL,
        judged BOOLEAN NOT NULL,
        controls INTEGER NOT NULL
      );
      CREATE TABLE retro_reviewers (
        run_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        reviewer VARCHAR NOT NULL,
        incidents INTEGER NOT NULL,
        fix_found INTEGER NOT NULL,
        introducing_found INTEGER NOT NULL,
        reviewed INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        strict_caught INTEGER NOT NULL,
        strict_rate DOUBLE,
        strict_low DOUBLE,
        strict_high DOUBLE,
        judged_caught INTEGER,
        judged_rate DOUBLE,
        judged_low DOUBLE,
        judged_high DOUBLE,
        judge_errors INTEGER NOT NULL,
        control_reviewed INTEGER NOT NULL,
        control_errors INTEGER NOT NULL,
        control_findings INTEGER NOT NULL,
        control_flagged INTEGER NOT NULL,
        findings_per_clean DOUBLE,
        findings_per_clean_low DOUBLE,
        findings_per_clean_high DOUBLE,
        wall_millis BIGINT NOT NULL,
        cost_usd DECIMAL(18, 6) NOT NULL,
        cost_reports INTEGER NOT NULL,
        PRIMARY KEY (run_id, reviewer)
      );
      CREATE TABLE retro_incidents (
        run_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        incident_id VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        detail VARCHAR NOT NULL,
        introducing VARCHAR,
        declared BOOLEAN NOT NULL,
        base VARCHAR,
        head VARCHAR,
        buggy_lines VARCHAR NOT NULL,
        PRIMARY KEY (run_id, incident_id)
      );
      CREATE TABLE retro_reviews (
        run_id INTEGER NOT NULL,
        incident_id VARCHAR NOT NULL,
        reviewer VARCHAR NOT NULL,
        error VARCHAR,
        findings INTEGER NOT NULL,
        strict_file VARCHAR,
        strict_start INTEGER,
        strict_end INTEGER,
        strict_message VARCHAR,
        judged_score INTEGER,
        judged_message VARCHAR,
        judge_errors INTEGER NOT NULL,
        wall_millis BIGINT NOT NULL,
        cost_usd DECIMAL(18, 6),
        PRIMARY KEY (run_id, incident_id, reviewer)
      );
      """;

  /** The retro part of the store schema. */
  public static final SchemaPart PART = new SchemaPart("retro", List.of(V1));

  /**
   * Writes one run in one transaction and returns its id.
   *
   * @param repo the repository the run was over
   * @param runAt when the run happened
   */
  public static long write(Store store, RetroResult result, String repo, Instant runAt) {
    requireNonNull(store, "store is null");
    requireNonNull(result, "result is null");
    requireNonNull(repo, "repo is null");
    requireNonNull(runAt, "runAt is null");
    return store.inTransaction(c -> {
      long runId;
      try (PreparedStatement run =
          c.prepareStatement(
              "INSERT INTO retro_runs (run_at, repo, window_lines, seed, judged, controls)"
                  + " VALUES (?, ?, ?, ?, ?, ?) RETURNING run_id")) {
        run.setLong(1, runAt.getEpochSecond());
        run.setString(2, repo);
        run.setInt(3, result.window());
        run.setLong(4, result.seed());
        run.setBoolean(5, result.judged());
        run.setInt(6, result.controls().size());
        try (ResultSet rows = run.executeQuery()) {
          rows.next();
          runId = rows.getLong(1);
        }
      }
      writeReviewers(c, runId, result);
      writeIncidents(c, runId, result);
      return runId;
    });
  }

  private static void writeReviewers(Connection c, long runId, RetroResult result)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO retro_reviewers VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (ReviewerSummary summary : result.summaries()) {
        int i = 1;
        insert.setLong(i++, runId);
        insert.setInt(i++, position++);
        insert.setString(i++, summary.reviewer());
        insert.setInt(i++, summary.funnel().incidents());
        insert.setInt(i++, summary.funnel().fixFound());
        insert.setInt(i++, summary.funnel().introducingFound());
        insert.setInt(i++, summary.funnel().reviewed());
        insert.setInt(i++, summary.funnel().errors());
        insert.setInt(i++, summary.funnel().strictCaught());
        i = interval(insert, i, summary.strict().interval());
        if (summary.judgedRate().isPresent()) {
          insert.setInt(i++, summary.judgedRate().get().caught());
        } else {
          insert.setNull(i++, Types.INTEGER);
        }
        i = interval(insert, i, summary.judgedRate().flatMap(Rate::interval));
        insert.setInt(i++, summary.funnel().judgeErrors());
        insert.setInt(i++, summary.controls().reviewed());
        insert.setInt(i++, summary.controls().errors());
        insert.setInt(i++, summary.controls().findings());
        insert.setInt(i++, summary.controls().flagged());
        i = interval(insert, i, summary.controls().perChange());
        insert.setLong(i++, summary.wallTime().toMillis());
        insert.setBigDecimal(i++, summary.costUsd());
        insert.setInt(i, summary.costReports());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static int interval(
      PreparedStatement insert, int index, Optional<Bootstrap.Interval> interval)
      throws SQLException {
    int i = index;
    if (interval.isPresent()) {
      insert.setDouble(i++, interval.get().estimate());
      insert.setDouble(i++, interval.get().low());
      insert.setDouble(i++, interval.get().high());
    } else {
      insert.setNull(i++, Types.DOUBLE);
      insert.setNull(i++, Types.DOUBLE);
      insert.setNull(i++, Types.DOUBLE);
    }
    return i;
  }

  private static void writeIncidents(Connection c, long runId, RetroResult result)
      throws SQLException {
    try (PreparedStatement incident =
            c.prepareStatement(
                "INSERT INTO retro_incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement review =
            c.prepareStatement(
                "INSERT INTO retro_reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (IncidentResult incidentResult : result.incidents()) {
        String id = incidentResult.incident().id();
        incident.setLong(1, runId);
        incident.setInt(2, position++);
        incident.setString(3, id);
        incident.setString(4, incidentResult.incident().severity());
        incident.setString(5, incidentResult.stage().label());
        incident.setString(6, incidentResult.detail());
        incident.setString(7, incidentResult.introducing().orElse(null));
        incident.setBoolean(8, incidentResult.declared());
        incident.setString(9, incidentResult.base().orElse(null));
        incident.setString(10, incidentResult.head().orElse(null));
        incident.setString(11, lines(incidentResult.buggyLines()));
        incident.addBatch();
        for (ReviewResult one : incidentResult.reviews()) {
          review.setLong(1, runId);
          review.setString(2, id);
          review.setString(3, one.reviewer());
          review.setString(4, one.error().orElse(null));
          review.setInt(5, one.findings());
          if (one.strictCatch().isPresent()) {
            review.setString(6, one.strictCatch().get().file());
            review.setInt(7, one.strictCatch().get().startLine());
            review.setInt(8, one.strictCatch().get().endLine());
            review.setString(9, one.strictCatch().get().message());
          } else {
            review.setNull(6, Types.VARCHAR);
            review.setNull(7, Types.INTEGER);
            review.setNull(8, Types.INTEGER);
            review.setNull(9, Types.VARCHAR);
          }
          if (one.judgedCatch().isPresent()) {
            review.setInt(10, one.judgedCatch().get().score());
            review.setString(11, one.judgedCatch().get().finding().message());
          } else {
            review.setNull(10, Types.INTEGER);
            review.setNull(11, Types.VARCHAR);
          }
          review.setInt(12, one.judgeErrors());
          review.setLong(13, one.wallTime().toMillis());
          review.setBigDecimal(14, one.costUsd().orElse(null));
          review.addBatch();
        }
      }
      incident.executeBatch();
      review.executeBatch();
    }
  }

  /** Buggy lines as {@code path:line} joined by commas, in order. */
  static String lines(List<LineRef> lines) {
    return lines.stream().map(l -> l.path() + ":" + l.line()).collect(Collectors.joining(","));
  }

  /**
   * One reviewer's row of a stored run, as the report shows it.
   *
   * @param reviewer the reviewer
   * @param incidents incidents given
   * @param fixFound incidents whose fixes were found
   * @param introducingFound incidents with an introducing change
   * @param reviewed incidents reviewed
   * @param errors reviewer errors
   * @param strictCaught strict catches
   * @param strict the strict catch rate with its interval
   * @param judgedCaught judged catches, when a judge ran
   * @param judged the judged rate with its interval
   * @param findingsPerClean findings per clean control change with its interval
   * @param wallMillis total wall time in milliseconds
   * @param costUsd total reported cost, empty when the reviewer reported none
   */
  public record ReviewerRow(
      String reviewer,
      int incidents,
      int fixFound,
      int introducingFound,
      int reviewed,
      int errors,
      int strictCaught,
      Optional<Bootstrap.Interval> strict,
      Optional<Integer> judgedCaught,
      Optional<Bootstrap.Interval> judged,
      Optional<Bootstrap.Interval> findingsPerClean,
      long wallMillis,
      Optional<BigDecimal> costUsd) {
    /** Checks the fields are present. */
    public ReviewerRow {
      requireNonNull(reviewer, "reviewer is null");
      requireNonNull(strict, "strict is null");
      requireNonNull(judgedCaught, "judgedCaught is null");
      requireNonNull(judged, "judged is null");
      requireNonNull(findingsPerClean, "findingsPerClean is null");
      requireNonNull(costUsd, "costUsd is null");
    }
  }

  /**
   * The latest stored run's reviewer rows, in reviewer order.
   *
   * @return empty when no run is stored
   */
  public static Optional<List<ReviewerRow>> latest(Store store) {
    requireNonNull(store, "store is null");
    return store.read(c -> {
      long runId;
      try (PreparedStatement last = c.prepareStatement("SELECT max(run_id) FROM retro_runs");
          ResultSet rows = last.executeQuery()) {
        rows.next();
        runId = rows.getLong(1);
        if (rows.wasNull()) {
          return Optional.<List<ReviewerRow>>empty();
        }
      }
      List<ReviewerRow> result = new ArrayList<>();
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT reviewer, incidents, fix_found, introducing_found, reviewed, errors,"
                  + " strict_caught, strict_rate, strict_low, strict_high, judged_caught,"
                  + " judged_rate, judged_low, judged_high, findings_per_clean,"
                  + " findings_per_clean_low, findings_per_clean_high, wall_millis, cost_usd,"
                  + " cost_reports FROM retro_reviewers WHERE run_id = ? ORDER BY position")) {
        select.setLong(1, runId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            int judgedCaught = rows.getInt(11);
            boolean judged = !rows.wasNull();
            result.add(
                new ReviewerRow(
                    rows.getString(1),
                    rows.getInt(2),
                    rows.getInt(3),
                    rows.getInt(4),
                    rows.getInt(5),
                    rows.getInt(6),
                    rows.getInt(7),
                    readInterval(rows, 8),
                    judged ? Optional.of(judgedCaught) : Optional.empty(),
                    readInterval(rows, 12),
                    readInterval(rows, 15),
                    rows.getLong(18),
                    rows.getInt(20) == 0 ? Optional.empty() : Optional.of(rows.getBigDecimal(19))));
          }
        }
      }
      return Optional.of(List.copyOf(result));
    });
  }

  private static Optional<Bootstrap.Interval> readInterval(ResultSet rows, int column)
      throws SQLException {
    double estimate = rows.getDouble(column);
    if (rows.wasNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new Bootstrap.Interval(
            estimate, rows.getDouble(column + 1), rows.getDouble(column + 2), 0.95));
  }
}
