package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Autonomy and delegation numbers of one session.
 *
 * @param humanTurns turns started by a human prompt
 * @param toolCalls tool calls made by the session itself
 * @param toolCallsPerHumanTurn tool calls divided by human turns (tool calls when there is none)
 * @param longestToolRun the most tool calls in a row with no human input in between (a prompt,
 *     queued prompt, interruption or human rejection ends a run)
 * @param interventions interventions by kind, every kind present, in enum order
 * @param subagents subagent sessions below this one, at any depth
 * @param maxSubagentDepth the greatest depth below this one (0 without subagents, 1 with children
 *     only)
 * @param tokens this session's own tokens
 * @param tokensWithSubagents this session's tokens plus all its subagents'
 */
public record SessionStats(
    int humanTurns,
    int toolCalls,
    double toolCallsPerHumanTurn,
    int longestToolRun,
    Map<InterventionKind, Integer> interventions,
    int subagents,
    int maxSubagentDepth,
    Usage tokens,
    Usage tokensWithSubagents) {

  /** Checks for nulls and copies the map, keeping enum order. */
  public SessionStats {
    interventions = Collections.unmodifiableMap(new EnumMap<>(interventions));
    requireNonNull(tokens, "tokens is null");
    requireNonNull(tokensWithSubagents, "tokensWithSubagents is null");
  }

  /**
   * Computes the numbers of {@code session}, looking for its subagents among {@code all} (the
   * sessions of the same read).
   */
  public static SessionStats of(Session session, List<Session> all) {
    int humanTurns = 0;
    int toolCalls = 0;
    int run = 0;
    int longest = 0;
    for (Turn turn : session.turns()) {
      if (turn.human()) {
        humanTurns++;
      }
      for (Event event : turn.events()) {
        switch (event) {
          case Event.ToolCall call -> {
            toolCalls++;
            run++;
            longest = Math.max(longest, run);
          }
          case Event.HumanPrompt p -> run = 0;
          case Event.QueuedPrompt p -> run = 0;
          case Event.Interruption i -> run = 0;
          case Event.ToolResult result
              when result.status() == ResultStatus.REJECTED_BY_HUMAN
                  || result.status() == ResultStatus.PLAN_REJECTED_BY_HUMAN ->
              run = 0;
          default -> {}
        }
      }
    }
    EnumMap<InterventionKind, Integer> byKind = new EnumMap<>(InterventionKind.class);
    for (InterventionKind kind : InterventionKind.values()) {
      byKind.put(kind, 0);
    }
    for (Intervention intervention : session.interventions()) {
      byKind.merge(intervention.kind(), 1, Integer::sum);
    }
    int subagents = 0;
    int maxDepth = 0;
    Usage withSubagents = session.usage();
    for (Session other : all) {
      int below = depthBelow(session, other, all);
      if (below > 0) {
        subagents++;
        maxDepth = Math.max(maxDepth, below);
        withSubagents = withSubagents.plus(other.usage());
      }
    }
    double perTurn = humanTurns == 0 ? toolCalls : (double) toolCalls / humanTurns;
    return new SessionStats(
        humanTurns,
        toolCalls,
        perTurn,
        longest,
        byKind,
        subagents,
        maxDepth,
        session.usage(),
        withSubagents);
  }

  /** Returns how many levels {@code other} is below {@code ancestor}, or 0 when it is not. */
  private static int depthBelow(Session ancestor, Session other, List<Session> all) {
    Session current = other;
    for (int levels = 1; levels <= all.size(); levels++) {
      if (current.parentId().isEmpty()) {
        return 0;
      }
      String parent = current.parentId().get();
      if (parent.equals(ancestor.id()) && current.agent().equals(ancestor.agent())) {
        return levels;
      }
      Session next = null;
      for (Session candidate : all) {
        if (candidate.id().equals(parent) && candidate.agent().equals(current.agent())) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        return 0;
      }
      current = next;
    }
    return 0;
  }
}
