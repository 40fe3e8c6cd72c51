package dev.loopwatch.sessions.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Computes the {@link SessionsReport} from the sessions tables of a store. */
public final class SessionsMetrics {
  private SessionsMetrics() {}

  /** One stored session's numbers. */
  private record Row(
      String agent,
      String id,
      String model,
      String cliVersion,
      Optional<LocalDate> week,
      Optional<String> parentId,
      String rootId,
      int depth,
      int humanTurns,
      int toolCalls,
      int longestToolRun,
      double longestAutonomousSeconds,
      double workSeconds,
      double longestDelegatedSeconds) {}

  /** Numbers summed over a set of main sessions and everything under them. */
  private static final class Sum {
    int sessions;
    int subagents;
    int humanTurns;
    int toolCalls;
    int longestToolRun;
    double longestAutonomousSeconds;
    int tier1;
    int tier2;
    int policyDenials;
    double workSeconds;
    double delegatedSeconds;
    double longestDelegatedSeconds;
    int tasks;
    int verified;
    int openEnded;
    int openEndedVerified;
    long tokens;
    double cost;
    long unpriced;

    void add(Sum other) {
      sessions += other.sessions;
      subagents += other.subagents;
      humanTurns += other.humanTurns;
      toolCalls += other.toolCalls;
      longestToolRun = Math.max(longestToolRun, other.longestToolRun);
      longestAutonomousSeconds = Math.max(longestAutonomousSeconds, other.longestAutonomousSeconds);
      tier1 += other.tier1;
      tier2 += other.tier2;
      policyDenials += other.policyDenials;
      workSeconds += other.workSeconds;
      delegatedSeconds += other.delegatedSeconds;
      longestDelegatedSeconds = Math.max(longestDelegatedSeconds, other.longestDelegatedSeconds);
      tasks += other.tasks;
      verified += other.verified;
      openEnded += other.openEnded;
      openEndedVerified += other.openEndedVerified;
      tokens += other.tokens;
      cost += other.cost;
      unpriced += other.unpriced;
    }
  }

  /** Returns the report of the sessions in {@code store}, or empty when it has none. */
  public static Optional<SessionsReport> compute(Store store) {
    requireNonNull(store, "store is null");
    return store.read(SessionsMetrics::compute);
  }

  private static Optional<SessionsReport> compute(Connection connection) throws SQLException {
    List<Row> rows = sessions(connection);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Sum> own = new LinkedHashMap<>();
    for (Row row : rows) {
      Sum sum = new Sum();
      if (row.depth() == 0) {
        sum.sessions = 1;
        sum.humanTurns = row.humanTurns();
        sum.toolCalls = row.toolCalls();
        sum.longestToolRun = row.longestToolRun();
        sum.longestAutonomousSeconds = row.longestAutonomousSeconds();
        sum.workSeconds = row.workSeconds();
      } else {
        sum.subagents = 1;
        sum.longestDelegatedSeconds = row.longestDelegatedSeconds();
        if (row.depth() == 1) {
          sum.delegatedSeconds = row.workSeconds();
        }
      }
      own.put(key(row.agent(), row.id()), sum);
    }
    interventions(connection, own);
    tasks(connection, own);
    usage(connection, own);
    Map<String, Row> mains = new LinkedHashMap<>();
    Map<String, Sum> trees = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.depth() == 0) {
        mains.put(key(row.agent(), row.id()), row);
        trees.put(key(row.agent(), row.id()), new Sum());
      }
    }
    Sum total = new Sum();
    for (Row row : rows) {
      Sum sum = own.get(key(row.agent(), row.id()));
      total.add(sum);
      Sum tree = trees.get(key(row.agent(), row.depth() == 0 ? row.id() : row.rootId()));
      if (tree != null) {
        tree.add(sum);
      }
    }
    Map<LocalDate, Sum> weeks = new TreeMap<>();
    Map<String, Sum> byModel = new TreeMap<>();
    Map<String, Sum> byVersion = new TreeMap<>();
    for (Map.Entry<String, Row> main : mains.entrySet()) {
      Row row = main.getValue();
      Sum tree = trees.get(main.getKey());
      row.week().ifPresent(week -> weeks.computeIfAbsent(week, w -> new Sum()).add(tree));
      byModel.computeIfAbsent(row.agent() + "\u0000" + row.model(), k -> new Sum()).add(tree);
      byVersion
          .computeIfAbsent(row.agent() + "\u0000" + row.cliVersion(), k -> new Sum())
          .add(tree);
    }
    List<SessionsReport.Week> weekRows = new ArrayList<>();
    weeks.forEach((week, sum) -> weekRows.add(week(week, sum)));
    return Optional.of(
        new SessionsReport(
            totals(total), weekRows, groups(byModel), groups(byVersion), costPerDay(connection)));
  }

  private static String key(String agent, String id) {
    return agent + "\u0000" + id;
  }

  private static List<Row> sessions(Connection connection) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT agent, session_id, coalesce(model, 'unknown'),"
                    + " coalesce(cli_version, 'unknown'), started_at, parent_id, root_id, depth,"
                    + " human_turns, tool_calls, longest_tool_run, longest_autonomous_seconds,"
                    + " agent_work_seconds, longest_delegated_seconds FROM sessions"
                    + " ORDER BY agent, session_id")) {
      while (result.next()) {
        long started = result.getLong(5);
        Optional<LocalDate> week =
            result.wasNull()
                ? Optional.empty()
                : Optional.of(
                    LocalDate.ofInstant(Instant.ofEpochSecond(started), ZoneOffset.UTC)
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        rows.add(
            new Row(
                result.getString(1),
                result.getString(2),
                result.getString(3),
                result.getString(4),
                week,
                Optional.ofNullable(result.getString(6)),
                result.getString(7),
                result.getInt(8),
                result.getInt(9),
                result.getInt(10),
                result.getInt(11),
                result.getDouble(12),
                result.getDouble(13),
                result.getDouble(14)));
      }
    }
    return rows;
  }

  private static void interventions(Connection connection, Map<String, Sum> own)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT agent, session_id, tier, human, count(*) FROM sessions_interventions"
                    + " GROUP BY ALL")) {
      while (result.next()) {
        Sum sum = own.get(key(result.getString(1), result.getString(2)));
        if (sum == null) {
          continue;
        }
        int count = result.getInt(5);
        if (!result.getBoolean(4)) {
          sum.policyDenials += count;
        } else if (result.getInt(3) == 1) {
          sum.tier1 += count;
        } else if (result.getInt(3) == 2) {
          sum.tier2 += count;
        }
      }
    }
  }

  private static void tasks(Connection connection, Map<String, Sum> own) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT agent, session_id, count(*),"
                    + " count(*) FILTER (outcome = 'verified_success'),"
                    + " count(*) FILTER (open_ended),"
                    + " count(*) FILTER (open_ended AND outcome = 'verified_success')"
                    + " FROM sessions_tasks GROUP BY ALL")) {
      while (result.next()) {
        Sum sum = own.get(key(result.getString(1), result.getString(2)));
        if (sum != null) {
          sum.tasks += result.getInt(3);
          sum.verified += result.getInt(4);
          sum.openEnded += result.getInt(5);
          sum.openEndedVerified += result.getInt(6);
        }
      }
    }
  }

  private static void usage(Connection connection, Map<String, Sum> own) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT agent, session_id, sum(input + output + cache_creation + cache_read),"
                    + " sum(coalesce(cost_usd, 0)), sum(CASE WHEN cost_usd IS NULL"
                    + " THEN input + output + cache_creation + cache_read ELSE 0 END)"
                    + " FROM sessions_usage GROUP BY ALL")) {
      while (result.next()) {
        Sum sum = own.get(key(result.getString(1), result.getString(2)));
        if (sum != null) {
          sum.tokens += result.getLong(3);
          sum.cost += result.getDouble(4);
          sum.unpriced += result.getLong(5);
        }
      }
    }
  }

  private static List<SessionsReport.DayCost> costPerDay(Connection connection)
      throws SQLException {
    List<SessionsReport.DayCost> days = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT day, CASE WHEN model = '' THEN 'unknown' ELSE model END AS m,"
                    + " sum(input), sum(output), sum(cache_creation), sum(cache_read),"
                    + " CASE WHEN count(cost_usd) = count(*) THEN sum(cost_usd) END"
                    + " FROM sessions_usage GROUP BY day, m ORDER BY day, m")) {
      while (result.next()) {
        double cost = result.getDouble(7);
        Optional<Double> known = result.wasNull() ? Optional.empty() : Optional.of(round(cost, 6));
        days.add(
            new SessionsReport.DayCost(
                result.getObject(1, LocalDate.class),
                result.getString(2),
                result.getLong(3),
                result.getLong(4),
                result.getLong(5),
                result.getLong(6),
                known));
      }
    }
    return days;
  }

  private static SessionsReport.Totals totals(Sum sum) {
    return new SessionsReport.Totals(
        sum.sessions,
        sum.subagents,
        sum.humanTurns,
        sum.toolCalls,
        ratio(sum.toolCalls, sum.humanTurns),
        sum.longestToolRun,
        round(sum.longestAutonomousSeconds / 60, 3),
        sum.tier1,
        sum.tier2,
        sum.policyDenials,
        ratio(sum.tier1, sum.sessions),
        ratio(sum.tier2, sum.sessions),
        round(sum.workSeconds / 3600, 3),
        ratio(sum.delegatedSeconds, sum.workSeconds),
        round(sum.longestDelegatedSeconds / 60, 3),
        sum.tasks,
        sum.verified,
        sum.openEnded,
        sum.openEndedVerified,
        sum.tokens,
        round(sum.cost, 6),
        sum.unpriced);
  }

  private static SessionsReport.Week week(LocalDate week, Sum sum) {
    return new SessionsReport.Week(
        week,
        sum.sessions,
        sum.humanTurns,
        ratio(sum.tier1, sum.sessions),
        ratio(sum.tier2, sum.sessions),
        ratio(sum.toolCalls, sum.humanTurns),
        sum.longestToolRun,
        round(sum.longestAutonomousSeconds / 60, 3),
        sum.subagents,
        ratio(sum.delegatedSeconds, sum.workSeconds),
        round(sum.longestDelegatedSeconds / 60, 3),
        sum.tasks,
        share(sum.verified, sum.tasks),
        sum.openEnded,
        share(sum.openEndedVerified, sum.openEnded));
  }

  private static List<SessionsReport.Group> groups(Map<String, Sum> sums) {
    List<SessionsReport.Group> groups = new ArrayList<>();
    sums.forEach((key, sum) -> {
      int split = key.indexOf('\u0000');
      groups.add(
          new SessionsReport.Group(
              key.substring(0, split),
              key.substring(split + 1),
              sum.sessions,
              sum.humanTurns,
              ratio(sum.toolCalls, sum.humanTurns),
              ratio(sum.tier1, sum.sessions),
              ratio(sum.tier2, sum.sessions),
              sum.tasks,
              share(sum.verified, sum.tasks),
              sum.tokens,
              round(sum.cost, 6),
              sum.unpriced));
    });
    return groups;
  }

  private static Optional<Double> share(int part, int whole) {
    return whole == 0 ? Optional.empty() : Optional.of(round((double) part / whole, 3));
  }

  private static double ratio(double part, double whole) {
    return whole == 0 ? 0 : round(part / whole, 3);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
