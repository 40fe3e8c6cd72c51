package dev.loopwatch.sessions.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Intervention;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Task;
import dev.loopwatch.sessions.Tasks;
import dev.loopwatch.sessions.Usage;
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
  private static final String STAGE = "lw_stage_";
  private static final List<String> SESSION_TABLES =
      List.of("sessions_interventions", "sessions_tasks", "sessions_usage", "sessions");

  private SessionsWriter() {}

  /**
   * Stores the sessions of {@code folders}, priced with {@code prices}, stamped {@code scannedAt};
   * all rows land or none do.
   */
  public static WriteOutcome write(
      Store store, List<ScannedFolder> folders, Prices prices, Instant scannedAt) {
    requireNonNull(folders, "folders is null");
    List<FolderSource> sources = new ArrayList<>();
    for (ScannedFolder folder : folders) {
      sources.add(new FolderSource(folder.folder(), folder.agent(), folder.result().source()));
    }
    return stream(store, sources, prices, scannedAt);
  }

  /**
   * Reads {@code folders} and stores their sessions as they arrive, priced with {@code prices},
   * stamped {@code scannedAt}; all rows land or none do. The rows of each session go to staging
   * tables through DuckDB appenders as soon as the reader hands it over, so the heap holds one
   * session (plus one key and parent per session); the staged rows replace the old ones at the end,
   * inside the same transaction. When two folders hold a session with the same agent and id, the
   * first one read is stored.
   */
  public static WriteOutcome stream(
      Store store, List<FolderSource> folders, Prices prices, Instant scannedAt) {
    requireNonNull(store, "store is null");
    requireNonNull(folders, "folders is null");
    requireNonNull(prices, "prices is null");
    requireNonNull(scannedAt, "scannedAt is null");
    List<FolderSource> sources = List.copyOf(folders);
    return store.inTransaction(connection -> {
      try (Statement statement = connection.createStatement()) {
        for (String table : SESSION_TABLES) {
          statement.execute(
              "CREATE TABLE " + STAGE + table + " AS SELECT * FROM " + table + " LIMIT 0");
        }
        statement.execute(
            "CREATE TABLE "
                + STAGE
                + "roots (ordinal BIGINT, agent VARCHAR, session_id VARCHAR, root_id VARCHAR)");
      }
      Staging staging = new Staging(prices);
      List<int[]> counts = new ArrayList<>();
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      try (DuckDBAppender sessionRows = appender(duck, STAGE + "sessions");
          DuckDBAppender interventionRows = appender(duck, STAGE + "sessions_interventions");
          DuckDBAppender taskRows = appender(duck, STAGE + "sessions_tasks");
          DuckDBAppender usageRows = appender(duck, STAGE + "sessions_usage")) {
        for (FolderSource folder : sources) {
          String source = source(folder.folder());
          int[] read = new int[1];
          ReadSummary summary;
          try {
            summary =
                folder
                    .source()
                    .read(session -> {
                      read[0]++;
                      staging.add(
                          session, source, sessionRows, interventionRows, taskRows, usageRows);
                    });
          } catch (UncheckedSqlException e) {
            throw e.getCause();
          }
          staging.malformed += summary.malformed().size();
          counts.add(new int[] {read[0], summary.malformed().size()});
        }
      }
      try (DuckDBAppender roots = appender(duck, STAGE + "roots")) {
        long ordinal = 0;
        for (Map.Entry<String, String[]> entry : staging.sessions.entrySet()) {
          String[] agentIdParent = entry.getValue();
          roots.beginRow();
          roots.append(ordinal++);
          roots.append(agentIdParent[0]);
          roots.append(agentIdParent[1]);
          roots.append(root(agentIdParent[0], agentIdParent[1], staging.sessions));
          roots.endRow();
        }
      }
      int replaced = deleteOld(connection, sources, staging.sessions.values());
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO sessions SELECT s.* REPLACE (r.root_id AS root_id) FROM "
                + STAGE
                + "sessions s JOIN "
                + STAGE
                + "roots r ON s.agent = r.agent AND s.session_id = r.session_id"
                + " ORDER BY r.ordinal");
        for (String table : SESSION_TABLES) {
          if (!table.equals("sessions")) {
            statement.execute("INSERT INTO " + table + " SELECT * FROM " + STAGE + table);
          }
        }
        for (String table : SESSION_TABLES) {
          statement.execute("DROP TABLE " + STAGE + table);
        }
        statement.execute("DROP TABLE " + STAGE + "roots");
      }
      writeSources(connection, sources, counts, scannedAt);
      return new WriteOutcome(
          staging.mains,
          staging.subagents,
          replaced,
          staging.interventions,
          staging.tasks,
          staging.malformed);
    });
  }

  /** The counters and keys of one streaming write. */
  private static final class Staging {
    final Prices prices;

    /** By agent and id, in write order: agent, id and parent id ("" for a main session). */
    final Map<String, String[]> sessions = new LinkedHashMap<>();

    int mains;
    int subagents;
    int interventions;
    int tasks;
    long malformed;

    Staging(Prices prices) {
      this.prices = prices;
    }

    void add(
        Session session,
        String source,
        DuckDBAppender sessionRows,
        DuckDBAppender interventionRows,
        DuckDBAppender taskRows,
        DuckDBAppender usageRows) {
      String key = key(session.agent(), session.id());
      if (sessions.containsKey(key)) {
        return;
      }
      sessions.put(
          key, new String[] {session.agent(), session.id(), session.parentId().orElse("")});
      if (session.subagent()) {
        subagents++;
      } else {
        mains++;
      }
      try {
        writeSession(sessionRows, session, source, "");
        interventions += writeInterventions(interventionRows, session);
        tasks += writeTasks(taskRows, session);
        writeUsage(usageRows, session, prices);
      } catch (SQLException e) {
        throw new UncheckedSqlException(e);
      }
    }
  }

  /** Carries an appender failure out of a session sink. */
  private static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
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

  /** The main session above {@code id}, as far as the parents stored in this write go. */
  private static String root(String agent, String id, Map<String, String[]> all) {
    String current = id;
    String parent = all.get(key(agent, id))[2];
    for (int steps = 0; steps <= all.size() && !parent.isEmpty(); steps++) {
      String[] next = all.get(key(agent, parent));
      if (next == null) {
        return parent;
      }
      current = parent;
      parent = next[2];
    }
    return current;
  }

  private static int deleteOld(
      Connection connection, List<FolderSource> folders, Iterable<String[]> sessions)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE lw_replaced_sessions (agent VARCHAR, session_id VARCHAR)");
    }
    try (PreparedStatement fromSource =
        connection.prepareStatement(
            "INSERT INTO lw_replaced_sessions SELECT agent, session_id FROM sessions"
                + " WHERE source = ?")) {
      for (FolderSource folder : folders) {
        fromSource.setString(1, source(folder.folder()));
        fromSource.executeUpdate();
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO lw_replaced_sessions VALUES (?, ?)")) {
      for (String[] session : sessions) {
        insert.setString(1, session[0]);
        insert.setString(2, session[1]);
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
      Connection connection, List<FolderSource> folders, List<int[]> counts, Instant scannedAt)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO sessions_sources VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < folders.size(); i++) {
        FolderSource folder = folders.get(i);
        upsert.setString(1, source(folder.folder()));
        upsert.setString(2, folder.agent());
        upsert.setLong(3, scannedAt.getEpochSecond());
        upsert.setInt(4, counts.get(i)[0]);
        upsert.setInt(5, counts.get(i)[1]);
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
