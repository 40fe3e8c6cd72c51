package dev.loopwatch.app.sessions;

import dev.loopwatch.sessions.SessionsSummary;
import dev.loopwatch.sessions.Usage;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The plain-text rendering of a {@link SessionsSummary}. */
final class SessionsText {

  private SessionsText() {}

  /** Prints {@code summary} read from {@code sources} to {@code out}. */
  static void print(
      SessionsSummary summary, List<SessionsCommand.Source> sources, PrintWriter out) {
    out.println(
        "Read: "
            + (sources.isEmpty()
                ? "no transcript folders found"
                : sources.stream()
                    .map(source -> source.folder() + " (" + source.agent() + ")")
                    .collect(Collectors.joining(", "))));
    out.printf(
        Locale.ROOT,
        "Sessions: %d main, %d subagent; %d human turns; %s hours of agent work%n",
        summary.sessions(),
        summary.subagentSessions(),
        summary.humanTurns(),
        number(summary.agentHours()));
    tier(out, "tier 1 (exact markers)", "tier1", summary);
    tier(out, "tier 2 (heuristics)", "tier2", summary);
    out.printf(
        Locale.ROOT,
        "Autonomy: %d tool calls, %s per human turn, longest run %d%n",
        summary.autonomy().toolCalls(),
        number(summary.autonomy().toolCallsPerHumanTurn()),
        summary.autonomy().longestToolRun());
    out.printf(
        Locale.ROOT,
        "Delegation: %d subagents, max depth %d, %d subagent tool calls%n",
        summary.delegation().subagents(),
        summary.delegation().maxDepth(),
        summary.delegation().subagentToolCalls());
    out.println("Tasks: " + counts(summary.tasks().all()));
    out.println("Open-ended tasks: " + counts(summary.tasks().openEnded()));
    out.println("Tokens per day (UTC):");
    TextTable tokens =
        new TextTable(1, "day", "input", "output", "cache-write", "cache-read", "total");
    for (Map.Entry<LocalDate, Usage> day : summary.tokensPerDay().entrySet()) {
      tokens.row(usage(day.getKey().toString(), day.getValue()));
    }
    tokens.row(usage("total", summary.tokens())).print(out);
    out.println(
        "Malformed lines: "
            + summary.malformedLines()
            + summary.firstMalformed().map(first -> " (first: " + first + ")").orElse(""));
    out.println("Per session:");
    TextTable sessions =
        new TextTable(
            3,
            "agent",
            "id",
            "start",
            "human-turns",
            "tool-calls",
            "longest-run",
            "tier1",
            "tier2",
            "tasks",
            "verified");
    for (SessionsSummary.SessionRow row : summary.perSession()) {
      sessions.row(
          row.agent(),
          row.id(),
          row.start().map(Object::toString).orElse("-"),
          String.valueOf(row.humanTurns()),
          String.valueOf(row.toolCalls()),
          String.valueOf(row.longestToolRun()),
          String.valueOf(row.tier1()),
          String.valueOf(row.tier2()),
          String.valueOf(row.tasks()),
          String.valueOf(row.verifiedTasks()));
    }
    sessions.print(out);
    out.flush();
  }

  private static void tier(PrintWriter out, String label, String key, SessionsSummary summary) {
    out.println(
        "Interventions "
            + label
            + ": "
            + counts(summary.interventions().get(key))
            + "; per session "
            + number(summary.interventionsPerSession().get(key))
            + ", per agent hour "
            + number(summary.interventionsPerAgentHour().get(key)));
  }

  private static String counts(Map<String, Integer> counts) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    return total
        + " ("
        + counts.entrySet().stream()
            .map(entry -> entry.getKey() + " " + entry.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String[] usage(String label, Usage usage) {
    return new String[] {
      label,
      String.valueOf(usage.input()),
      String.valueOf(usage.output()),
      String.valueOf(usage.cacheCreation()),
      String.valueOf(usage.cacheRead()),
      String.valueOf(usage.total())
    };
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
