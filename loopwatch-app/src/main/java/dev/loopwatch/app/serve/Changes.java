package dev.loopwatch.app.serve;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The merged changes behind the dashboard's numbers, for drill-down: a page of changes filtered by
 * repository and month, and one change's files and AI credits. A change is counted as the report
 * counts it: not a bot's, not an ignored revision; its lines are those of files not excluded
 * (generated, vendored, lock files); its month is its commit month in UTC.
 */
final class Changes {
  private Changes() {}

  /**
   * One merged change in a list.
   *
   * @param repo the repository name
   * @param sha the change's commit
   * @param committedAt when it was committed (merged)
   * @param subject the first line of its message
   * @param author who authored it
   * @param addedLines added lines in counted files
   * @param deletedLines deleted lines in counted files
   * @param aiLines strong and medium AI lines in counted files
   */
  record ChangeRow(
      String repo,
      String sha,
      Instant committedAt,
      String subject,
      String author,
      long addedLines,
      long deletedLines,
      long aiLines) {
    ChangeRow {
      requireNonNull(repo, "repo is null");
      requireNonNull(sha, "sha is null");
      requireNonNull(committedAt, "committedAt is null");
      requireNonNull(subject, "subject is null");
      requireNonNull(author, "author is null");
    }
  }

  /**
   * One page of changes, newest first.
   *
   * @param page the page number, from 1
   * @param perPage changes a page
   * @param total changes matching the filter
   * @param changes this page's changes
   */
  record ChangePage(int page, int perPage, long total, List<ChangeRow> changes) {
    ChangePage {
      changes = List.copyOf(changes);
    }
  }

  /**
   * One changed file of a change.
   *
   * @param path the file's path
   * @param addedLines added lines
   * @param deletedLines deleted lines
   * @param aiStrong AI lines with line-level evidence
   * @param aiMedium AI lines with change-level evidence
   * @param aiWeak AI lines with weak evidence
   * @param exclusion why the file is not counted; empty when it is
   */
  record FileRow(
      String path,
      long addedLines,
      long deletedLines,
      long aiStrong,
      long aiMedium,
      long aiWeak,
      Optional<String> exclusion) {
    FileRow {
      requireNonNull(path, "path is null");
      requireNonNull(exclusion, "exclusion is null");
    }
  }

  /**
   * AI lines credited to an agent in one file of a change, and the evidence for it.
   *
   * @param path the file
   * @param agent the agent
   * @param model the model, when known
   * @param confidence STRONG, MEDIUM or WEAK
   * @param detector the detector that found the evidence
   * @param detail what it found
   * @param lines the lines credited
   */
  record CreditRow(
      String path,
      String agent,
      Optional<String> model,
      String confidence,
      String detector,
      String detail,
      long lines) {
    CreditRow {
      requireNonNull(path, "path is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(model, "model is null");
      requireNonNull(confidence, "confidence is null");
      requireNonNull(detector, "detector is null");
      requireNonNull(detail, "detail is null");
    }
  }

  /**
   * One change with its files and credits.
   *
   * @param change the change as lists show it
   * @param authorEmail the author's email
   * @param authorKind HUMAN, AGENT or BOT as the scan classified the author
   * @param merge whether the change is a merge commit
   * @param sideCommits commits merged in with it
   * @param files its files, by path
   * @param credits its AI credits, by path, agent and detector
   */
  record ChangeDetail(
      ChangeRow change,
      String authorEmail,
      String authorKind,
      boolean merge,
      int sideCommits,
      List<FileRow> files,
      List<CreditRow> credits) {
    ChangeDetail {
      requireNonNull(change, "change is null");
      requireNonNull(authorEmail, "authorEmail is null");
      requireNonNull(authorKind, "authorKind is null");
      files = List.copyOf(files);
      credits = List.copyOf(credits);
    }
  }

  private static final String COUNTED = " WHERE NOT c.is_bot AND NOT c.ignored_revision";

  /** The page's changes first (cheap, no files), then their files' lines: {@code %s} filters. */
  private static final String PAGE =
      "WITH page AS (SELECT c.repo_id, r.name, c.sha, c.committed_at, c.subject, c.author_name"
          + " FROM git_changes c JOIN git_repos r ON r.repo_id = c.repo_id%s"
          + " ORDER BY c.committed_at DESC, r.name, c.sha LIMIT ? OFFSET ?)"
          + " SELECT p.name, p.sha, p.committed_at, p.subject, p.author_name,"
          + " coalesce(sum(f.added) FILTER (WHERE f.exclusion IS NULL), 0),"
          + " coalesce(sum(f.deleted) FILTER (WHERE f.exclusion IS NULL), 0),"
          + " coalesce(sum(f.ai_strong + f.ai_medium) FILTER (WHERE f.exclusion IS NULL), 0)"
          + " FROM page p LEFT JOIN git_change_files f ON f.repo_id = p.repo_id AND f.sha = p.sha"
          + " GROUP BY p.name, p.sha, p.committed_at, p.subject, p.author_name"
          + " ORDER BY p.committed_at DESC, p.name, p.sha";

  /** The {@code page}-th page of changes of {@code repo} (all when empty) in {@code month}. */
  static ChangePage list(
      Store store, Optional<String> repo, Optional<YearMonth> month, int page, int perPage) {
    requireNonNull(repo, "repo is null");
    requireNonNull(month, "month is null");
    return store.read(connection -> {
      String filter =
          COUNTED
              + (repo.isPresent() ? " AND r.name = ?" : "")
              + (month.isPresent() ? " AND c.committed_at >= ? AND c.committed_at < ?" : "");
      long total;
      try (PreparedStatement count =
          connection.prepareStatement(
              "SELECT count(*) FROM git_changes c JOIN git_repos r ON r.repo_id = c.repo_id"
                  + filter)) {
        bind(count, repo, month);
        try (ResultSet rows = count.executeQuery()) {
          rows.next();
          total = rows.getLong(1);
        }
      }
      List<ChangeRow> changes = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(PAGE.formatted(filter))) {
        int next = bind(select, repo, month);
        select.setInt(next, perPage);
        select.setLong(next + 1, (long) (page - 1) * perPage);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            changes.add(row(rows));
          }
        }
      }
      return new ChangePage(page, perPage, total, changes);
    });
  }

  /** The repositories holding a change {@code sha} ({@code repo} only, when given), by name. */
  static List<ChangeDetail> find(Store store, String sha, Optional<String> repo) {
    requireNonNull(sha, "sha is null");
    requireNonNull(repo, "repo is null");
    return store.read(connection -> {
      List<ChangeDetail> found = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT r.repo_id, r.name, c.committed_at, c.subject, c.author_name, c.author_email,"
                  + " c.author_kind, c.is_merge, c.side_commits"
                  + " FROM git_changes c JOIN git_repos r ON r.repo_id = c.repo_id"
                  + " WHERE c.sha = ?"
                  + (repo.isPresent() ? " AND r.name = ?" : "")
                  + " ORDER BY r.name")) {
        select.setString(1, sha);
        if (repo.isPresent()) {
          select.setString(2, repo.get());
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.add(detail(connection, rows, sha));
          }
        }
      }
      return found;
    });
  }

  private static ChangeDetail detail(Connection connection, ResultSet change, String sha)
      throws SQLException {
    int repoId = change.getInt(1);
    List<FileRow> files = new ArrayList<>();
    long added = 0;
    long deleted = 0;
    long ai = 0;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT path, added, deleted, ai_strong, ai_medium, ai_weak, exclusion"
                + " FROM git_change_files WHERE repo_id = ? AND sha = ? ORDER BY path")) {
      select.setInt(1, repoId);
      select.setString(2, sha);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          FileRow file =
              new FileRow(
                  rows.getString(1),
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5),
                  rows.getLong(6),
                  Optional.ofNullable(rows.getString(7)));
          files.add(file);
          if (file.exclusion().isEmpty()) {
            added += file.addedLines();
            deleted += file.deletedLines();
            ai += file.aiStrong() + file.aiMedium();
          }
        }
      }
    }
    List<CreditRow> credits = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT path, agent, model, confidence, detector, detail, sum(lines)"
                + " FROM git_change_credits WHERE repo_id = ? AND sha = ?"
                + " GROUP BY path, agent, model, confidence, detector, detail"
                + " ORDER BY path, agent, detector, confidence, detail")) {
      select.setInt(1, repoId);
      select.setString(2, sha);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          credits.add(
              new CreditRow(
                  rows.getString(1),
                  rows.getString(2),
                  Optional.ofNullable(rows.getString(3)),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getLong(7)));
        }
      }
    }
    ChangeRow row =
        new ChangeRow(
            change.getString(2),
            sha,
            Instant.ofEpochSecond(change.getLong(3)),
            change.getString(4),
            change.getString(5),
            added,
            deleted,
            ai);
    return new ChangeDetail(
        row,
        change.getString(6),
        change.getString(7),
        change.getBoolean(8),
        change.getInt(9),
        files,
        credits);
  }

  private static int bind(
      PreparedStatement statement, Optional<String> repo, Optional<YearMonth> month)
      throws SQLException {
    int next = 1;
    if (repo.isPresent()) {
      statement.setString(next++, repo.get());
    }
    if (month.isPresent()) {
      statement.setLong(next++, month.get().atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
      statement.setLong(
          next++, month.get().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }
    return next;
  }

  private static ChangeRow row(ResultSet rows) throws SQLException {
    return new ChangeRow(
        rows.getString(1),
        rows.getString(2),
        Instant.ofEpochSecond(rows.getLong(3)),
        rows.getString(4),
        rows.getString(5),
        rows.getLong(6),
        rows.getLong(7),
        rows.getLong(8));
  }
}
