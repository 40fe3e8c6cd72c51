package dev.loopwatch.git.store;

import dev.loopwatch.core.store.SchemaPart;
import java.util.List;

/**
 * The tables the git capability owns in the store. Times are epoch seconds (UTC). Migrations are
 * only ever appended.
 *
 * <ul>
 *   <li>{@code git_repos}: one row per scanned repository and branch, with the tip scanned up to.
 *   <li>{@code git_changes}: one row per merged change (first-parent commit).
 *   <li>{@code git_change_files}: per change and file, line counts, the exclusion reason and AI
 *       lines by confidence.
 *   <li>{@code git_change_credits}: which evidence counted each change's AI lines.
 *   <li>{@code git_commit_evidence}, {@code git_line_evidence}: the evidence found on every commit,
 *       on or off the chain.
 *   <li>{@code git_warnings}: input the scan skipped or doubted.
 *   <li>{@code git_live_files}, {@code git_live_agents}: lines alive at the tip and their AI
 *       evidence, from blame.
 *   <li>{@code git_codeowners}: the CODEOWNERS rules at the tip, for grouping lines by team
 *       (version 2).
 *   <li>Version 3 adds {@code source}, the rule that matched (e.g. {@code Co-authored-by review bot
 *       github-id 176961590}), to {@code git_change_credits} and {@code git_commit_evidence}; rows
 *       written before it have an empty source.
 * </ul>
 */
public final class GitSchema {
  private GitSchema() {}

  private static final String V1 =
      """
      CREATE SEQUENCE git_repo_ids START 1;
      CREATE TABLE git_repos (
        repo_id INTEGER PRIMARY KEY DEFAULT nextval('git_repo_ids'),
        root VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        branch VARCHAR NOT NULL,
        tip VARCHAR NOT NULL,
        shallow BOOLEAN NOT NULL,
        scanned_at BIGINT NOT NULL,
        UNIQUE (root, branch)
      );
      CREATE TABLE git_changes (
        repo_id INTEGER NOT NULL,
        sha VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        is_merge BOOLEAN NOT NULL,
        subject VARCHAR NOT NULL,
        authored_at BIGINT NOT NULL,
        committed_at BIGINT NOT NULL,
        author_name VARCHAR NOT NULL,
        author_email VARCHAR NOT NULL,
        author_kind VARCHAR NOT NULL,
        author_agent VARCHAR,
        engineer_name VARCHAR,
        engineer_email VARCHAR,
        side_commits INTEGER NOT NULL,
        is_bot BOOLEAN NOT NULL,
        ignored_revision BOOLEAN NOT NULL
      );
      CREATE TABLE git_change_files (
        repo_id INTEGER NOT NULL,
        sha VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        old_path VARCHAR,
        added INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        is_binary BOOLEAN NOT NULL,
        exclusion VARCHAR,
        ai_strong INTEGER NOT NULL,
        ai_medium INTEGER NOT NULL,
        ai_weak INTEGER NOT NULL
      );
      CREATE TABLE git_change_credits (
        repo_id INTEGER NOT NULL,
        sha VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        source_sha VARCHAR NOT NULL,
        detector VARCHAR NOT NULL,
        confidence VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        model VARCHAR,
        detail VARCHAR NOT NULL,
        lines INTEGER NOT NULL
      );
      CREATE TABLE git_commit_evidence (
        repo_id INTEGER NOT NULL,
        sha VARCHAR NOT NULL,
        owner_sha VARCHAR NOT NULL,
        detector VARCHAR NOT NULL,
        confidence VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        model VARCHAR,
        detail VARCHAR NOT NULL
      );
      CREATE TABLE git_line_evidence (
        repo_id INTEGER NOT NULL,
        sha VARCHAR NOT NULL,
        owner_sha VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        ranges VARCHAR NOT NULL,
        detector VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        model VARCHAR
      );
      CREATE TABLE git_warnings (
        repo_id INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        subject VARCHAR NOT NULL,
        message VARCHAR NOT NULL
      );
      CREATE TABLE git_live_files (
        repo_id INTEGER NOT NULL,
        revision VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        lines BIGINT NOT NULL,
        strong BIGINT NOT NULL,
        medium BIGINT NOT NULL,
        weak BIGINT NOT NULL
      );
      CREATE TABLE git_live_agents (
        repo_id INTEGER NOT NULL,
        revision VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        lines BIGINT NOT NULL
      );
      """;

  private static final String V2 =
      """
      CREATE TABLE git_codeowners (
        repo_id INTEGER NOT NULL,
        file VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        pattern VARCHAR NOT NULL,
        owner VARCHAR
      );
      """;

  private static final String V3 =
      """
      ALTER TABLE git_change_credits ADD COLUMN source VARCHAR DEFAULT '';
      ALTER TABLE git_commit_evidence ADD COLUMN source VARCHAR DEFAULT '';
      """;

  /** The git part of the store schema. */
  public static final SchemaPart PART = new SchemaPart("git", List.of(V1, V2, V3));
}
