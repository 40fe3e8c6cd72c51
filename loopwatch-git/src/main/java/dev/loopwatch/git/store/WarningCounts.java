package dev.loopwatch.git.store;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The warnings stored for a repository, counted by kind, each with its first example. */
public final class WarningCounts {
  private WarningCounts() {}

  /**
   * One kind of warning.
   *
   * @param kind the warning kind
   * @param count how many
   * @param subject the first one's subject (commit, file:line, path)
   * @param message the first one's message
   */
  public record Kind(String kind, long count, String subject, String message) {
    public Kind {
      requireNonNull(kind, "kind is null");
      requireNonNull(subject, "subject is null");
      requireNonNull(message, "message is null");
    }
  }

  /** The kinds of warning stored for {@code repoId}, sorted by kind. */
  public static List<Kind> of(Store store, int repoId) {
    return store.read(connection -> {
      List<Kind> kinds = new ArrayList<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT kind, count(*), min(subject), arg_min(message, subject) FROM git_warnings"
                  + " WHERE repo_id = ? GROUP BY kind ORDER BY kind")) {
        statement.setInt(1, repoId);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            kinds.add(
                new Kind(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4)));
          }
        }
      }
      return kinds;
    });
  }
}
