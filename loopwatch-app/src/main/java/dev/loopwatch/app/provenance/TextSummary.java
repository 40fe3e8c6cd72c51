package dev.loopwatch.app.provenance;

import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.Headline;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoBaseline;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoCut;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.ThroughputBucket;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The plain-text summary of a provenance report, for the terminal. */
final class TextSummary {
  private TextSummary() {}

  static void print(ProvenanceReport report, PrintWriter out) {
    print(report, false, out);
  }

  /**
   * Prints the summary; {@code byRepository} adds each repository's headline, cut and baseline
   * comparison.
   */
  static void print(ProvenanceReport report, boolean byRepository, PrintWriter out) {
    ProvenanceReport.Totals totals = report.totals();
    out.printf(Locale.ROOT, "merged changes counted   %,d%n", totals.changes());
    out.printf(
        Locale.ROOT,
        "added lines counted      %,d (deleted %,d)%n",
        totals.addedLines(),
        totals.deletedLines());
    out.printf(Locale.ROOT, "AI share (lower bound)   %s%n", headline(report.headline()));
    out.printf(
        Locale.ROOT,
        "  all changes            line-level %,d + change-level %,d of %,d lines%n",
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
        "outlier cut              %,d changes, %,d lines (%s); applies to throughput and the"
            + " trimmed share%n",
        outliers.droppedChanges(),
        outliers.droppedLines(),
        rule(outliers));
    if (byRepository) {
      for (RepoCut cut : outliers.byRepository()) {
        out.printf(Locale.ROOT, "  %-22s %s%n", cut.repo(), cut(cut));
      }
    }
    report
        .throughput()
        .comparison()
        .ifPresent(c -> out.printf(Locale.ROOT, "throughput               %s%n", comparison(c)));
    if (byRepository) {
      for (RepoBaseline repo : report.throughput().comparisonByRepository()) {
        out.printf(Locale.ROOT, "  %-22s %s%n", repo.repo(), comparison(repo.comparison()));
      }
      for (RepoSummary repo : report.repos()) {
        out.printf(
            Locale.ROOT,
            "repository %-13s %.1f%% all changes, %.1f%% trimmed; %,d changes, %s%n",
            repo.name(),
            100 * repo.totals().aiShare(),
            100 * trimmedShare(repo),
            repo.totals().changes(),
            repo.throughput()
                .map(t ->
                    String.format(
                        Locale.ROOT,
                        "%.1f lines/engineer/day (%d engineers, %s)",
                        t.linesPerEngineerDay(),
                        t.engineers(),
                        t.period()))
                .orElse("no human engineer"));
      }
    }
    periods(report, out);
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

  /** "56.4% all changes, 24.5% trimmed; the cut dropped 6 changes = 67.7% of lines". */
  static String headline(Headline headline) {
    if (headline.droppedChanges() == 0) {
      return String.format(
          Locale.ROOT,
          "%.1f%% all changes (the outlier cut dropped nothing)",
          100 * headline.aiShare());
    }
    return String.format(
        Locale.ROOT,
        "%.1f%% all changes, %.1f%% trimmed; the cut dropped %,d change%s = %.1f%% of lines",
        100 * headline.aiShare(),
        100 * headline.aiShareTrimmed(),
        headline.droppedChanges(),
        headline.droppedChanges() == 1 ? "" : "s",
        100 * headline.droppedLineShare());
  }

  private static String rule(ProvenanceReport.OutlierFilter outliers) {
    String rule =
        outliers.percentile() >= 100
            ? "no percentile cut"
            : String.format(
                Locale.ROOT,
                "per repository: above the %s percentile of added lines, in repositories with"
                    + " %,d or more changes",
                ordinal(outliers.percentile()),
                outliers.minChanges());
    return outliers.maxLines() > 0
        ? rule + String.format(Locale.ROOT, "; above %,d lines", outliers.maxLines())
        : rule;
  }

  private static String ordinal(double percentile) {
    String number = java.math.BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    return number + "th";
  }

  private static String cut(RepoCut cut) {
    if (cut.threshold().isEmpty()) {
      return String.format(
          Locale.ROOT, "%,d changes, no cut (fewer than the minimum changes)", cut.changes());
    }
    return String.format(
        Locale.ROOT,
        "%,d changes, cut-off %,d lines: dropped %,d changes, %,d lines (%,d AI)",
        cut.changes(),
        cut.threshold().get(),
        cut.droppedChanges(),
        cut.droppedLines(),
        cut.droppedAiLines());
  }

  private static double trimmedShare(RepoSummary repo) {
    ProvenanceReport.Totals totals = repo.totals();
    RepoCut cut = repo.outliers();
    long added = totals.addedLines() - cut.droppedLines();
    long ai = totals.aiStrong() + totals.aiMedium() - cut.droppedAiLines();
    return added == 0 ? 0 : (double) ai / added;
  }

  static String comparison(BaselineComparison c) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s vs %s %.2fx (95%% CI %.2f-%.2f): %.1f vs %.1f lines/engineer/day, %d vs %d"
                    + " engineers",
                c.current(),
                c.baseline(),
                c.ratio(),
                c.low(),
                c.high(),
                c.currentValue(),
                c.baselineValue(),
                c.currentEngineers(),
                c.baselineEngineers()));
    if (c.inconclusive()) {
      text.append("; INCONCLUSIVE: ").append(String.join("; ", c.warnings()));
    }
    if (!c.excludedRepositories().isEmpty()) {
      text.append("; left out (changes in one period only): ")
          .append(String.join(", ", c.excludedRepositories()));
    }
    return text.toString();
  }

  /** The compact per-period table: changes, engineers, throughput, AI share and coverage. */
  private static void periods(ProvenanceReport report, PrintWriter out) {
    if (report.shareOverTime().isEmpty()) {
      return;
    }
    Map<String, ThroughputBucket> throughput = new TreeMap<>();
    report.throughput().overTime().forEach(t -> throughput.put(t.period(), t));
    out.println(
        "period     changes  engineers  lines/eng/day  AI share  coverage (changes, lines)");
    for (ShareBucket bucket : report.shareOverTime()) {
      ThroughputBucket t = throughput.get(bucket.period());
      out.printf(
          Locale.ROOT,
          "%-10s %7d  %9s  %13s  %7.1f%%  %7.1f%%, %.1f%%%n",
          bucket.period(),
          bucket.changes(),
          t == null ? "-" : Integer.toString(t.engineers()),
          t == null ? "-" : String.format(Locale.ROOT, "%.1f", t.linesPerEngineerDay()),
          100 * bucket.aiShare(),
          100 * bucket.changeCoverage(),
          100 * bucket.lineCoverage());
    }
    out.println(
        "  (AI share and coverage count every change; lines/eng/day counts changes the outlier"
            + " cut keeps; coverage = changes with strong or medium AI evidence)");
  }
}
