package dev.loopwatch.retro.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.RetroResult.IncidentResult;
import dev.loopwatch.retro.RetroResult.JudgedCatch;
import dev.loopwatch.retro.RetroResult.Rate;
import dev.loopwatch.retro.RetroResult.ReviewResult;
import dev.loopwatch.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.retro.review.ModelCalls;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The review retrospective's tables in the store (part {@code retro}), separate from the {@code
 * git} part. Times are epoch seconds (UTC); a run is written in one transaction.
 *
 * <ul>
 *   <li>{@code retro_runs}: one row per run: when, which repository, window, seed, judged.
 *   <li>{@code retro_reviewers}: per run and reviewer, the funnel (incidents, fix found,
 *       introducing found, rebuilt, traceable, not applicable, errors, reviewed, caught), the
 *       strict and judged catch rates with their denominators and 95% intervals, false alarms on
 *       control changes, wall time and cost.
 *   <li>{@code retro_incidents}: per run and incident, the stage, introducing commit, review range
 *       and buggy lines.
 *   <li>{@code retro_reviews}: per run, incident and reviewer, the error, why the review was not
 *       applicable, or the findings count and the finding that caught the bug.
 * </ul>
 *
 * <p>Model reviewers and judges add what their calls used (calls, cache hits, tokens, cost avoided)
 * and the {@code stopped_by_budget} counts; those columns are NULL for reviewers that call no
 * model. {@code retro_run_models} holds, per run, whether a budget stopped it and the judge's model
 * calls.
 */
public final class RetroStore {
  private RetroStore() {}

  static final String V1 =
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

  /**
   * The funnel's explicit stages: rebuilt, traceable (a buggy line was traced), not applicable (the
   * reviewer reads none of the changed files), the judged rate's denominator, and not applicable
   * reviews. Runs stored before have NULL there.
   */
  private static final String V2 =
      """
      ALTER TABLE retro_reviewers ADD COLUMN rebuilt INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN traceable INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN not_applicable INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN judged_reviewed INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN control_not_applicable INTEGER;
      ALTER TABLE retro_reviews ADD COLUMN not_applicable VARCHAR;
      """;

  /**
   * Model reviewers and judges: what their calls used and what a model budget stopped. NULL for
   * reviewers that call no model and for runs stored before. The run-level numbers are a table of
   * their own ({@code retro_run_models}, one row per run): altering {@code retro_runs}, whose id
   * defaults to a sequence, made DuckDB fail to replay its write-ahead log after a process was
   * killed ("Calling DatabaseManager::GetDefaultDatabase with no default database set").
   */
  private static final String V3 =
      """
      CREATE TABLE retro_run_models (
        run_id INTEGER PRIMARY KEY,
        stopped_by_budget BOOLEAN NOT NULL,
        judge_calls BIGINT,
        judge_cache_hits BIGINT,
        judge_input_tokens BIGINT,
        judge_output_tokens BIGINT,
        judge_cost_usd DECIMAL(18, 6),
        judge_unknown_cost_calls BIGINT,
        judge_cost_avoided_usd DECIMAL(18, 6)
      );
      ALTER TABLE retro_reviewers ADD COLUMN stopped_by_budget INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN judge_stopped INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN control_stopped_by_budget INTEGER;
      ALTER TABLE retro_reviewers ADD COLUMN model_calls BIGINT;
      ALTER TABLE retro_reviewers ADD COLUMN cache_hits BIGINT;
      ALTER TABLE retro_reviewers ADD COLUMN input_tokens BIGINT;
      ALTER TABLE retro_reviewers ADD COLUMN output_tokens BIGINT;
      ALTER TABLE retro_reviewers ADD COLUMN model_cost_usd DECIMAL(18, 6);
      ALTER TABLE retro_reviewers ADD COLUMN unknown_cost_calls BIGINT;
      ALTER TABLE retro_reviewers ADD COLUMN cost_avoided_usd DECIMAL(18, 6);
      ALTER TABLE retro_reviews ADD COLUMN stopped_by_budget VARCHAR;
      ALTER TABLE retro_reviews ADD COLUMN judge_stopped BOOLEAN;
      ALTER TABLE retro_reviews ADD COLUMN model_calls BIGINT;
      ALTER TABLE retro_reviews ADD COLUMN cache_hits BIGINT;
      ALTER TABLE retro_reviews ADD COLUMN input_tokens BIGINT;
      ALTER TABLE retro_reviews ADD COLUMN output_tokens BIGINT;
      ALTER TABLE retro_reviews ADD COLUMN model_cost_usd DECIMAL(18, 6);
      ALTER TABLE retro_reviews ADD COLUMN unknown_cost_calls BIGINT;
      ALTER TABLE retro_reviews ADD COLUMN cost_avoided_usd DECIMAL(18, 6);
      """;

  /** The retro part of the store schema. */
  public static final SchemaPart PART = new SchemaPart("retro", List.of(V1, V2, V3));

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
      try (PreparedStatement models =
          c.prepareStatement("INSERT INTO retro_run_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        models.setLong(1, runId);
        models.setBoolean(2, result.stoppedByBudget());
        modelCalls(models, 3, result.judgeModelCalls());
        models.executeUpdate();
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
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
        insert.setInt(i++, summary.costReports());
        insert.setInt(i++, summary.funnel().rebuilt());
        insert.setInt(i++, summary.funnel().traceable());
        insert.setInt(i++, summary.funnel().notApplicable());
        if (summary.judgedRate().isPresent()) {
          insert.setInt(i++, summary.judgedRate().get().reviewed());
        } else {
          insert.setNull(i++, Types.INTEGER);
        }
        insert.setInt(i++, summary.controls().notApplicable());
        insert.setInt(i++, summary.funnel().stoppedByBudget());
        insert.setInt(i++, summary.funnel().judgeStopped());
        insert.setInt(i++, summary.controls().stoppedByBudget());
        modelCalls(insert, i, summary.modelCalls());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Sets the seven model-call columns from {@code index}: NULL when no model was called. */
  private static void modelCalls(PreparedStatement insert, int index, Optional<ModelCalls> calls)
      throws SQLException {
    int i = index;
    if (calls.isEmpty()) {
      for (int column = 0; column < 7; column++) {
        insert.setNull(i++, column == 4 || column == 6 ? Types.DECIMAL : Types.BIGINT);
      }
      return;
    }
    ModelCalls value = calls.get();
    insert.setLong(i++, value.calls());
    insert.setLong(i++, value.cacheHits());
    insert.setLong(i++, value.inputTokens());
    insert.setLong(i++, value.outputTokens());
    insert.setBigDecimal(i++, value.costUsd());
    insert.setLong(i++, value.unknownCostCalls());
    insert.setBigDecimal(i, value.costAvoidedUsd());
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
                "INSERT INTO retro_reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
          review.setString(15, one.notApplicable().orElse(null));
          review.setString(16, one.stoppedByBudget().orElse(null));
          review.setBoolean(17, one.judgeStopped());
          modelCalls(review, 18, one.modelCalls());
          review.addBatch();
        }
      }
      incident.executeBatch();
      review.executeBatch();
    }
  }

  /**
   * One incident of a run as the report lists it: how far it got and what each reviewer said.
   *
   * @param incidentId the incident's id
   * @param severity its severity
   * @param stage how far it got ({@code reviewed}, {@code fix-not-found}, ...)
   * @param introducing the introducing commit, when found
   * @param declared whether that commit was declared rather than found by SZZ
   * @param buggyLines the buggy lines as {@code path:line,...} (empty when none was traced)
   * @param reviews one per reviewer, in reviewer order (empty unless reviewed)
   */
  public record IncidentRow(
      String incidentId,
      String severity,
      String stage,
      Optional<String> introducing,
      boolean declared,
      String buggyLines,
      List<ReviewCell> reviews) {
    /** Checks the fields are present and copies the list. */
    public IncidentRow {
      requireNonNull(incidentId, "incidentId is null");
      requireNonNull(severity, "severity is null");
      requireNonNull(stage, "stage is null");
      requireNonNull(introducing, "introducing is null");
      requireNonNull(buggyLines, "buggyLines is null");
      reviews = List.copyOf(requireNonNull(reviews, "reviews is null"));
    }
  }

  /**
   * What one reviewer said about one incident's introducing change.
   *
   * @param reviewer the reviewer
   * @param error the reviewer error, when it failed
   * @param findings how many findings it reported
   * @param strictCatch the finding that caught the bug by the strict rule, as {@code file:start-end
   *     message}
   * @param judgedScore the judge's score of the first finding it scored 2 or more
   * @param notApplicable why the reviewer could not read the change, when it could read none of its
   *     files
   * @param stoppedByBudget why the review was not made, when a model budget ran out first
   */
  public record ReviewCell(
      String reviewer,
      Optional<String> error,
      int findings,
      Optional<String> strictCatch,
      Optional<Integer> judgedScore,
      Optional<String> notApplicable,
      Optional<String> stoppedByBudget) {
    /** Checks the fields are present. */
    public ReviewCell {
      requireNonNull(reviewer, "reviewer is null");
      requireNonNull(error, "error is null");
      requireNonNull(strictCatch, "strictCatch is null");
      requireNonNull(judgedScore, "judgedScore is null");
      requireNonNull(notApplicable, "notApplicable is null");
      requireNonNull(stoppedByBudget, "stoppedByBudget is null");
    }
  }

  /** The incident rows of a run, as {@link #latestIncidents} reads them back. */
  public static List<IncidentRow> incidentRows(RetroResult result) {
    List<IncidentRow> rows = new ArrayList<>();
    for (IncidentResult incident : result.incidents()) {
      List<ReviewCell> cells = new ArrayList<>();
      for (ReviewResult review : incident.reviews()) {
        cells.add(
            new ReviewCell(
                review.reviewer(),
                review.error(),
                review.findings(),
                review
                    .strictCatch()
                    .map(f -> where(f.file(), f.startLine(), f.endLine()) + " " + f.message()),
                review.judgedCatch().map(JudgedCatch::score),
                review.notApplicable(),
                review.stoppedByBudget()));
      }
      rows.add(
          new IncidentRow(
              incident.incident().id(),
              incident.incident().severity(),
              incident.stage().label(),
              incident.introducing(),
              incident.declared(),
              lines(incident.buggyLines()),
              cells));
    }
    return List.copyOf(rows);
  }

  /** The incidents of the latest run, in input order; empty when the store has no run. */
  public static List<IncidentRow> latestIncidents(Store store) {
    requireNonNull(store, "store is null");
    return store.read(c -> {
      Map<String, List<ReviewCell>> cells = new LinkedHashMap<>();
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT v.incident_id, v.reviewer, v.error, v.findings, v.strict_file,"
                  + " v.strict_start, v.strict_end, v.strict_message, v.judged_score,"
                  + " v.not_applicable, v.stopped_by_budget"
                  + " FROM retro_reviews v JOIN retro_reviewers r"
                  + " ON r.run_id = v.run_id AND r.reviewer = v.reviewer"
                  + " WHERE v.run_id = (SELECT max(run_id) FROM retro_runs)"
                  + " ORDER BY v.incident_id, r.position")) {
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String file = rows.getString(5);
            Optional<String> caught =
                file == null
                    ? Optional.empty()
                    : Optional.of(
                        where(file, rows.getInt(6), rows.getInt(7)) + " " + rows.getString(8));
            int score = rows.getInt(9);
            Optional<Integer> judged = rows.wasNull() ? Optional.empty() : Optional.of(score);
            cells
                .computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                .add(
                    new ReviewCell(
                        rows.getString(2),
                        Optional.ofNullable(rows.getString(3)),
                        rows.getInt(4),
                        caught,
                        judged,
                        Optional.ofNullable(rows.getString(10)),
                        Optional.ofNullable(rows.getString(11))));
          }
        }
      }
      List<IncidentRow> result = new ArrayList<>();
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT incident_id, severity, stage, introducing, declared, buggy_lines"
                  + " FROM retro_incidents WHERE run_id = (SELECT max(run_id) FROM retro_runs)"
                  + " ORDER BY position")) {
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String id = rows.getString(1);
            result.add(
                new IncidentRow(
                    id,
                    rows.getString(2),
                    rows.getString(3),
                    Optional.ofNullable(rows.getString(4)),
                    rows.getBoolean(5),
                    rows.getString(6),
                    cells.getOrDefault(id, List.of())));
          }
        }
      }
      return List.copyOf(result);
    });
  }

  private static String where(String file, int start, int end) {
    return file + ":" + (start == end ? String.valueOf(start) : start + "-" + end);
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
   * @param rebuilt incidents whose introducing change was rebuilt for review
   * @param traceable rebuilt incidents with a traceable buggy line
   * @param notApplicable traceable incidents the reviewer could not read
   * @param errors reviewer errors on applicable incidents
   * @param reviewed incidents reviewed: the strict rate's denominator
   * @param strictCaught strict catches
   * @param strict the strict catch rate with its interval
   * @param judgedCaught judged catches, when a judge ran
   * @param judgedReviewed the judged rate's denominator, when a judge ran
   * @param judged the judged rate with its interval
   * @param findingsPerClean findings per clean control change with its interval
   * @param wallMillis total wall time in milliseconds
   * @param costUsd total reported cost, empty when the reviewer reported none
   * @param stoppedByBudget applicable incidents not reviewed because a model budget ran out
   * @param modelCalls what the reviewer's model calls used, for a model reviewer
   */
  public record ReviewerRow(
      String reviewer,
      int incidents,
      int fixFound,
      int introducingFound,
      int rebuilt,
      int traceable,
      int notApplicable,
      int errors,
      int reviewed,
      int strictCaught,
      Optional<Bootstrap.Interval> strict,
      Optional<Integer> judgedCaught,
      Optional<Integer> judgedReviewed,
      Optional<Bootstrap.Interval> judged,
      Optional<Bootstrap.Interval> findingsPerClean,
      long wallMillis,
      Optional<BigDecimal> costUsd,
      int stoppedByBudget,
      Optional<ModelCalls> modelCalls) {
    /** Checks the fields are present. */
    public ReviewerRow {
      requireNonNull(reviewer, "reviewer is null");
      requireNonNull(strict, "strict is null");
      requireNonNull(judgedCaught, "judgedCaught is null");
      requireNonNull(judgedReviewed, "judgedReviewed is null");
      requireNonNull(judged, "judged is null");
      requireNonNull(findingsPerClean, "findingsPerClean is null");
      requireNonNull(costUsd, "costUsd is null");
      requireNonNull(modelCalls, "modelCalls is null");
    }
  }

  /**
   * The model numbers of a whole run: whether a model budget stopped it, and what a model judge's
   * calls used.
   *
   * @param stoppedByBudget whether a model budget ran out before the run was done
   * @param judgeModelCalls what the judge's model calls used, for a model judge
   */
  public record RunModels(boolean stoppedByBudget, Optional<ModelCalls> judgeModelCalls) {
    /** No model in the run (and runs stored before models were recorded). */
    public static final RunModels NONE = new RunModels(false, Optional.empty());

    /** Checks the fields are present. */
    public RunModels {
      requireNonNull(judgeModelCalls, "judgeModelCalls is null");
    }

    /** The model numbers of a run just made. */
    public static RunModels of(RetroResult result) {
      return new RunModels(result.stoppedByBudget(), result.judgeModelCalls());
    }
  }

  /** The latest stored run's model numbers; {@link RunModels#NONE} when there is none. */
  public static RunModels latestModels(Store store) {
    requireNonNull(store, "store is null");
    return store.read(c -> {
      try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT stopped_by_budget, judge_calls, judge_cache_hits, judge_input_tokens,"
                      + " judge_output_tokens, judge_cost_usd, judge_unknown_cost_calls,"
                      + " judge_cost_avoided_usd FROM retro_run_models"
                      + " WHERE run_id = (SELECT max(run_id) FROM retro_runs)");
          ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return RunModels.NONE;
        }
        return new RunModels(rows.getBoolean(1), readModelCalls(rows, 2));
      }
    });
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
                  + " cost_reports, rebuilt, traceable, not_applicable, judged_reviewed,"
                  + " stopped_by_budget, model_calls, cache_hits, input_tokens, output_tokens,"
                  + " model_cost_usd, unknown_cost_calls, cost_avoided_usd"
                  + " FROM retro_reviewers WHERE run_id = ? ORDER BY position")) {
        select.setLong(1, runId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            int judgedCaught = rows.getInt(11);
            boolean judged = !rows.wasNull();
            int reviewed = rows.getInt(5);
            int errors = rows.getInt(6);
            // Runs stored before the funnel had explicit stages: every rebuilt incident counted.
            int rebuilt = rows.getInt(21);
            boolean staged = !rows.wasNull();
            int judgedReviewed = rows.getInt(24);
            boolean judgedDenominator = !rows.wasNull();
            result.add(
                new ReviewerRow(
                    rows.getString(1),
                    rows.getInt(2),
                    rows.getInt(3),
                    rows.getInt(4),
                    staged ? rebuilt : reviewed + errors,
                    staged ? rows.getInt(22) : reviewed + errors,
                    staged ? rows.getInt(23) : 0,
                    errors,
                    reviewed,
                    rows.getInt(7),
                    readInterval(rows, 8),
                    judged ? Optional.of(judgedCaught) : Optional.empty(),
                    judged && judgedDenominator ? Optional.of(judgedReviewed) : Optional.empty(),
                    readInterval(rows, 12),
                    readInterval(rows, 15),
                    rows.getLong(18),
                    rows.getInt(20) == 0 ? Optional.empty() : Optional.of(rows.getBigDecimal(19)),
                    rows.getInt(25),
                    readModelCalls(rows, 26)));
          }
        }
      }
      return Optional.of(List.copyOf(result));
    });
  }

  /** The seven model-call columns from {@code column}, as {@link #modelCalls} wrote them. */
  private static Optional<ModelCalls> readModelCalls(ResultSet rows, int column)
      throws SQLException {
    long calls = rows.getLong(column);
    if (rows.wasNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new ModelCalls(
            calls,
            rows.getLong(column + 1),
            rows.getLong(column + 2),
            rows.getLong(column + 3),
            rows.getBigDecimal(column + 4),
            rows.getLong(column + 5),
            rows.getBigDecimal(column + 6)));
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
