package dev.loopwatch.app.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.judgment.BradleyTerry;
import dev.loopwatch.evals.judgment.Comparison;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The judgment part of the store: one row per run ({@code judgment_runs}), one per candidate of a
 * run ({@code judgment_candidates}) and one per item of a candidate ({@code judgment_samples}),
 * written in one transaction. Times are epoch seconds (UTC); a statistic that is undefined (nothing
 * judged, no labels, one candidate for Bradley–Terry) is NULL.
 */
public final class JudgmentStore {
  private JudgmentStore() {}

  private static final String V1 =
      """
      CREATE TABLE judgment_runs (
        run_id VARCHAR PRIMARY KEY,
        run_at BIGINT NOT NULL,
        items_file VARCHAR NOT NULL,
        items INTEGER NOT NULL,
        sessions INTEGER NOT NULL,
        redactions INTEGER NOT NULL,
        judge VARCHAR NOT NULL,
        judge_model VARCHAR NOT NULL,
        prompt_version VARCHAR NOT NULL,
        seed BIGINT NOT NULL,
        bootstrap INTEGER NOT NULL,
        stopped_by_budget BOOLEAN NOT NULL
      );
      CREATE TABLE judgment_candidates (
        run_id VARCHAR NOT NULL,
        candidate VARCHAR NOT NULL,
        model VARCHAR NOT NULL,
        judged INTEGER NOT NULL,
        wins INTEGER NOT NULL,
        ties INTEGER NOT NULL,
        losses INTEGER NOT NULL,
        win_rate DOUBLE,
        win_rate_low DOUBLE,
        win_rate_high DOUBLE,
        tie_rate DOUBLE,
        order_consistency DOUBLE,
        lc_win_rate DOUBLE,
        lc_win_rate_low DOUBLE,
        lc_win_rate_high DOUBLE,
        judge_errors INTEGER NOT NULL,
        candidate_errors INTEGER NOT NULL,
        stopped_by_budget INTEGER NOT NULL,
        agreement DOUBLE,
        kappa DOUBLE,
        labelled_items INTEGER NOT NULL,
        bt_rating DOUBLE,
        bt_low DOUBLE,
        bt_high DOUBLE,
        calls BIGINT NOT NULL,
        cache_hits BIGINT NOT NULL,
        cost_usd DOUBLE NOT NULL,
        unknown_cost_calls BIGINT NOT NULL,
        cost_avoided_usd DOUBLE NOT NULL,
        PRIMARY KEY (run_id, candidate)
      );
      CREATE TABLE judgment_samples (
        run_id VARCHAR NOT NULL,
        candidate VARCHAR NOT NULL,
        item_id VARCHAR NOT NULL,
        session_id VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        candidate_first VARCHAR,
        candidate_second VARCHAR,
        verdict VARCHAR,
        candidate_length INTEGER,
        human_length INTEGER NOT NULL,
        error VARCHAR,
        PRIMARY KEY (run_id, candidate, item_id)
      );
      """;

  /** The schema part to migrate when opening the store. */
  public static final SchemaPart PART = new SchemaPart("judgment", List.of(V1));

  /** Stores {@code report} (its run, candidates and samples) in one transaction. */
  static void record(Store store, RunReport report) {
    requireNonNull(store, "store is null");
    requireNonNull(report, "report is null");
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO judgment_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, report.runId());
        insert.setLong(2, report.runAt().getEpochSecond());
        insert.setString(3, report.itemsFile());
        insert.setInt(4, report.items());
        insert.setLong(5, report.sessions());
        insert.setInt(6, report.redactions());
        insert.setString(7, report.judge());
        insert.setString(8, report.judgeModel());
        insert.setString(9, report.promptVersion());
        insert.setLong(10, report.seed());
        insert.setInt(11, report.bootstrap());
        insert.setBoolean(12, report.stoppedByBudget());
        insert.executeUpdate();
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO judgment_candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (RunReport.Candidate candidate : report.candidates()) {
          insert.setString(1, report.runId());
          insert.setString(2, candidate.name());
          insert.setString(3, candidate.model());
          insert.setInt(4, candidate.judged());
          insert.setInt(5, candidate.wins());
          insert.setInt(6, candidate.ties());
          insert.setInt(7, candidate.losses());
          number(insert, 8, candidate.winRate());
          number(insert, 9, candidate.winRateLow());
          number(insert, 10, candidate.winRateHigh());
          number(insert, 11, candidate.tieRate());
          number(insert, 12, candidate.orderConsistency());
          number(insert, 13, candidate.lengthControlled());
          number(insert, 14, candidate.lengthControlledLow());
          number(insert, 15, candidate.lengthControlledHigh());
          insert.setInt(16, candidate.judgeErrors());
          insert.setInt(17, candidate.candidateErrors());
          insert.setInt(18, candidate.stoppedByBudget());
          number(insert, 19, candidate.agreement());
          number(insert, 20, candidate.kappa());
          insert.setInt(21, candidate.labelledItems());
          BradleyTerry.Rating rating =
              report.bradleyTerry().stream()
                  .filter(r -> r.player().equals(candidate.name()))
                  .findFirst()
                  .orElse(null);
          number(insert, 22, rating == null ? OptionalDouble.empty() : finite(rating.rating()));
          number(insert, 23, rating == null ? OptionalDouble.empty() : finite(rating.low()));
          number(insert, 24, rating == null ? OptionalDouble.empty() : finite(rating.high()));
          insert.setLong(25, candidate.candidateSpend().calls() + candidate.judgeSpend().calls());
          insert.setLong(26, candidate.cacheHits());
          insert.setDouble(27, candidate.costUsd());
          insert.setLong(
              28,
              candidate.candidateSpend().unknownCostCalls()
                  + candidate.judgeSpend().unknownCostCalls());
          insert.setDouble(29, candidate.costAvoidedUsd());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      List<Object[]> rows = new ArrayList<>();
      for (RunReport.Candidate candidate : report.candidates()) {
        for (JudgmentRunner.Sample sample : candidate.samples()) {
          Optional<Comparison> comparison = sample.comparison();
          rows.add(
              new Object[] {
                report.runId(),
                candidate.name(),
                sample.item().id(),
                sample.item().sessionId(),
                sample.status().id(),
                comparison
                    .map(x -> x.candidateFirst().name().toLowerCase(Locale.ROOT))
                    .orElse(null),
                comparison
                    .map(x -> x.candidateSecond().name().toLowerCase(Locale.ROOT))
                    .orElse(null),
                comparison.map(x -> x.verdict().id()).orElse(null),
                sample.proposal().map(String::length).orElse(null),
                sample.item().humanNextStep().length(),
                sample.error().orElse(null)
              });
        }
      }
      // Multi-row statements: DuckDB runs each statement in about a millisecond, rows in
      // microseconds, and its JDBC batch runs one statement per row.
      for (int from = 0; from < rows.size(); from += SAMPLE_ROWS) {
        List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + SAMPLE_ROWS));
        String sql =
            "INSERT INTO judgment_samples VALUES "
                + String.join(
                    ", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
          int index = 1;
          for (Object[] row : chunk) {
            for (Object value : row) {
              insert.setObject(index++, value);
            }
          }
          insert.executeUpdate();
        }
      }
      return null;
    });
  }

  /**
   * A stored run as the report shows it.
   *
   * @param runId the run's id
   * @param runAt when it started
   * @param itemsFile the items file
   * @param items items in it
   * @param sessions distinct sessions among them
   * @param redactions secrets redacted before sending
   * @param judge the judge's name
   * @param judgeModel the judge's model id
   * @param promptVersion the version of the prompts and verdict format
   * @param bootstrap session-bootstrap resamples behind the intervals
   * @param stoppedByBudget whether the budget stopped any call
   * @param candidates one row per candidate, by name
   */
  public record StoredRun(
      String runId,
      Instant runAt,
      String itemsFile,
      int items,
      int sessions,
      int redactions,
      String judge,
      String judgeModel,
      String promptVersion,
      int bootstrap,
      boolean stoppedByBudget,
      List<StoredCandidate> candidates) {
    /** Checks the fields are present and copies the list. */
    public StoredRun {
      requireNonNull(runId, "runId is null");
      requireNonNull(runAt, "runAt is null");
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * One candidate of a stored run; a statistic that was undefined is empty.
   *
   * @param candidate the candidate's name
   * @param model its model id
   * @param judged items judged in both orders
   * @param wins items the candidate won in both orders
   * @param ties ties, including verdicts that flipped with the order
   * @param losses items the human won in both orders
   * @param winRate (wins + ties/2) / judged
   * @param winRateLow the lower end of its 95% session-bootstrap interval
   * @param winRateHigh the upper end
   * @param tieRate ties / judged
   * @param orderConsistency share of judged items whose verdict did not flip with the order
   * @param lengthControlled the length-controlled win rate
   * @param lengthControlledLow the lower end of its interval
   * @param lengthControlledHigh the upper end
   * @param notJudged judge errors, candidate errors and budget stops together
   * @param agreement judge-human agreement on labelled items
   * @param labelledItems labelled items behind it
   * @param rating the Bradley–Terry rating, when two or more candidates ran
   * @param ratingLow the lower end of its interval
   * @param ratingHigh the upper end
   * @param calls calls sent (candidate and judge)
   * @param cacheHits calls answered from the cache
   * @param costUsd the cost of the calls with a price
   * @param unknownCostCalls calls of a model without a price
   */
  public record StoredCandidate(
      String candidate,
      String model,
      int judged,
      int wins,
      int ties,
      int losses,
      OptionalDouble winRate,
      OptionalDouble winRateLow,
      OptionalDouble winRateHigh,
      OptionalDouble tieRate,
      OptionalDouble orderConsistency,
      OptionalDouble lengthControlled,
      OptionalDouble lengthControlledLow,
      OptionalDouble lengthControlledHigh,
      int notJudged,
      OptionalDouble agreement,
      int labelledItems,
      OptionalDouble rating,
      OptionalDouble ratingLow,
      OptionalDouble ratingHigh,
      long calls,
      long cacheHits,
      double costUsd,
      long unknownCostCalls) {
    /** Checks the names are present. */
    public StoredCandidate {
      requireNonNull(candidate, "candidate is null");
      requireNonNull(model, "model is null");
    }
  }

  /**
   * The latest run in {@code store} (by start time, then by insertion within the same second), or
   * empty when none was stored.
   */
  public static Optional<StoredRun> latest(Store store) {
    requireNonNull(store, "store is null");
    return store.read(connection -> {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT run_id, run_at, items_file, items, sessions, redactions, judge,"
                      + " judge_model, prompt_version, bootstrap, stopped_by_budget"
                      + " FROM judgment_runs ORDER BY run_at DESC, rowid DESC LIMIT 1");
          ResultSet run = select.executeQuery()) {
        if (!run.next()) {
          return Optional.<StoredRun>empty();
        }
        String runId = run.getString(1);
        return Optional.of(
            new StoredRun(
                runId,
                Instant.ofEpochSecond(run.getLong(2)),
                run.getString(3),
                run.getInt(4),
                run.getInt(5),
                run.getInt(6),
                run.getString(7),
                run.getString(8),
                run.getString(9),
                run.getInt(10),
                run.getBoolean(11),
                candidates(connection, runId)));
      }
    });
  }

  private static List<StoredCandidate> candidates(Connection connection, String runId)
      throws SQLException {
    List<StoredCandidate> candidates = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT candidate, model, judged, wins, ties, losses, win_rate, win_rate_low,"
                + " win_rate_high, tie_rate, order_consistency, lc_win_rate, lc_win_rate_low,"
                + " lc_win_rate_high, judge_errors + candidate_errors + stopped_by_budget,"
                + " agreement, labelled_items, bt_rating, bt_low, bt_high, calls, cache_hits,"
                + " cost_usd, unknown_cost_calls"
                + " FROM judgment_candidates WHERE run_id = ? ORDER BY candidate")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          candidates.add(
              new StoredCandidate(
                  row.getString(1),
                  row.getString(2),
                  row.getInt(3),
                  row.getInt(4),
                  row.getInt(5),
                  row.getInt(6),
                  optional(row, 7),
                  optional(row, 8),
                  optional(row, 9),
                  optional(row, 10),
                  optional(row, 11),
                  optional(row, 12),
                  optional(row, 13),
                  optional(row, 14),
                  row.getInt(15),
                  optional(row, 16),
                  row.getInt(17),
                  optional(row, 18),
                  optional(row, 19),
                  optional(row, 20),
                  row.getLong(21),
                  row.getLong(22),
                  row.getDouble(23),
                  row.getLong(24)));
        }
      }
    }
    return candidates;
  }

  private static OptionalDouble optional(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Sample rows per insert statement. */
  private static final int SAMPLE_ROWS = 500;

  private static OptionalDouble finite(double value) {
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  private static void number(PreparedStatement insert, int column, OptionalDouble value)
      throws SQLException {
    if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
      insert.setDouble(column, value.getAsDouble());
    } else {
      insert.setNull(column, Types.DOUBLE);
    }
  }
}
