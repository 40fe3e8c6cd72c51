package dev.loopwatch.sessions.store;

import dev.loopwatch.core.store.SchemaPart;
import java.util.List;

/**
 * The tables the sessions capability owns in the store. Times are epoch seconds (UTC), durations
 * seconds. Every row is keyed by {@code agent} and {@code session_id}; migrations are only ever
 * appended.
 *
 * <ul>
 *   <li>{@code sessions_sources}: each scanned transcript folder and agent, when it was last
 *       scanned.
 *   <li>{@code sessions}: one row per session or subagent, with the per-session numbers the report
 *       needs: human turns, tool calls, the longest tool-call run, the longest autonomous stretch,
 *       agent work and human wait time, delegated time.
 *   <li>{@code sessions_interventions}: interventions by tier (1 exact markers, 2 heuristics).
 *   <li>{@code sessions_tasks}: the tasks of main sessions with their outcome.
 *   <li>{@code sessions_usage}: tokens and cost per session, UTC day and model.
 * </ul>
 */
public final class SessionsSchema {
  private SessionsSchema() {}

  private static final String V1 =
      """
      CREATE TABLE sessions_sources (
        source VARCHAR NOT NULL,
        agent VARCHAR NOT NULL,
        scanned_at BIGINT NOT NULL,
        sessions INTEGER NOT NULL,
        malformed_lines INTEGER NOT NULL,
        PRIMARY KEY (source, agent)
      );
      CREATE TABLE sessions (
        agent VARCHAR NOT NULL,
        session_id VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        cli_version VARCHAR,
        model VARCHAR,
        models VARCHAR NOT NULL,
        cwd VARCHAR,
        git_branch VARCHAR,
        started_at BIGINT,
        ended_at BIGINT,
        parent_id VARCHAR,
        root_id VARCHAR NOT NULL,
        depth INTEGER NOT NULL,
        human_turns INTEGER NOT NULL,
        tool_calls INTEGER NOT NULL,
        longest_tool_run INTEGER NOT NULL,
        longest_autonomous_seconds DOUBLE NOT NULL,
        agent_work_seconds DOUBLE NOT NULL,
        human_wait_seconds DOUBLE NOT NULL,
        longest_delegated_seconds DOUBLE NOT NULL,
        PRIMARY KEY (agent, session_id)
      );
      CREATE TABLE sessions_interventions (
        agent VARCHAR NOT NULL,
        session_id VARCHAR NOT NULL,
        turn_index INTEGER NOT NULL,
        occurred_at BIGINT NOT NULL,
        kind VARCHAR NOT NULL,
        tier INTEGER NOT NULL,
        human BOOLEAN NOT NULL,
        detail VARCHAR NOT NULL
      );
      CREATE TABLE sessions_tasks (
        agent VARCHAR NOT NULL,
        session_id VARCHAR NOT NULL,
        task_index INTEGER NOT NULL,
        started_at BIGINT NOT NULL,
        ended_at BIGINT NOT NULL,
        outcome VARCHAR NOT NULL,
        open_ended BOOLEAN NOT NULL,
        open_ended_reason VARCHAR,
        evidence VARCHAR NOT NULL
      );
      CREATE TABLE sessions_usage (
        agent VARCHAR NOT NULL,
        session_id VARCHAR NOT NULL,
        day DATE NOT NULL,
        model VARCHAR NOT NULL,
        input BIGINT NOT NULL,
        output BIGINT NOT NULL,
        cache_creation BIGINT NOT NULL,
        cache_read BIGINT NOT NULL,
        cost_usd DOUBLE
      );
      """;

  /** The sessions part of the store schema. */
  public static final SchemaPart PART = new SchemaPart("sessions", List.of(V1));
}
