package dev.loopwatch.app.provenance;

import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import java.io.PrintWriter;
import java.util.Locale;

/** The plain-text summary of a provenance report, for the terminal. */
final class TextSummary {
  private TextSummary() {}

  static void print(ProvenanceReport report, PrintWriter out) {
    ProvenanceReport.Totals totals = report.totals();
    out.printf(Locale.ROOT, "merged changes counted   %,d%n", totals.changes());
    out.printf(
        Locale.ROOT,
        "added lines counted      %,d (deleted %,d)%n",
        totals.addedLines(),
        totals.deletedLines());
    out.printf(
        Locale.ROOT,
        "AI share (lower bound)   %.1f%%  line-level %,d + change-level %,d of %,d lines%n",
        100 * totals.aiShare(),
        totals.aiStrong(),
        totals.aiMedium(),
        totals.addedLines());
    out.printf(
        Locale.ROOT,
        "  with weak evidence     %.1f%%  (+%,d lines not counted: branch names, review suggestions,"
            + " aider committer-only)%n",
        100 * totals.aiShareWithWeak(),
        totals.aiWeak());
    out.printf(Locale.ROOT, "  no AI evidence         %,d lines%n", totals.noEvidence());
    for (AgentLines agent : report.byAgent().subList(0, Math.min(8, report.byAgent().size()))) {
      out.printf(
          Locale.ROOT,
          "  %-22s %,d lines (%s%s)%n",
          agent.agent(),
          agent.lines(),
          agent.confidence().name().toLowerCase(Locale.ROOT),
          agent.model().map(m -> ", " + m).orElse(""));
    }
    report.bySource().stream()
        .filter(source -> !source.countedInShare())
        .limit(5)
        .forEach(source ->
            out.printf(
                Locale.ROOT,
                "  not counted: %-17s %s %,d lines in %,d changes (%s)%n",
                source.evidenceClass(),
                source.agent(),
                source.lines(),
                source.changes(),
                source.source().isEmpty() ? source.detector() : source.source()));
    ProvenanceReport.ExclusionSummary exclusions = report.exclusions();
    out.printf(
        Locale.ROOT,
        "automation bots          %,d changes, %,d lines (never AI, never an engineer)%n",
        exclusions.botChanges(),
        exclusions.botLines());
    exclusions
        .byReason()
        .forEach((reason, count) ->
            out.printf(
                Locale.ROOT,
                "excluded %-15s %,d files, %,d lines%n",
                reason,
                count.files(),
                count.addedLines()));
    if (exclusions.ignoredRevisionChanges() > 0) {
      out.printf(
          Locale.ROOT,
          "ignored revisions        %,d changes, %,d lines (.git-blame-ignore-revs)%n",
          exclusions.ignoredRevisionChanges(),
          exclusions.ignoredRevisionLines());
    }
    ProvenanceReport.OutlierFilter outliers = report.throughput().outliers();
    out.printf(
        Locale.ROOT,
        "outliers dropped         %,d changes, %,d lines (cut-off %,d lines)%n",
        outliers.droppedChanges(),
        outliers.droppedLines(),
        outliers.threshold());
    report
        .throughput()
        .comparison()
        .ifPresent(c ->
            out.printf(
                Locale.ROOT,
                "throughput %s vs %s    %.2fx (95%% CI %.2f-%.2f): %.1f vs %.1f lines/engineer/day%n",
                c.current(),
                c.baseline(),
                c.ratio(),
                c.low(),
                c.high(),
                c.currentValue(),
                c.baselineValue()));
    report
        .liveCode()
        .ifPresent(live ->
            out.printf(
                Locale.ROOT,
                "live code at HEAD        %,d lines, AI %.1f%% (strong %,d, medium %,d, weak %,d, none %,d)%n",
                live.lines(),
                live.lines() == 0 ? 0.0 : 100.0 * (live.strong() + live.medium()) / live.lines(),
                live.strong(),
                live.medium(),
                live.weak(),
                live.noEvidence()));
    for (String caveat : report.caveats()) {
      out.println("note: " + caveat);
    }
    out.flush();
  }
}
