package dev.loopwatch.core.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded store: one DuckDB file, its schema versioned per capability and migrated on open.
 * All writes go through {@link #inTransaction}, so a failed or killed job leaves the previous data
 * intact.
 */
public final class Store implements AutoCloseable {
  /** Environment variable that overrides the default store path. */
  public static final String DB_ENV = "LOOPWATCH_DB";

  private static final AtomicLong COMMITS = new AtomicLong();

  private final Path path;
  private final Connection connection;

  private Store(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /**
   * The default store path: {@code $LOOPWATCH_DB}, else {@code ~/.loopwatch/loopwatch.duckdb}
   * ({@code ~} is {@code $HOME}).
   */
  public static Path defaultPath() {
    String fromEnv = System.getenv(DB_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return UserHome.path().resolve(".loopwatch").resolve("loopwatch.duckdb");
  }

  /**
   * Opens (creating if needed) the store at {@code path} and migrates the given parts to their
   * newest version.
   */
  public static Store open(Path path, List<SchemaPart> parts) {
    requireNonNull(path, "path is null");
    requireNonNull(parts, "parts is null");
    Path absolute = path.toAbsolutePath();
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput(
          "cannot create the folder for store " + absolute + ": " + e.getMessage());
    }
    if (Files.isDirectory(absolute)) {
      throw LoopwatchException.userInput("store " + absolute + " is a folder, not a DuckDB file");
    }
    Connection connection = connect(absolute, new Properties());
    Store store = new Store(absolute, connection);
    try {
      store.migrate(parts);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * Opens the existing store at {@code path} read-only, for commands that only read: it works on a
   * read-only file, never creates a store, and never migrates one.
   *
   * @throws LoopwatchException USER_INPUT if the file is missing, is locked by a writing process,
   *     or holds an older or newer version of one of {@code parts} than this Loopwatch knows
   */
  public static Store openReadOnly(Path path, List<SchemaPart> parts) {
    requireNonNull(path, "path is null");
    requireNonNull(parts, "parts is null");
    Path absolute = path.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw LoopwatchException.userInput("store " + absolute + " is a folder, not a DuckDB file");
    }
    if (!Files.isRegularFile(absolute)) {
      throw LoopwatchException.userInput(
          "no store at "
              + absolute
              + "; scan into it first (loopwatch scan REPO --db "
              + absolute
              + ") or check --db / $"
              + DB_ENV);
    }
    Properties properties = new Properties();
    properties.setProperty("access_mode", "READ_ONLY");
    Store store = new Store(absolute, connect(absolute, properties));
    try {
      store.requireVersions(parts);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private static Connection connect(Path absolute, Properties properties) {
    try {
      return DriverManager.getConnection("jdbc:duckdb:" + absolute, properties);
    } catch (SQLException e) {
      String message = firstLine(e.getMessage());
      if (StoreLock.isConflict(message)) {
        throw LoopwatchException.userInput(StoreLock.describe(absolute, message));
      }
      throw LoopwatchException.userInput("cannot open store " + absolute + ": " + message);
    }
  }

  /** Checks, without migrating, that every part is at the version this Loopwatch knows. */
  private void requireVersions(List<SchemaPart> parts) {
    for (SchemaPart part : parts) {
      int current = currentVersion(part);
      if (current != part.version()) {
        throw versionMismatch(part, current);
      }
    }
  }

  /**
   * Whether the store has {@code part} at the version this Loopwatch knows: false when it never had
   * the part (a store written before the part existed, read as holding nothing of it); a user-input
   * error naming the part when it has another version.
   */
  public boolean has(SchemaPart part) {
    requireNonNull(part, "part is null");
    int current = currentVersion(part);
    if (current == 0) {
      return false;
    }
    if (current != part.version()) {
      throw versionMismatch(part, current);
    }
    return true;
  }

  /** The part's version, 0 when the store has no version table or no row for it. */
  private int currentVersion(SchemaPart part) {
    boolean versioned =
        read(c -> {
          try (PreparedStatement statement =
                  c.prepareStatement(
                      "SELECT count(*) FROM information_schema.tables"
                          + " WHERE table_name = 'schema_versions'");
              ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
          }
        });
    return versioned ? version(part.name()) : 0;
  }

  private LoopwatchException versionMismatch(SchemaPart part, int current) {
    return LoopwatchException.userInput(
        "store "
            + path
            + " has schema version "
            + current
            + " of '"
            + part.name()
            + "' where this Loopwatch reads version "
            + part.version()
            + (current < part.version()
                ? "; a scan into it (loopwatch scan ... --db " + path + ") upgrades it"
                : "; upgrade Loopwatch"));
  }

  /** A store that lives in memory only, for one-off answers that should leave nothing on disk. */
  public static Store openInMemory(List<SchemaPart> parts) {
    requireNonNull(parts, "parts is null");
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
    } catch (SQLException e) {
      throw LoopwatchException.external(
          "cannot open an in-memory store: " + firstLine(e.getMessage()), e);
    }
    Store store = new Store(Path.of(":memory:"), connection);
    store.migrate(parts);
    return store;
  }

  /**
   * Another connection to this open store, for one more concurrent transaction (a worker thread
   * scanning its own repository); closing it leaves this store open.
   */
  public Store duplicate() {
    try {
      return new Store(path, ((org.duckdb.DuckDBConnection) connection).duplicate());
    } catch (SQLException e) {
      throw LoopwatchException.external(
          "store " + path + ": cannot open another connection: " + firstLine(e.getMessage()), e);
    }
  }

  /** The store file. */
  public Path path() {
    return path;
  }

  /** The connection, for reads; writes go through {@link #inTransaction}. */
  public Connection connection() {
    return connection;
  }

  /** Work that runs inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs against the open transaction. */
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction: all of its writes land, or none do. */
  public <T> T inTransaction(Work<T> work) {
    return transaction(true, work);
  }

  /**
   * How many data transactions (not schema migrations) this process has committed to any store, so
   * that an interrupted command can say whether it stored anything.
   */
  public static long commitsInThisProcess() {
    return COMMITS.get();
  }

  private <T> T transaction(boolean counted, Work<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        if (counted) {
          COMMITS.incrementAndGet();
        }
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw LoopwatchException.external("store " + path + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** Runs a read query. */
  public <T> T read(Work<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw LoopwatchException.external("store " + path + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** The version of {@code part} in this store, 0 if it has none. */
  public int version(String part) {
    return read(c -> {
      try (PreparedStatement statement =
          c.prepareStatement("SELECT version FROM schema_versions WHERE part = ?")) {
        statement.setString(1, part);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? rows.getInt(1) : 0;
        }
      }
    });
  }

  private void migrate(List<SchemaPart> parts) {
    transaction(
        false,
        c -> {
          try (Statement statement = c.createStatement()) {
            statement.execute(
                "CREATE TABLE IF NOT EXISTS schema_versions (part VARCHAR PRIMARY KEY, version INTEGER NOT NULL)");
          }
          return null;
        });
    for (SchemaPart part : parts) {
      int current = version(part.name());
      if (current > part.version()) {
        throw LoopwatchException.userInput(
            "store "
                + path
                + " has schema version "
                + current
                + " of '"
                + part.name()
                + "', newer than this Loopwatch knows ("
                + part.version()
                + "); upgrade Loopwatch or use another --db");
      }
      for (int version = current; version < part.version(); version++) {
        String script = part.migrations().get(version);
        int next = version + 1;
        transaction(
            false,
            c -> {
              try (Statement statement = c.createStatement()) {
                for (String sql : script.split(";\\s*\\n")) {
                  if (!sql.isBlank()) {
                    statement.execute(sql);
                  }
                }
              }
              try (PreparedStatement upsert =
                  c.prepareStatement(
                      "INSERT OR REPLACE INTO schema_versions (part, version) VALUES (?, ?)")) {
                upsert.setString(1, part.name());
                upsert.setInt(2, next);
                upsert.executeUpdate();
              }
              return null;
            });
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw LoopwatchException.external(
          "cannot close store " + path + ": " + firstLine(e.getMessage()), e);
    }
  }
}
