package dev.loopwatch.sessions.store;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The stored sessions' numbers for the report: totals, weekly series, a split by model and by CLI
 * version, and tokens and cost per day. Tier-1 (exact markers) and tier-2 (heuristic) interventions
 * are always separate numbers, never added together; only human interventions count (policy denials
 * do not). A subagent's interventions, time and delegation count towards the main session it
 * ultimately belongs to. Weeks are ISO weeks (named by their Monday) of the main session's start,
 * UTC.
 *
 * @param totals the numbers over all stored sessions
 * @param weeks one row per week with sessions, in date order
 * @param byModel one row per primary model of main sessions, sorted by model
 * @param byCliVersion one row per CLI version of main sessions, sorted by agent and version
 * @param costPerDay tokens and cost per UTC day and model, in date then model order
 */
public record SessionsReport(
    Totals totals,
    List<Week> weeks,
    List<Group> byModel,
    List<Group> byCliVersion,
    List<DayCost> costPerDay) {

  /** Checks for nulls and copies the lists. */
  public SessionsReport {
    requireNonNull(totals, "totals is null");
    weeks = List.copyOf(weeks);
    byModel = List.copyOf(byModel);
    byCliVersion = List.copyOf(byCliVersion);
    costPerDay = List.copyOf(costPerDay);
  }

  /**
   * Numbers over all stored sessions.
   *
   * @param sessions main sessions
   * @param subagents subagent sessions
   * @param humanTurns human turns of main sessions
   * @param toolCalls tool calls of main sessions
   * @param toolCallsPerHumanTurn tool calls per human turn
   * @param longestToolRun the longest tool-call run with no human input
   * @param longestAutonomousMinutes the longest wall-clock stretch with no human input, minutes
   * @param tier1 tier-1 human interventions
   * @param tier2 tier-2 interventions
   * @param policyDenials denials by a permission rule or classifier (not human, not in the rates)
   * @param tier1PerSession tier-1 human interventions per main session
   * @param tier2PerSession tier-2 interventions per main session
   * @param agentHours main sessions' agent work time, hours
   * @param delegatedShare subagents' work time over main sessions' agent work time (parallel
   *     subagents can make it exceed 1)
   * @param longestDelegatedMinutes the longest task a subagent worked on, minutes
   * @param tasks tasks of main sessions
   * @param verifiedTasks tasks with verified success
   * @param openEndedTasks open-ended (debugging) tasks
   * @param openEndedVerified open-ended tasks with verified success
   * @param tokens all tokens
   * @param pricedCostUsd the cost of the tokens of priced models, US dollars
   * @param unpricedTokens tokens of models with no price, not in {@code pricedCostUsd}
   */
  public record Totals(
      int sessions,
      int subagents,
      int humanTurns,
      int toolCalls,
      double toolCallsPerHumanTurn,
      int longestToolRun,
      double longestAutonomousMinutes,
      int tier1,
      int tier2,
      int policyDenials,
      double tier1PerSession,
      double tier2PerSession,
      double agentHours,
      double delegatedShare,
      double longestDelegatedMinutes,
      int tasks,
      int verifiedTasks,
      int openEndedTasks,
      int openEndedVerified,
      long tokens,
      double pricedCostUsd,
      long unpricedTokens) {}

  /**
   * One ISO week.
   *
   * @param week the Monday of the week
   * @param sessions main sessions that started in the week
   * @param humanTurns their human turns
   * @param tier1PerSession tier-1 human interventions per session
   * @param tier2PerSession tier-2 interventions per session
   * @param toolCallsPerHumanTurn tool calls per human turn
   * @param longestToolRun the longest tool-call run
   * @param longestAutonomousMinutes the longest stretch with no human input, minutes
   * @param subagents subagent sessions under the week's sessions
   * @param delegatedShare subagent work time over the sessions' agent work time
   * @param longestDelegatedMinutes the longest delegated task, minutes
   * @param tasks tasks
   * @param taskSuccess the share of tasks with verified success; empty without tasks
   * @param openEndedTasks open-ended tasks
   * @param openEndedSuccess the share of open-ended tasks with verified success; empty without any
   */
  public record Week(
      LocalDate week,
      int sessions,
      int humanTurns,
      double tier1PerSession,
      double tier2PerSession,
      double toolCallsPerHumanTurn,
      int longestToolRun,
      double longestAutonomousMinutes,
      int subagents,
      double delegatedShare,
      double longestDelegatedMinutes,
      int tasks,
      Optional<Double> taskSuccess,
      int openEndedTasks,
      Optional<Double> openEndedSuccess) {
    /** Checks for nulls. */
    public Week {
      requireNonNull(week, "week is null");
      requireNonNull(taskSuccess, "taskSuccess is null");
      requireNonNull(openEndedSuccess, "openEndedSuccess is null");
    }
  }

  /**
   * The main sessions of one model or CLI version.
   *
   * @param agent the agent id
   * @param key the primary model or the CLI version ({@code unknown} when not recorded)
   * @param sessions main sessions
   * @param humanTurns human turns
   * @param toolCallsPerHumanTurn tool calls per human turn
   * @param tier1PerSession tier-1 human interventions per session
   * @param tier2PerSession tier-2 interventions per session
   * @param tasks tasks
   * @param taskSuccess the share of tasks with verified success; empty without tasks
   * @param tokens tokens of the sessions and their subagents
   * @param pricedCostUsd the cost of the priced part of those tokens, US dollars
   * @param unpricedTokens tokens of models with no price
   */
  public record Group(
      String agent,
      String key,
      int sessions,
      int humanTurns,
      double toolCallsPerHumanTurn,
      double tier1PerSession,
      double tier2PerSession,
      int tasks,
      Optional<Double> taskSuccess,
      long tokens,
      double pricedCostUsd,
      long unpricedTokens) {
    /** Checks for nulls. */
    public Group {
      requireNonNull(agent, "agent is null");
      requireNonNull(key, "key is null");
      requireNonNull(taskSuccess, "taskSuccess is null");
    }
  }

  /**
   * Tokens and cost of one model on one UTC day.
   *
   * @param day the day
   * @param model the model ({@code unknown} when the transcript did not say)
   * @param input fresh input tokens
   * @param output output tokens
   * @param cacheCreation cache-write tokens
   * @param cacheRead cache-read tokens
   * @param costUsd the cost in US dollars; empty when the model has no price
   */
  public record DayCost(
      LocalDate day,
      String model,
      long input,
      long output,
      long cacheCreation,
      long cacheRead,
      Optional<Double> costUsd) {
    /** Checks for nulls. */
    public DayCost {
      requireNonNull(day, "day is null");
      requireNonNull(model, "model is null");
      requireNonNull(costUsd, "costUsd is null");
    }
  }
}
