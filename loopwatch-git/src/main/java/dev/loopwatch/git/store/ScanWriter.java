package dev.loopwatch.git.store;

import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.provenance.AiCredit;
import dev.loopwatch.git.provenance.FileChange;
import dev.loopwatch.git.provenance.MergedChange;
import dev.loopwatch.git.provenance.ScanSink;
import dev.loopwatch.git.repo.ScanWarning;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a scan's findings into the store through DuckDB appenders, inside the caller's
 * transaction. Closing flushes; the caller's rollback discards everything written.
 */
public final class ScanWriter implements ScanSink, AutoCloseable {
  private final int repoId;
  private final DuckDBAppender changes;
  private final DuckDBAppender files;
  private final DuckDBAppender credits;
  private final DuckDBAppender commitEvidence;
  private final DuckDBAppender lineEvidence;
  private final DuckDBAppender warnings;
  private long warningCount;

  /** Opens appenders on {@code connection} for the repository {@code repoId}. */
  public ScanWriter(Connection connection, int repoId) throws SQLException {
    this.repoId = repoId;
    DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
    this.changes = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_changes");
    this.files = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_change_files");
    this.credits = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_change_credits");
    this.commitEvidence =
        duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_commit_evidence");
    this.lineEvidence = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_line_evidence");
    this.warnings = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "git_warnings");
  }

  @Override
  public void change(MergedChange change) {
    try {
      changes.beginRow();
      changes.append(repoId);
      changes.append(change.sha());
      changes.append(change.sequence());
      changes.append(change.merge());
      changes.append(change.subject());
      changes.append(change.authoredAt().getEpochSecond());
      changes.append(change.committedAt().getEpochSecond());
      changes.append(change.author().name());
      changes.append(change.author().email());
      changes.append(change.author().kind().name());
      appendOptional(changes, change.author().agent());
      appendOptional(changes, change.engineer().map(e -> e.name()));
      appendOptional(changes, change.engineer().map(e -> e.email()));
      changes.append(change.sideCommits());
      changes.append(change.bot());
      changes.append(change.ignoredRevision());
      changes.endRow();
      for (FileChange file : change.files()) {
        files.beginRow();
        files.append(repoId);
        files.append(change.sha());
        files.append(file.path());
        appendOptional(files, file.oldPath());
        files.append(file.added());
        files.append(file.deleted());
        files.append(file.binary());
        if (file.binary()) {
          files.append("BINARY");
        } else {
          files.appendNull();
        }
        files.append(file.aiStrong());
        files.append(file.aiMedium());
        files.append(file.aiWeak());
        files.endRow();
      }
      for (AiCredit credit : change.credits()) {
        Evidence evidence = credit.evidence();
        credits.beginRow();
        credits.append(repoId);
        credits.append(change.sha());
        credits.append(credit.path());
        credits.append(credit.sourceSha());
        credits.append(evidence.detector());
        credits.append(evidence.confidence().name());
        credits.append(evidence.agent());
        appendOptional(credits, evidence.model());
        credits.append(evidence.detail());
        credits.append(credit.lines());
        credits.append(evidence.source());
        credits.endRow();
      }
    } catch (SQLException e) {
      throw StoreErrors.wrap("writing change " + change.sha(), e);
    }
  }

  @Override
  public void commitEvidence(String sha, String owner, List<Evidence> evidence) {
    try {
      for (Evidence e : evidence) {
        commitEvidence.beginRow();
        commitEvidence.append(repoId);
        commitEvidence.append(sha);
        commitEvidence.append(owner);
        commitEvidence.append(e.detector());
        commitEvidence.append(e.confidence().name());
        commitEvidence.append(e.agent());
        appendOptional(commitEvidence, e.model());
        commitEvidence.append(e.detail());
        commitEvidence.append(e.source());
        commitEvidence.endRow();
      }
    } catch (SQLException e) {
      throw StoreErrors.wrap("writing evidence of " + sha, e);
    }
  }

  @Override
  public void lineEvidence(String sha, String owner, List<FileLines> lines) {
    try {
      for (FileLines file : lines) {
        lineEvidence.beginRow();
        lineEvidence.append(repoId);
        lineEvidence.append(sha);
        lineEvidence.append(owner);
        lineEvidence.append(file.path());
        lineEvidence.append(file.lines().toString());
        lineEvidence.append(file.evidence().detector());
        lineEvidence.append(file.evidence().agent());
        appendOptional(lineEvidence, file.evidence().model());
        lineEvidence.endRow();
      }
    } catch (SQLException e) {
      throw StoreErrors.wrap("writing line evidence of " + sha, e);
    }
  }

  @Override
  public void warning(ScanWarning warning) {
    try {
      warnings.beginRow();
      warnings.append(repoId);
      warnings.append(warning.kind());
      warnings.append(warning.subject());
      warnings.append(warning.message());
      warnings.endRow();
      warningCount++;
    } catch (SQLException e) {
      throw StoreErrors.wrap("writing a warning", e);
    }
  }

  /** Warnings written so far. */
  public long warningCount() {
    return warningCount;
  }

  private static void appendOptional(DuckDBAppender appender, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      appender.append(value.get());
    } else {
      appender.appendNull();
    }
  }

  /** Flushes and closes every appender. */
  @Override
  public void close() {
    try {
      for (DuckDBAppender appender :
          List.of(changes, files, credits, commitEvidence, lineEvidence, warnings)) {
        appender.close();
      }
    } catch (SQLException e) {
      throw StoreErrors.wrap("flushing scan rows", e);
    }
  }
}
