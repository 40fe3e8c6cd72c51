package dev.loopwatch.sessions.store;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionStats;
import dev.loopwatch.sessions.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-session numbers the store keeps.
 *
 * <p>The longest autonomous stretch is the longest wall-clock time from a human input (a prompt, a
 * delegated task, a queued prompt, an interruption or a human rejection) to the agent's last event
 * before the next human input. Agent work time is the time from the first to the last event of each
 * turn started by a prompt (human or delegated). Human wait time is the time the agent sat waiting
 * for the human: from the end of a turn to the next human prompt. The longest delegated stretch is
 * the longest turn started by a delegated prompt (subagents only). The primary model is the one
 * that wrote the most output tokens (ties: the first by id), else the first model seen.
 */
record SessionNumbers(
    int humanTurns,
    int toolCalls,
    int longestToolRun,
    double longestAutonomousSeconds,
    double agentWorkSeconds,
    double humanWaitSeconds,
    double longestDelegatedSeconds,
    Optional<String> primaryModel) {

  static SessionNumbers of(Session session) {
    SessionStats stats = SessionStats.of(session, java.util.List.of(session));
    Instant stretchStart = null;
    Instant lastAgent = null;
    Duration longestStretch = Duration.ZERO;
    Map<String, Long> outputByModel = new TreeMap<>();
    for (Event event : session.events()) {
      boolean human =
          switch (event) {
            case Event.HumanPrompt p -> true;
            case Event.DelegatedPrompt p -> true;
            case Event.QueuedPrompt p -> true;
            case Event.Interruption i -> true;
            case Event.ToolResult result ->
                result.status() == ResultStatus.REJECTED_BY_HUMAN
                    || result.status() == ResultStatus.PLAN_REJECTED_BY_HUMAN;
            case Event.AssistantText t -> false;
            case Event.Reasoning r -> false;
            case Event.ToolCall c -> false;
            case Event.Compaction c -> false;
            case Event.TokenUsage u -> false;
            case Event.Meta m -> false;
          };
      if (event instanceof Event.TokenUsage usage) {
        outputByModel.merge(usage.model(), usage.usage().output(), Long::sum);
      }
      if (human) {
        longestStretch = longer(longestStretch, stretchStart, lastAgent);
        stretchStart = event.at();
        lastAgent = null;
      } else if (!(event instanceof Event.Meta)) {
        lastAgent = event.at();
      }
    }
    longestStretch = longer(longestStretch, stretchStart, lastAgent);
    Duration work = Duration.ZERO;
    Duration wait = Duration.ZERO;
    Duration longestDelegated = Duration.ZERO;
    Turn previous = null;
    for (Turn turn : session.turns()) {
      Duration length = Duration.between(turn.start(), turn.end());
      if (turn.origin() != Turn.Origin.PREAMBLE) {
        work = work.plus(length);
      }
      if (turn.origin() == Turn.Origin.DELEGATED && length.compareTo(longestDelegated) > 0) {
        longestDelegated = length;
      }
      if (turn.human() && previous != null && turn.start().isAfter(previous.end())) {
        wait = wait.plus(Duration.between(previous.end(), turn.start()));
      }
      previous = turn;
    }
    Optional<String> primary = Optional.empty();
    long most = -1;
    for (Map.Entry<String, Long> model : outputByModel.entrySet()) {
      if (!model.getKey().isEmpty() && model.getValue() > most) {
        primary = Optional.of(model.getKey());
        most = model.getValue();
      }
    }
    if (primary.isEmpty() && !session.models().isEmpty()) {
      primary = Optional.of(session.models().getFirst());
    }
    return new SessionNumbers(
        stats.humanTurns(),
        stats.toolCalls(),
        stats.longestToolRun(),
        seconds(longestStretch),
        seconds(work),
        seconds(wait),
        seconds(longestDelegated),
        primary);
  }

  private static Duration longer(Duration longest, Instant start, Instant end) {
    if (start == null || end == null || !end.isAfter(start)) {
      return longest;
    }
    Duration stretch = Duration.between(start, end);
    return stretch.compareTo(longest) > 0 ? stretch : longest;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
