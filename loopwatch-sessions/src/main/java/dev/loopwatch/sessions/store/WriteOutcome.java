package dev.loopwatch.sessions.store;

/**
 * What one {@link SessionsWriter#write} stored.
 *
 * @param sessions main sessions written
 * @param subagents subagent sessions written
 * @param replaced sessions that earlier scans had stored and this one replaced
 * @param interventions intervention rows written (both tiers)
 * @param tasks task rows written
 * @param malformedLines lines the readers skipped as malformed
 */
public record WriteOutcome(
    int sessions, int subagents, int replaced, int interventions, int tasks, long malformedLines) {}
