package dev.loopwatch.app.research;

import dev.loopwatch.app.research.ResearchSummary.AgentRow;
import dev.loopwatch.app.research.ResearchSummary.Best;
import dev.loopwatch.app.research.ResearchSummary.CurvePoint;
import dev.loopwatch.app.research.ResearchSummary.Flag;
import dev.loopwatch.app.research.ResearchSummary.Scored;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalDouble;

/** The text {@code research report} prints: the headline numbers, tables, flags and caveats. */
final class ReportText {
  private ReportText() {}

  /** Prints {@code summary} to {@code out}. */
  static void print(ResearchSummary summary, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "research run %s: task %s, %s, %d agents running %s%n",
        summary.folder(),
        summary.task(),
        summary.state(),
        summary.agents().size(),
        summary.agentCommand());
    out.println(
        summary.sealed()
            ? "split: SEALED (scored once by research finalize)"
            : "split: DEV ONLY (not finalized; the agents could see and tune on these numbers)");
    String split = summary.sealed() ? "sealed" : "dev";
    if (summary.best().isPresent()) {
      Best best = summary.best().get();
      Scored r = best.result();
      out.printf(
          Locale.ROOT,
          "best %s PGR %.3f, 95%% bootstrap over %d seed(s) [%.3f, %.3f]%s; transfer accuracy %.4f"
              + " (weak %.4f, ceiling %.4f, naive %.4f)%n",
          split,
          r.pgr(),
          r.seeds(),
          best.bootstrapLow(),
          best.bootstrapHigh(),
          interval(", Student t [", r.tLow(), r.tHigh(), "]"),
          r.accuracy(),
          summary.baselines().weak(),
          summary.baselines().ceiling(),
          summary.baselines().naive());
      out.printf(
          Locale.ROOT,
          "  %s by %s%s%s, the best of %d%n",
          r.id(),
          r.agent(),
          r.title().isEmpty() ? "" : " \"" + r.title() + "\"",
          r.snapshot().isEmpty() ? "" : ", snapshot " + abbreviate(r.snapshot()),
          best.among());
    } else {
      out.println("best " + split + " PGR: none (no scored result)");
    }
    summary
        .human()
        .ifPresent(
            h -> out.printf(Locale.ROOT, "human baseline: PGR %.3f (%s)%n", h.pgr(), h.source()));
    out.printf(
        Locale.ROOT,
        "spent: %.4f agent-hours, $%.2f%s%n",
        summary.agentHours(),
        summary.costUsd(),
        summary.agentHours() > 0
            ? String.format(
                Locale.ROOT, " ($%.2f per agent-hour)", summary.costUsd() / summary.agentHours())
            : "");

    out.println();
    out.println("results (" + split + "), best so far against agent-hours and dollars:");
    out.println(
        "  result           agent    PGR  [95% t interval]   accuracy seeds flags  agent-h       $"
            + "  best so far");
    for (int i = 0; i < summary.scored().size(); i++) {
      Scored s = summary.scored().get(i);
      CurvePoint point = summary.curve().get(i);
      out.printf(
          Locale.ROOT,
          "  %-16s %-5s %7.3f  %-18s %8.4f %5d %5d %8.4f %7.2f %12.3f%n",
          s.id(),
          s.agent(),
          s.pgr(),
          interval("[", s.tLow(), s.tHigh(), "]"),
          s.accuracy(),
          s.seeds(),
          s.flags(),
          point.agentHours(),
          point.costUsd(),
          point.bestPgr());
    }
    if (summary.scored().isEmpty()) {
      out.println("  none");
    }
    summary.notScored().forEach(line -> out.println("  not scored: " + line));

    out.println();
    out.println(
        "agent status             posts results  subs flags  agent-h    cpu s    tokens   cost $"
            + "  $/agent-h  best PGR  reason");
    for (AgentRow a : summary.agents()) {
      out.printf(
          Locale.ROOT,
          "%-5s %-18s %5d %7d %5d %5d %8.4f %8.1f %9d %8.2f %10s %9s  %s%n",
          a.name(),
          a.status(),
          a.posts(),
          a.results(),
          a.submissions(),
          a.flags(),
          a.agentHours(),
          a.cpuSeconds(),
          a.tokens(),
          a.costUsd(),
          number(a.costPerAgentHour(), "%.2f"),
          number(a.bestPgr(), "%.3f"),
          a.reason());
    }

    out.println();
    if (summary.flags().isEmpty()) {
      out.println("probe flags: none");
    } else {
      out.println("probe flags (" + summary.flags().size() + "), each with its evidence:");
      for (Flag f : summary.flags()) {
        out.printf(
            Locale.ROOT,
            "  %s %-6s %-20s %-5s %s%s seed %d: %s%n",
            f.at(),
            f.split(),
            f.kind(),
            f.agent(),
            f.submission(),
            f.result().isEmpty() ? "" : " (result " + f.result() + ")",
            f.seed(),
            f.evidence());
      }
    }
    out.println();
    out.println("caveats:");
    summary.caveats().forEach(c -> out.println("  - " + c));
    out.flush();
  }

  static String abbreviate(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  private static String interval(
      String open, OptionalDouble low, OptionalDouble high, String close) {
    if (low.isEmpty() || high.isEmpty()) {
      return open.startsWith(",") ? "" : "-";
    }
    return String.format(
        Locale.ROOT, "%s%.3f, %.3f%s", open, low.getAsDouble(), high.getAsDouble(), close);
  }

  private static String number(OptionalDouble value, String format) {
    return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "-";
  }
}
