package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The session numbers of a set of transcripts: interventions per tier (never blended), autonomy,
 * delegation, task success and tokens per day.
 *
 * <p>Agent work time is the wall-clock time of the human turns of main sessions (first to last
 * event of each turn); interventions per session divide by main sessions. Sessions without
 * per-event times (an empty {@link Session#end()}, as for Aider) add no work time and none of their
 * interventions enter the per-hour rates. Interventions count every session, subagents included;
 * only human interventions (not policy denials) enter the rates. Days are UTC dates of each
 * assistant message.
 *
 * @param sessions main sessions
 * @param subagentSessions subagent (sidechain) sessions
 * @param humanTurns turns started by a human prompt
 * @param agentHours agent work time in hours
 * @param interventions per tier ({@code tier1}, {@code tier2}) the count of each kind
 * @param interventionsPerSession per tier, human interventions per main session
 * @param interventionsPerAgentHour per tier, human interventions per hour of agent work
 * @param autonomy tool-call numbers
 * @param delegation subagent numbers
 * @param tasks task outcomes on all tasks and on open-ended tasks
 * @param tokens all tokens
 * @param tokensPerDay tokens per UTC day, in date order
 * @param malformedLines lines skipped as malformed
 * @param firstMalformed the first malformed line as {@code file:line: reason}, when there is one
 * @param perSession one row per main session, in read order
 */
public record SessionsSummary(
    int sessions,
    int subagentSessions,
    int humanTurns,
    double agentHours,
    Map<String, Map<String, Integer>> interventions,
    Map<String, Double> interventionsPerSession,
    Map<String, Double> interventionsPerAgentHour,
    Autonomy autonomy,
    Delegation delegation,
    TaskSuccess tasks,
    Usage tokens,
    Map<LocalDate, Usage> tokensPerDay,
    int malformedLines,
    Optional<String> firstMalformed,
    List<SessionRow> perSession) {

  /** Checks for nulls and copies the collections, keeping their order. */
  public SessionsSummary {
    interventions = Collections.unmodifiableMap(new LinkedHashMap<>(interventions));
    interventionsPerSession =
        Collections.unmodifiableMap(new LinkedHashMap<>(interventionsPerSession));
    interventionsPerAgentHour =
        Collections.unmodifiableMap(new LinkedHashMap<>(interventionsPerAgentHour));
    requireNonNull(autonomy, "autonomy is null");
    requireNonNull(delegation, "delegation is null");
    requireNonNull(tasks, "tasks is null");
    requireNonNull(tokens, "tokens is null");
    tokensPerDay = Collections.unmodifiableMap(new TreeMap<>(tokensPerDay));
    requireNonNull(firstMalformed, "firstMalformed is null");
    perSession = List.copyOf(perSession);
  }

  /**
   * Tool-call autonomy.
   *
   * @param toolCalls tool calls of main sessions
   * @param toolCallsPerHumanTurn tool calls per human turn
   * @param longestToolRun the longest run of tool calls with no human input, over main sessions
   */
  public record Autonomy(int toolCalls, double toolCallsPerHumanTurn, int longestToolRun) {}

  /**
   * Delegation to subagents.
   *
   * @param subagents subagent sessions
   * @param maxDepth the deepest nesting (1 = a subagent of a main session)
   * @param subagentToolCalls tool calls made by subagents
   */
  public record Delegation(int subagents, int maxDepth, int subagentToolCalls) {}

  /**
   * Task outcomes.
   *
   * @param all the count of each outcome over all tasks, every outcome present
   * @param openEnded the count of each outcome over open-ended tasks, every outcome present
   */
  public record TaskSuccess(Map<String, Integer> all, Map<String, Integer> openEnded) {
    /** Copies the maps, keeping their order. */
    public TaskSuccess {
      all = Collections.unmodifiableMap(new LinkedHashMap<>(all));
      openEnded = Collections.unmodifiableMap(new LinkedHashMap<>(openEnded));
    }
  }

  /**
   * One main session's numbers.
   *
   * @param agent the agent id
   * @param id the session id
   * @param start when it started, when known
   * @param humanTurns human turns
   * @param toolCalls tool calls
   * @param longestToolRun the longest tool-call run
   * @param tier1 tier-1 human interventions
   * @param tier2 tier-2 interventions
   * @param tasks tasks
   * @param verifiedTasks tasks with verified success
   */
  public record SessionRow(
      String agent,
      String id,
      Optional<Instant> start,
      int humanTurns,
      int toolCalls,
      int longestToolRun,
      int tier1,
      int tier2,
      int tasks,
      int verifiedTasks) {
    /** Checks for nulls. */
    public SessionRow {
      requireNonNull(agent, "agent is null");
      requireNonNull(id, "id is null");
      requireNonNull(start, "start is null");
    }
  }

  /** Computes the summary of {@code sessions}, with {@code malformed} the lines skipped. */
  public static SessionsSummary of(List<Session> sessions, List<Malformed> malformed) {
    Accumulator accumulator = accumulator();
    sessions.forEach(accumulator::add);
    return accumulator.finish(malformed);
  }

  /** Returns an empty accumulator, to summarise sessions one at a time. */
  public static Accumulator accumulator() {
    return new Accumulator();
  }

  /**
   * Sums sessions one at a time into a {@link SessionsSummary}: {@link #add} keeps only counters
   * and one small row per main session, so a corpus can be summarised while it is read. Adding the
   * sessions of a list in order gives the same summary as {@link SessionsSummary#of}.
   */
  public static final class Accumulator {
    private int mains;
    private int subagents;
    private int humanTurns;
    private int toolCalls;
    private int longest;
    private int maxDepth;
    private int subagentToolCalls;
    private Duration work = Duration.ZERO;
    private final Map<String, Integer> tier1 = zeros(InterventionKind.values());
    private final Map<String, Integer> tier2 =
        zeros(new InterventionKind[] {InterventionKind.CORRECT, InterventionKind.TAKE_OVER});
    private final Map<String, Integer> allTasks = zeros(TaskOutcome.values());
    private final Map<String, Integer> openTasks = zeros(TaskOutcome.values());
    private int humanTier1;
    private int humanTier2;
    private int timedTier1;
    private int timedTier2;
    private Usage tokens = Usage.ZERO;
    private final Map<LocalDate, Usage> perDay = new TreeMap<>();
    private final List<SessionRow> rows = new ArrayList<>();

    private Accumulator() {}

    /** Adds one session (a main session or a subagent). */
    public void add(Session session) {
      requireNonNull(session, "session is null");
      for (Event event : session.events()) {
        if (event instanceof Event.TokenUsage usage) {
          tokens = tokens.plus(usage.usage());
          perDay.merge(LocalDate.ofInstant(usage.at(), ZoneOffset.UTC), usage.usage(), Usage::plus);
        }
      }
      int sessionTier1 = 0;
      for (Intervention intervention : session.interventions()) {
        tier1.merge(intervention.kind().id(), 1, Integer::sum);
        if (intervention.kind().human()) {
          sessionTier1++;
        }
      }
      List<Intervention> heuristics = Interventions.tier2(session.id(), session.turns());
      for (Intervention intervention : heuristics) {
        tier2.merge(intervention.kind().id(), 1, Integer::sum);
      }
      humanTier1 += sessionTier1;
      humanTier2 += heuristics.size();
      if (session.end().isPresent()) {
        timedTier1 += sessionTier1;
        timedTier2 += heuristics.size();
      }
      SessionStats stats = SessionStats.of(session, List.of(session));
      if (session.subagent()) {
        subagents++;
        maxDepth = Math.max(maxDepth, session.depth());
        subagentToolCalls += stats.toolCalls();
        return;
      }
      mains++;
      humanTurns += stats.humanTurns();
      toolCalls += stats.toolCalls();
      longest = Math.max(longest, stats.longestToolRun());
      for (Turn turn : session.turns()) {
        if (turn.human() && session.end().isPresent()) {
          work = work.plus(Duration.between(turn.start(), turn.end()));
        }
      }
      List<Task> tasks = Tasks.of(session);
      int verified = 0;
      for (Task task : tasks) {
        allTasks.merge(task.outcome().id(), 1, Integer::sum);
        if (task.isOpenEnded()) {
          openTasks.merge(task.outcome().id(), 1, Integer::sum);
        }
        if (task.outcome() == TaskOutcome.VERIFIED_SUCCESS) {
          verified++;
        }
      }
      rows.add(
          new SessionRow(
              session.agent(),
              session.id(),
              session.start(),
              stats.humanTurns(),
              stats.toolCalls(),
              stats.longestToolRun(),
              sessionTier1,
              heuristics.size(),
              tasks.size(),
              verified));
    }

    /**
     * Returns the summary of the sessions added so far, with {@code malformed} the lines skipped.
     */
    public SessionsSummary finish(List<Malformed> malformed) {
      requireNonNull(malformed, "malformed is null");
      Map<String, Map<String, Integer>> interventions = new LinkedHashMap<>();
      interventions.put("tier1", Collections.unmodifiableMap(new LinkedHashMap<>(tier1)));
      interventions.put("tier2", Collections.unmodifiableMap(new LinkedHashMap<>(tier2)));
      double hours = work.toMillis() / 3_600_000.0;
      Map<String, Double> perSession = new LinkedHashMap<>();
      perSession.put("tier1", ratio(humanTier1, mains));
      perSession.put("tier2", ratio(humanTier2, mains));
      Map<String, Double> perHour = new LinkedHashMap<>();
      perHour.put("tier1", ratio(timedTier1, hours));
      perHour.put("tier2", ratio(timedTier2, hours));
      return new SessionsSummary(
          mains,
          subagents,
          humanTurns,
          round(hours),
          interventions,
          perSession,
          perHour,
          new Autonomy(toolCalls, ratio(toolCalls, humanTurns), longest),
          new Delegation(subagents, maxDepth, subagentToolCalls),
          new TaskSuccess(allTasks, openTasks),
          tokens,
          perDay,
          malformed.size(),
          malformed.stream().findFirst().map(Malformed::toString),
          rows);
    }
  }

  private static Map<String, Integer> zeros(Enum<?>[] values) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Enum<?> value : values) {
      counts.put(
          switch (value) {
            case InterventionKind kind -> kind.id();
            case TaskOutcome outcome -> outcome.id();
            default -> value.name();
          },
          0);
    }
    return counts;
  }

  private static double ratio(double count, double over) {
    return over == 0 ? 0 : round(count / over);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
