package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Wilson;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import dev.loopwatch.git.provenance.SessionMatcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the org's indicators per calendar month (UTC) from the store.
 *
 * <ul>
 *   <li>AI share: the provenance report's monthly share bucket (strong and medium AI lines over
 *       counted added lines, bots and ignored revisions left out), with the bucket's interval from
 *       resampling changes (a Wilson interval over lines alone would treat the lines of one change
 *       as independent), widened to cover the Wilson interval where that is wider (few changes);
 *       coverage is the bucket's line coverage (added lines in changes with AI evidence). The share
 *       is a lower bound: lines without evidence may be AI too.
 *   <li>Sessions (main sessions by start month): the median per session of tool calls per human
 *       turn (sessions with at least one turn), of human turns, and of the longest unattended
 *       stretch in hours, each with a bootstrap interval of the median; the delegated share is
 *       direct subagents' work time over the main sessions' work time, bootstrap over sessions.
 *       Transcripts carry no engineer identity, so their coverage is the share of the month's
 *       engineers (authors of counted changes) with a change matched to a session; unknown without
 *       scanned repositories.
 *   <li>Verified open-ended task success: open-ended tasks by start month, Wilson interval.
 *   <li>Speedup: the latest accepted grading on hidden seeds up to the month's end, with its stored
 *       interval. Review catch rate: the latest retro run up to the month's end, its best
 *       reviewer's strict rate and stored interval. Judgment win rate: the latest judgment run up
 *       to the month's end, its best candidate's win rate against the human and stored interval.
 *       None of the three is coverage-gated.
 * </ul>
 */
final class Indicators {
  private static final double LEVEL = 0.95;

  private final int resamples;
  private final long seed;

  Indicators(int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be positive: " + resamples);
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /** One main session's numbers. */
  private record SessionRow(
      YearMonth month,
      int humanTurns,
      int toolCalls,
      double longestUnattendedSeconds,
      double workSeconds,
      double delegatedSeconds) {}

  /** The months with merged changes, sessions or tasks in the store, oldest first. */
  static List<YearMonth> monthsWithData(Store store) {
    requireNonNull(store, "store is null");
    return store.read(connection -> {
      TreeSet<YearMonth> months = new TreeSet<>();
      if (hasTable(connection, "git_changes")) {
        query(
            connection,
            "SELECT committed_at FROM git_changes WHERE NOT is_bot AND NOT ignored_revision",
            result -> months.add(month(result.getLong(1))));
      }
      if (hasTable(connection, "sessions")) {
        query(
            connection,
            "SELECT started_at FROM sessions WHERE depth = 0 AND started_at IS NOT NULL",
            result -> months.add(month(result.getLong(1))));
      }
      return List.copyOf(months);
    });
  }

  /** Every measured and unmeasured indicator for each of {@code months}, in definition order. */
  Map<YearMonth, List<Indicator>> compute(Store store, List<YearMonth> months) {
    return compute(store, months, Optional.empty());
  }

  /**
   * As {@link #compute(Store, List)}, taking the AI share from {@code shareOverTime} when given:
   * the monthly buckets of a report computed with {@link #shareOptions(int, long)} for the same
   * store, so a caller that already holds them does not compute them twice.
   */
  Map<YearMonth, List<Indicator>> compute(
      Store store, List<YearMonth> months, Optional<List<ShareBucket>> shareOverTime) {
    requireNonNull(store, "store is null");
    requireNonNull(shareOverTime, "shareOverTime is null");
    Map<YearMonth, List<Indicator>> result = new TreeMap<>();
    Map<YearMonth, ShareBucket> share =
        shareOverTime
            .map(Indicators::byMonth)
            .orElseGet(() -> shareByMonth(store, resamples, seed));
    List<SessionRow> sessions = store.read(Indicators::sessions);
    Map<YearMonth, int[]> openEnded = store.read(Indicators::openEnded);
    List<Timed> gradings = store.read(Indicators::gradings);
    List<Timed> reviews = store.read(Indicators::reviews);
    List<Timed> judgments = store.read(Indicators::judgments);
    Map<YearMonth, OptionalDouble> transcripts = store.read(Indicators::engineersWithTranscripts);
    for (YearMonth month : months) {
      List<Indicator> row = new ArrayList<>();
      row.add(aiShare(month, Optional.ofNullable(share.get(month))));
      List<SessionRow> own = sessions.stream().filter(s -> s.month().equals(month)).toList();
      OptionalDouble coverage = transcripts.getOrDefault(month, OptionalDouble.empty());
      row.add(toolCallsPerTurn(month, own, coverage));
      row.add(humanTurns(month, own, coverage));
      row.add(unattended(month, own, coverage));
      row.add(delegated(month, own, coverage));
      row.add(openEndedSuccess(month, Optional.ofNullable(openEnded.get(month)), coverage));
      row.add(latest(Definition.SPEEDUP, month, gradings, "no accepted grading"));
      row.add(latest(Definition.REVIEW_CATCH, month, reviews, "no retro run"));
      row.add(latest(Definition.JUDGMENT_WIN_RATE, month, judgments, "no judgment run"));
      for (Definition definition : Definition.NOT_MEASURED) {
        row.add(Indicator.unknown(definition, month, "not measured by this version"));
      }
      result.put(month, List.copyOf(row));
    }
    return result;
  }

  private static Map<YearMonth, ShareBucket> shareByMonth(Store store, int resamples, long seed) {
    Map<YearMonth, ShareBucket> result = new TreeMap<>();
    boolean git = store.read(connection -> hasTable(connection, "git_changes"));
    if (!git) {
      return result;
    }
    return byMonth(
        ProvenanceMetrics.compute(store, Set.of(), shareOptions(resamples, seed)).shareOverTime());
  }

  private static Map<YearMonth, ShareBucket> byMonth(List<ShareBucket> buckets) {
    Map<YearMonth, ShareBucket> result = new TreeMap<>();
    for (ShareBucket bucket : buckets) {
      result.put(YearMonth.from(bucket.start()), bucket);
    }
    return result;
  }

  /** The metrics options the AI share indicator is computed with: monthly, no teams. */
  static MetricsOptions shareOptions(int resamples, long seed) {
    return monthly(Map.of(), resamples, seed);
  }

  /**
   * Per team, the AI share indicator of each of {@code months}: teams by {@code teams}' path
   * prefixes, else CODEOWNERS owners (see {@link ProvenanceMetrics#shareByGroup}).
   */
  Map<String, Map<YearMonth, List<Indicator>>> aiShareByTeam(
      Store store, List<YearMonth> months, Map<String, List<String>> teams) {
    Map<String, Map<YearMonth, List<Indicator>>> result = new TreeMap<>();
    boolean git = store.read(connection -> hasTable(connection, "git_changes"));
    if (!git) {
      return result;
    }
    ProvenanceMetrics.shareByGroup(store, monthly(teams, resamples, seed))
        .forEach((team, buckets) -> {
          Map<YearMonth, ShareBucket> byMonth = new TreeMap<>();
          buckets.forEach(b -> byMonth.put(YearMonth.from(b.start()), b));
          Map<YearMonth, List<Indicator>> rows = new TreeMap<>();
          for (YearMonth month : months) {
            rows.put(month, List.of(aiShare(month, Optional.ofNullable(byMonth.get(month)))));
          }
          result.put(team, rows);
        });
    return result;
  }

  private static MetricsOptions monthly(Map<String, List<String>> teams, int resamples, long seed) {
    MetricsOptions defaults = MetricsOptions.defaults();
    return new MetricsOptions(
        Granularity.MONTH,
        defaults.baseline(),
        defaults.current(),
        defaults.outlierPercentile(),
        defaults.outlierMaxLines(),
        defaults.outlierMinChanges(),
        teams,
        resamples,
        seed,
        defaults.coverage(),
        defaults.baselineAllRepositories());
  }

  private static Indicator aiShare(YearMonth month, Optional<ShareBucket> found) {
    Definition definition = Definition.AI_SHARE;
    if (found.isEmpty() || found.get().addedLines() == 0) {
      return Indicator.unknown(definition, month, "no merged lines");
    }
    ShareBucket bucket = found.get();
    double share = bucket.aiShare();
    double low = bucket.aiShareLow().orElse(share);
    double high = bucket.aiShareHigh().orElse(share);
    // Resampling few changes understates the uncertainty (one change gives a zero-width interval),
    // so the interval is the union with the Wilson interval over lines.
    if (bucket.addedLines() <= Integer.MAX_VALUE) {
      Bootstrap.Interval wilson =
          Wilson.interval(
              (int) (bucket.aiStrong() + bucket.aiMedium()), (int) bucket.addedLines(), LEVEL);
      low = Math.min(low, wilson.low());
      high = Math.max(high, wilson.high());
    }
    return Indicator.measured(
        definition,
        month,
        share,
        low,
        high,
        bucket.addedLines(),
        OptionalDouble.of(bucket.lineCoverage()),
        Optional.empty());
  }

  private Indicator toolCallsPerTurn(
      YearMonth month, List<SessionRow> sessions, OptionalDouble coverage) {
    double[] values =
        sessions.stream()
            .filter(s -> s.humanTurns() > 0)
            .mapToDouble(s -> (double) s.toolCalls() / s.humanTurns())
            .toArray();
    return median(
        Definition.TOOL_CALLS_PER_TURN, month, values, "no session with a human turn", coverage);
  }

  private Indicator humanTurns(
      YearMonth month, List<SessionRow> sessions, OptionalDouble coverage) {
    double[] values = sessions.stream().mapToDouble(SessionRow::humanTurns).toArray();
    return median(Definition.HUMAN_TURNS, month, values, "no sessions", coverage);
  }

  private Indicator unattended(
      YearMonth month, List<SessionRow> sessions, OptionalDouble coverage) {
    double[] values =
        sessions.stream().mapToDouble(s -> s.longestUnattendedSeconds() / 3600).toArray();
    return median(Definition.UNATTENDED, month, values, "no sessions", coverage);
  }

  private Indicator median(
      Definition definition,
      YearMonth month,
      double[] values,
      String none,
      OptionalDouble coverage) {
    if (values.length == 0) {
      return Indicator.unknown(definition, month, none);
    }
    Bootstrap.Interval interval = Bootstrap.median(values, LEVEL, resamples, seed);
    return Indicator.measured(
        definition,
        month,
        interval.estimate(),
        interval.low(),
        interval.high(),
        values.length,
        coverage,
        Optional.empty());
  }

  private Indicator delegated(YearMonth month, List<SessionRow> sessions, OptionalDouble coverage) {
    Definition definition = Definition.DELEGATED;
    double[] delegated = sessions.stream().mapToDouble(SessionRow::delegatedSeconds).toArray();
    double[] work = sessions.stream().mapToDouble(SessionRow::workSeconds).toArray();
    double total = 0;
    for (double seconds : work) {
      total += seconds;
    }
    if (total <= 0) {
      return Indicator.unknown(definition, month, "no agent work time");
    }
    Bootstrap.Interval interval = Bootstrap.ratioOfSums(delegated, work, LEVEL, resamples, seed);
    return Indicator.measured(
        definition,
        month,
        interval.estimate(),
        interval.low(),
        interval.high(),
        sessions.size(),
        coverage,
        Optional.empty());
  }

  private static Indicator openEndedSuccess(
      YearMonth month, Optional<int[]> counts, OptionalDouble coverage) {
    Definition definition = Definition.OPEN_ENDED;
    if (counts.isEmpty() || counts.get()[0] == 0) {
      return Indicator.unknown(definition, month, "no open-ended tasks");
    }
    int tasks = counts.get()[0];
    Bootstrap.Interval interval = Wilson.interval(counts.get()[1], tasks, LEVEL);
    return Indicator.measured(
        definition,
        month,
        interval.estimate(),
        interval.low(),
        interval.high(),
        tasks,
        coverage,
        Optional.empty());
  }

  /** A stored result with its own interval, at a time. */
  private record Timed(Instant at, double value, double low, double high, long n, String what) {}

  private static Indicator latest(
      Definition definition, YearMonth month, List<Timed> rows, String none) {
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Timed found = null;
    for (Timed row : rows) {
      if (row.at().isBefore(end)) {
        found = row;
      }
    }
    if (found == null) {
      return Indicator.unknown(definition, month, none + " up to the month's end");
    }
    return Indicator.measured(
        definition,
        month,
        found.value(),
        found.low(),
        found.high(),
        found.n(),
        OptionalDouble.empty(),
        Optional.of(found.what() + " on " + found.at().atZone(ZoneOffset.UTC).toLocalDate()));
  }

  private static List<SessionRow> sessions(Connection connection) throws SQLException {
    List<SessionRow> rows = new ArrayList<>();
    if (!hasTable(connection, "sessions")) {
      return rows;
    }
    query(
        connection,
        "SELECT m.started_at, m.human_turns, m.tool_calls, m.longest_autonomous_seconds,"
            + " m.agent_work_seconds, coalesce((SELECT sum(s.agent_work_seconds) FROM sessions s"
            + " WHERE s.agent = m.agent AND s.root_id = m.session_id AND s.depth = 1), 0)"
            + " FROM sessions m WHERE m.depth = 0 AND m.started_at IS NOT NULL"
            + " ORDER BY m.agent, m.session_id",
        result ->
            rows.add(
                new SessionRow(
                    month(result.getLong(1)),
                    result.getInt(2),
                    result.getInt(3),
                    result.getDouble(4),
                    result.getDouble(5),
                    result.getDouble(6))));
    return rows;
  }

  private static Map<YearMonth, int[]> openEnded(Connection connection) throws SQLException {
    Map<YearMonth, int[]> counts = new TreeMap<>();
    if (!hasTable(connection, "sessions_tasks")) {
      return counts;
    }
    query(
        connection,
        "SELECT started_at, outcome = 'verified_success' FROM sessions_tasks WHERE open_ended",
        result -> {
          int[] count = counts.computeIfAbsent(month(result.getLong(1)), m -> new int[2]);
          count[0]++;
          if (result.getBoolean(2)) {
            count[1]++;
          }
        });
    return counts;
  }

  private static List<Timed> gradings(Connection connection) throws SQLException {
    return timed(
        connection,
        "speedup_gradings",
        "SELECT graded_at, speedup_median, coalesce(speedup_low, speedup_median),"
            + " coalesce(speedup_high, speedup_median), pairs, task, NULL FROM speedup_gradings"
            + " WHERE accepted AND NOT practice AND speedup_median IS NOT NULL"
            + " ORDER BY graded_at, id",
        "task %s");
  }

  private static List<Timed> reviews(Connection connection) throws SQLException {
    // Per run, the reviewer with the highest strict catch rate; runs in time order.
    return timed(
        connection,
        "retro_reviewers",
        "SELECT r.run_at, v.strict_rate, coalesce(v.strict_low, v.strict_rate),"
            + " coalesce(v.strict_high, v.strict_rate), v.reviewed, v.reviewer, r.repo"
            + " FROM retro_runs r JOIN retro_reviewers v ON v.run_id = r.run_id"
            + " WHERE v.strict_rate IS NOT NULL"
            + " QUALIFY row_number() OVER (PARTITION BY r.run_id"
            + " ORDER BY v.strict_rate DESC, v.reviewer) = 1"
            + " ORDER BY r.run_at, r.run_id",
        "reviewer %s on %s");
  }

  private static List<Timed> judgments(Connection connection) throws SQLException {
    // Per run, the candidate with the highest win rate against the human; runs in time order.
    return timed(
        connection,
        "judgment_candidates",
        "SELECT r.run_at, c.win_rate, coalesce(c.win_rate_low, c.win_rate),"
            + " coalesce(c.win_rate_high, c.win_rate), c.judged, c.candidate, c.model"
            + " FROM judgment_runs r JOIN judgment_candidates c ON c.run_id = r.run_id"
            + " WHERE c.win_rate IS NOT NULL"
            + " QUALIFY row_number() OVER (PARTITION BY r.run_id"
            + " ORDER BY c.win_rate DESC, c.candidate) = 1"
            + " ORDER BY r.run_at, r.run_id",
        "candidate %s (%s)");
  }

  /**
   * Stored results read by {@code sql}, which selects the time (epoch seconds), value, low, high, n
   * and two names that fill {@code what}; none when {@code table} does not exist.
   */
  private static List<Timed> timed(Connection connection, String table, String sql, String what)
      throws SQLException {
    List<Timed> rows = new ArrayList<>();
    if (!hasTable(connection, table)) {
      return rows;
    }
    query(
        connection,
        sql,
        result ->
            rows.add(
                new Timed(
                    Instant.ofEpochSecond(result.getLong(1)),
                    result.getDouble(2),
                    result.getDouble(3),
                    result.getDouble(4),
                    result.getLong(5),
                    String.format(Locale.ROOT, what, result.getString(6), result.getString(7)))));
    return rows;
  }

  /**
   * Per month, the share of engineers (authors of the month's counted changes) with at least one
   * change matched to an agent session: the coverage of the session indicators.
   */
  private static Map<YearMonth, OptionalDouble> engineersWithTranscripts(Connection connection)
      throws SQLException {
    Map<YearMonth, Set<String>> engineers = new TreeMap<>();
    Map<YearMonth, Set<String>> matched = new TreeMap<>();
    if (!hasTable(connection, "git_changes") || !hasTable(connection, "git_change_credits")) {
      return Map.of();
    }
    query(
        connection,
        "SELECT g.committed_at, coalesce(g.engineer_email, g.author_email),"
            + " EXISTS (SELECT 1 FROM git_change_credits c WHERE c.repo_id = g.repo_id"
            + " AND c.sha = g.sha AND c.detector = '"
            + SessionMatcher.DETECTOR
            + "') FROM git_changes g WHERE NOT g.is_bot AND NOT g.ignored_revision",
        result -> {
          YearMonth month = month(result.getLong(1));
          String engineer = result.getString(2).toLowerCase(Locale.ROOT);
          engineers.computeIfAbsent(month, m -> new TreeSet<>()).add(engineer);
          if (result.getBoolean(3)) {
            matched.computeIfAbsent(month, m -> new TreeSet<>()).add(engineer);
          }
        });
    Map<YearMonth, OptionalDouble> coverage = new TreeMap<>();
    engineers.forEach((month, all) ->
        coverage.put(
            month,
            OptionalDouble.of((double) matched.getOrDefault(month, Set.of()).size() / all.size())));
    return coverage;
  }

  private static YearMonth month(long epochSeconds) {
    return YearMonth.from(Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC));
  }

  /** Reads one result row. */
  private interface RowReader {
    void read(ResultSet result) throws SQLException;
  }

  private static void query(Connection connection, String sql, RowReader reader)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        reader.read(result);
      }
    }
  }

  private static boolean hasTable(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
      statement.setString(1, table);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1) > 0;
      }
    }
  }
}
