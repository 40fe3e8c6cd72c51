package dev.loopwatch.sessions.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.Store;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Intervention;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Task;
import dev.loopwatch.sessions.Tasks;
import dev.loopwatch.sessions.Usage;
import dev.loopwatch.sessions.cost.Prices;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes scanned transcripts into the store in one transaction. A write replaces every session that
 * earlier scans stored from the same folders (by real path) and every session with the same agent
 * and id from anywhere, so re-running a scan never duplicates rows.
 */
public final class SessionsWriter {
  private static final List<String> SESSION_TABLES =
      List.of("sessions_interventions", "sessions_tasks", "sessions_usage", "sessions");

  private SessionsWriter() {}

  /**
   * Stores the sessions of {@code folders}, priced with {@code prices}, stamped {@code scannedAt};
   * all rows land or none do.
   */
  public static WriteOutcome write(
      Store store, List<ScannedFolder> folders, Prices prices, Instant scannedAt) {
    requireNonNull(store, "store is null");
    requireNonNull(prices, "prices is null");
    requireNonNull(scannedAt, "scannedAt is null");
    Map<String, Session> sessions = new LinkedHashMap<>();
    Map<String, String> sourceOf = new TreeMap<>();
    long malformed = 0;
    for (ScannedFolder folder : folders) {
      malformed += folder.result().malformed().size();
      for (Session session : folder.result().sessions()) {
        String key = key(session.agent(), session.id());
        if (sessions.putIfAbsent(key, session) == null) {
          sourceOf.put(key, source(folder.folder()));
        }
      }
    }
    long malformedLines = malformed;
    return store.inTransaction(connection -> {
      int replaced = deleteOld(connection, folders, sessions.values());
      int mains = 0;
      int subagents = 0;
      int interventions = 0;
      int tasks = 0;
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      try (DuckDBAppender sessionRows = appender(duck, "sessions");
          DuckDBAppender interventionRows = appender(duck, "sessions_interventions");
          DuckDBAppender taskRows = appender(duck, "sessions_tasks");
          DuckDBAppender usageRows = appender(duck, "sessions_usage")) {
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
          Session session = entry.getValue();
          if (session.subagent()) {
            subagents++;
          } else {
            mains++;
          }
          writeSession(sessionRows, session, sourceOf.get(entry.getKey()), root(session, sessions));
          interventions += writeInterventions(interventionRows, session);
          tasks += writeTasks(taskRows, session);
          writeUsage(usageRows, session, prices);
        }
      }
      writeSources(connection, folders, scannedAt);
      return new WriteOutcome(mains, subagents, replaced, interventions, tasks, malformedLines);
    });
  }

  private static DuckDBAppender appender(DuckDBConnection duck, String table) throws SQLException {
    return duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
  }

  private static String key(String agent, String id) {
    return agent + "\u0000" + id;
  }

  /** The real path of {@code folder}, so two spellings of one folder are one source. */
  static String source(Path folder) {
    try {
      return folder.toRealPath().toString();
    } catch (IOException e) {
      return folder.toAbsolutePath().normalize().toString();
    }
  }

  /** The main session above {@code session}, as far as the parents read in this scan go. */
  private static String root(Session session, Map<String, Session> all) {
    Session current = session;
    for (int steps = 0; steps <= all.size() && current.parentId().isPresent(); steps++) {
      String parent = current.parentId().get();
      Session next = all.get(key(current.agent(), parent));
      if (next == null) {
        return parent;
      }
      current = next;
    }
    return current.id();
  }

  private static int deleteOld(
      Connection connection, List<ScannedFolder> folders, Iterable<Session> sessions)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE lw_replaced_sessions (agent VARCHAR, session_id VARCHAR)");
    }
    try (PreparedStatement fromSource =
        connection.prepareStatement(
            "INSERT INTO lw_replaced_sessions SELECT agent, session_id FROM sessions"
                + " WHERE source = ?")) {
      for (ScannedFolder folder : folders) {
        fromSource.setString(1, source(folder.folder()));
        fromSource.executeUpdate();
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO lw_replaced_sessions VALUES (?, ?)")) {
      for (Session session : sessions) {
        insert.setString(1, session.agent());
        insert.setString(2, session.id());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    int replaced = 0;
    try (Statement statement = connection.createStatement()) {
      for (String table : SESSION_TABLES) {
        int deleted =
            statement.executeUpdate(
                "DELETE FROM "
                    + table
                    + " WHERE EXISTS (SELECT 1 FROM lw_replaced_sessions r WHERE r.agent = "
                    + table
                    + ".agent AND r.session_id = "
                    + table
                    + ".session_id)");
        if (table.equals("sessions")) {
          replaced = deleted;
        }
      }
      statement.execute("DROP TABLE lw_replaced_sessions");
    }
    return replaced;
  }

  private static void writeSources(
      Connection connection, List<ScannedFolder> folders, Instant scannedAt) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO sessions_sources VALUES (?, ?, ?, ?, ?)")) {
      for (ScannedFolder folder : folders) {
        upsert.setString(1, source(folder.folder()));
        upsert.setString(2, folder.agent());
        upsert.setLong(3, scannedAt.getEpochSecond());
        upsert.setInt(4, folder.result().sessions().size());
        upsert.setInt(5, folder.result().malformed().size());
        upsert.executeUpdate();
      }
    }
  }

  private static void writeSession(DuckDBAppender rows, Session session, String source, String root)
      throws SQLException {
    SessionNumbers numbers = SessionNumbers.of(session);
    rows.beginRow();
    rows.append(session.agent());
    rows.append(session.id());
    rows.append(source);
    optional(rows, session.cliVersion());
    optional(rows, numbers.primaryModel());
    rows.append(String.join(",", session.models()));
    optional(rows, session.cwd());
    optional(rows, session.gitBranch());
    time(rows, session.start());
    time(rows, session.end());
    optional(rows, session.parentId());
    rows.append(root);
    rows.append(session.depth());
    rows.append(numbers.humanTurns());
    rows.append(numbers.toolCalls());
    rows.append(numbers.longestToolRun());
    rows.append(numbers.longestAutonomousSeconds());
    rows.append(numbers.agentWorkSeconds());
    rows.append(numbers.humanWaitSeconds());
    rows.append(numbers.longestDelegatedSeconds());
    rows.endRow();
  }

  private static int writeInterventions(DuckDBAppender rows, Session session) throws SQLException {
    List<Intervention> all = new ArrayList<>(session.interventions());
    all.addAll(Interventions.tier2(session.id(), session.turns()));
    for (Intervention intervention : all) {
      rows.beginRow();
      rows.append(session.agent());
      rows.append(session.id());
      rows.append(intervention.turnIndex());
      rows.append(intervention.at().getEpochSecond());
      rows.append(intervention.kind().id());
      rows.append(intervention.tier().number());
      rows.append(intervention.kind().human());
      rows.append(shorten(intervention.evidence()));
      rows.endRow();
    }
    return all.size();
  }

  private static int writeTasks(DuckDBAppender rows, Session session) throws SQLException {
    List<Task> tasks = Tasks.of(session);
    for (Task task : tasks) {
      rows.beginRow();
      rows.append(session.agent());
      rows.append(session.id());
      rows.append(task.index());
      rows.append(task.start().getEpochSecond());
      rows.append(task.end().getEpochSecond());
      rows.append(task.outcome().id());
      rows.append(task.isOpenEnded());
      optional(rows, task.openEnded());
      rows.append(task.evidence());
      rows.endRow();
    }
    return tasks.size();
  }

  private static void writeUsage(DuckDBAppender rows, Session session, Prices prices)
      throws SQLException {
    Map<LocalDate, Map<String, Usage>> days = new TreeMap<>();
    for (Event event : session.events()) {
      if (event instanceof Event.TokenUsage tokens) {
        days.computeIfAbsent(LocalDate.ofInstant(tokens.at(), ZoneOffset.UTC), d -> new TreeMap<>())
            .merge(tokens.model(), tokens.usage(), Usage::plus);
      }
    }
    for (Map.Entry<LocalDate, Map<String, Usage>> day : days.entrySet()) {
      for (Map.Entry<String, Usage> model : day.getValue().entrySet()) {
        Usage usage = model.getValue();
        rows.beginRow();
        rows.append(session.agent());
        rows.append(session.id());
        rows.append(day.getKey());
        rows.append(model.getKey());
        rows.append(usage.input());
        rows.append(usage.output());
        rows.append(usage.cacheCreation());
        rows.append(usage.cacheRead());
        Optional<Double> cost = prices.cost(model.getKey(), usage);
        if (cost.isPresent()) {
          rows.append(cost.get().doubleValue());
        } else {
          rows.appendNull();
        }
        rows.endRow();
      }
    }
  }

  private static String shorten(String text) {
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }

  private static void optional(DuckDBAppender rows, Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      rows.append(value.get());
    } else {
      rows.appendNull();
    }
  }

  private static void time(DuckDBAppender rows, Optional<Instant> value) throws SQLException {
    if (value.isPresent()) {
      rows.append(value.get().getEpochSecond());
    } else {
      rows.appendNull();
    }
  }
}
