package dev.loopwatch.app.report;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.judgment.JudgmentStore.StoredCandidate;
import dev.loopwatch.app.judgment.JudgmentStore.StoredRun;
import dev.loopwatch.app.research.ResearchSummary;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.CoverageBreak;
import dev.loopwatch.git.metrics.ProvenanceReport.ExcludedCount;
import dev.loopwatch.git.metrics.ProvenanceReport.Headline;
import dev.loopwatch.git.metrics.ProvenanceReport.LiveCodeSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.OutlierFilter;
import dev.loopwatch.git.metrics.ProvenanceReport.PathLines;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoBaseline;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.SourceLines;
import dev.loopwatch.git.metrics.ProvenanceReport.ThroughputBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.Totals;
import dev.loopwatch.retro.review.ModelCalls;
import dev.loopwatch.retro.store.RetroStore.ReviewerRow;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The provenance report as a tidy, long-format CSV (RFC 4180: comma separated, CRLF line ends,
 * fields quoted with {@code "} when they hold a comma, quote, CR or LF, quotes doubled). One value
 * per row, with the header {@code section,period,key,value}:
 *
 * <ul>
 *   <li>{@code section}: which part of the report the row belongs to (below).
 *   <li>{@code period}: the time bucket's label ({@code 2025-Q3}, {@code 2025-07}, {@code
 *       2025-W27}), or empty for rows that cover the whole range.
 *   <li>{@code key}: the metric, optionally followed by {@code :} and what it is about. Split at
 *       the first {@code :} (for {@code by_agent}, at the first two) to get the metric and its
 *       subject.
 *   <li>{@code value}: a number (integers as digits, ratios as plain decimals, never exponent
 *       notation, empty when not finite), {@code true}/{@code false}, or text for the few label
 *       rows.
 * </ul>
 *
 * <p>Sections and keys, in output order:
 *
 * <ul>
 *   <li>{@code report}: {@code generated_at} (ISO-8601 UTC), {@code granularity} ({@code week},
 *       {@code month}, {@code quarter}).
 *   <li>{@code repos}: per repository {@code changes:<name>}, {@code shallow:<name>}, {@code
 *       warnings:<name>}, {@code added_lines:<name>}, {@code ai_share:<name>} (every change),
 *       {@code ai_share_trimmed:<name>}, {@code outlier_threshold:<name>} (empty: no cut), {@code
 *       dropped_changes:<name>}, {@code dropped_lines:<name>}, {@code
 *       lines_per_engineer_day:<name>} (after its cut, over its whole range; empty without a human
 *       engineer).
 *   <li>{@code totals}: {@code changes}, {@code added_lines}, {@code deleted_lines}, {@code
 *       ai_strong}, {@code ai_medium}, {@code ai_weak}, {@code no_evidence}, {@code ai_share}
 *       (strong + medium over added lines, a lower bound), {@code ai_share_with_weak}.
 *   <li>{@code headline}: {@code ai_share} (every change), {@code ai_share_trimmed} (after the
 *       outlier cut), {@code dropped_changes}, {@code dropped_lines}, {@code dropped_line_share},
 *       {@code dropped_ai_lines}.
 *   <li>{@code share_over_time} per period: {@code changes}, {@code added_lines}, {@code
 *       ai_strong}, {@code ai_medium}, {@code ai_weak}, {@code ai_share}, {@code
 *       changes_with_evidence}, {@code added_lines_with_evidence}, {@code coverage_changes}, {@code
 *       coverage_lines}, then {@code ai_lines:<agent>} per agent (strong and medium).
 *   <li>{@code coverage_breaks} (period: the break's day): {@code stops:<repo>:<agent>} or {@code
 *       starts:<repo>:<agent>}, valued with the number of quiet changes.
 *   <li>{@code throughput} per period: {@code days}, {@code engineers}, {@code added_lines}, {@code
 *       lines_per_engineer_day}.
 *   <li>{@code throughput_comparison} (only with a baseline): {@code lines_per_engineer_day} and
 *       {@code engineers} in the rows whose period is the baseline label and the current label,
 *       then (period empty) {@code ratio}, {@code low}, {@code high}, {@code level}, {@code
 *       inconclusive}, {@code repositories} and {@code excluded_repositories} ({@code
 *       ;}-separated); then per repository {@code ratio:<repo>}, {@code low:<repo>}, {@code
 *       high:<repo>}, {@code inconclusive:<repo>}.
 *   <li>{@code outliers}: {@code percentile}, {@code max_lines}, {@code min_changes}, {@code
 *       dropped_changes}, {@code dropped_lines}, {@code dropped_ai_lines}.
 *   <li>{@code by_agent}: {@code lines:<agent>:<confidence>:<model>} (confidence lower case, model
 *       empty when the evidence does not name one; the model is last because model ids may contain
 *       {@code :}).
 *   <li>{@code by_path}: {@code added_lines:<group>}, {@code ai_lines:<group>}.
 *   <li>{@code exclusions}: {@code files:<reason>}, {@code added_lines:<reason>} per reason (lower
 *       case), then {@code changes:ignored_revisions}, {@code added_lines:ignored_revisions},
 *       {@code changes:bots}, {@code added_lines:bots} (automation bots are never counted as AI or
 *       as engineers).
 *   <li>{@code live_code} (only when blame ran): {@code revision}, {@code files}, {@code lines},
 *       {@code strong}, {@code medium}, {@code weak}, {@code no_evidence}, {@code ai_share}, then
 *       {@code ai_lines:<agent>}.
 * </ul>
 *
 * <p>When the store holds a review retrospective run, a last section {@code retro} has, per
 * reviewer of the latest run, the funnel's stage counts {@code incidents:<reviewer>}, {@code
 * fix_found}, {@code introducing_found}, {@code rebuilt}, {@code traceable}, {@code
 * not_applicable}, {@code applicable}, {@code reviewer_errors}, {@code reviewed}, {@code
 * caught_strict}, {@code missed_strict}, then {@code strict_rate}, {@code strict_low}, {@code
 * strict_high} (over {@code reviewed}; empty when nothing was reviewed), and with a judge {@code
 * caught_judged}, {@code judged_reviewed}, {@code judged_rate}, {@code judged_low}, {@code
 * judged_high}; a model reviewer adds {@code stopped_by_budget}, {@code model_calls}, {@code
 * cache_hits}, {@code input_tokens}, {@code output_tokens}, {@code model_cost_usd} (empty when a
 * call's cost is unknown), {@code unknown_cost_calls} and {@code cost_avoided_usd}. A model judge
 * adds the same model-call keys prefixed {@code judge_} (one row each, no reviewer), and a run a
 * model budget stopped has {@code run_stopped_by_budget} {@code true}.
 *
 * <p>When the store holds speedup gradings, a section {@code speedup} has per grading (period =
 * when it was graded) {@code accepted:<task>:<by>}, {@code practice}, {@code median}, {@code low},
 * {@code high} and {@code score} (empty when nothing was timed). When it holds a research-judgment
 * run, a section {@code judgment} has the latest run (period = its start): {@code items}, {@code
 * sessions}, {@code judge}, {@code stopped_by_budget}, then per candidate {@code
 * judged:<candidate>}, {@code wins}, {@code ties}, {@code losses}, {@code win_rate}, {@code
 * win_rate_low}, {@code win_rate_high}, {@code order_consistency}, {@code lc_win_rate}, {@code
 * lc_win_rate_low}, {@code lc_win_rate_high}, {@code not_judged}, {@code cost_usd} and {@code
 * unknown_cost_calls} (a statistic that was undefined is empty). When it holds a finalized research
 * run, a section {@code research} has the latest one (period = its start): {@code run_id}, {@code
 * task}, {@code split}, {@code agents}, {@code results}, {@code agent_hours}, {@code cost_usd},
 * {@code best_result}, {@code best_agent}, {@code best_pgr}, {@code best_pgr_low}, {@code
 * best_pgr_high} (95% bootstrap over seeds), {@code best_transfer_accuracy}, {@code best_seeds},
 * {@code flags}, then per agent {@code status:<agent>}, {@code posts}, {@code submissions}, {@code
 * flags}, {@code agent_hours}, {@code cost_usd} and {@code best_pgr}.
 *
 * <p>The largest AI-evidenced changes and the caveats are not in the CSV; use the JSON or HTML
 * report for them.
 */
public final class CsvReport {
  /** The header line. */
  public static final String HEADER = "section,period,key,value";

  private CsvReport() {}

  /** Writes {@code report} to {@code out} as described above; flushes but does not close it. */
  public static void write(ProvenanceReport report, Writer out) {
    write(report, ReportSections.none(), out);
  }

  /**
   * Writes {@code report} and a section for each of the {@code sections} that has data (retro,
   * speedup, judgment) to {@code out}; flushes but does not close it.
   */
  public static void write(ProvenanceReport report, ReportSections sections, Writer out) {
    requireNonNull(report, "report is null");
    requireNonNull(sections, "sections is null");
    requireNonNull(out, "out is null");
    try {
      Rows rows = new Rows(out);
      rows.report(report);
      rows.retro(sections.retro());
      rows.speedup(sections.speedup());
      if (sections.judgment().isPresent()) {
        rows.judgment(sections.judgment().get());
      }
      if (sections.research().isPresent()) {
        rows.research(sections.research().get());
      }
      out.flush();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write the CSV report: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code report} as UTF-8 CSV to the file {@code out}, atomically (see {@link
   * HtmlReport#write}).
   */
  public static void write(ProvenanceReport report, Path out) {
    write(report, ReportSections.none(), out);
  }

  /** Writes {@code report} and its {@code sections} as UTF-8 CSV to the file {@code out}. */
  public static void write(ProvenanceReport report, ReportSections sections, Path out) {
    requireNonNull(report, "report is null");
    ReportFiles.writeAtomically(
        out,
        stream -> {
          Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
          write(report, sections, writer);
        });
  }

  /** Quotes one field as RFC 4180 asks: only when it holds a comma, a double quote, CR or LF. */
  static String field(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\r') < 0
        && text.indexOf('\n') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /** A ratio as a plain decimal in its shortest exact form, or empty when it is not finite. */
  static String decimal(double value) {
    if (!Double.isFinite(value)) {
      return "";
    }
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return plain.equals("-0") ? "0" : plain;
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** The row writer for one report. */
  private static final class Rows {
    private final Writer out;

    Rows(Writer out) {
      this.out = out;
    }

    void retro(RetroRun retro) throws IOException {
      for (ReviewerRow row : retro.reviewers()) {
        String name = ":" + row.reviewer();
        row("retro", "", "incidents" + name, row.incidents());
        row("retro", "", "fix_found" + name, row.fixFound());
        row("retro", "", "introducing_found" + name, row.introducingFound());
        row("retro", "", "rebuilt" + name, row.rebuilt());
        row("retro", "", "traceable" + name, row.traceable());
        row("retro", "", "not_applicable" + name, row.notApplicable());
        row("retro", "", "applicable" + name, row.traceable() - row.notApplicable());
        row("retro", "", "reviewer_errors" + name, row.errors());
        row("retro", "", "reviewed" + name, row.reviewed());
        row("retro", "", "caught_strict" + name, row.strictCaught());
        row("retro", "", "missed_strict" + name, row.reviewed() - row.strictCaught());
        interval("strict", name, row.strict());
        if (row.judgedCaught().isPresent()) {
          row("retro", "", "caught_judged" + name, row.judgedCaught().get());
          row(
              "retro",
              "",
              "judged_reviewed" + name,
              row.judgedReviewed().map(String::valueOf).orElse(""));
          interval("judged", name, row.judged());
        }
        if (row.modelCalls().isPresent()) {
          row("retro", "", "stopped_by_budget" + name, row.stoppedByBudget());
          modelCalls("", name, row.modelCalls().get());
        }
      }
      if (retro.models().stoppedByBudget()) {
        row("retro", "", "run_stopped_by_budget", "true");
      }
      Optional<ModelCalls> judge = retro.models().judgeModelCalls();
      if (judge.isPresent()) {
        modelCalls("judge_", "", judge.get());
      }
    }

    /** The model-call rows; an unknown cost is empty, never 0. */
    private void modelCalls(String prefix, String name, ModelCalls calls) throws IOException {
      row("retro", "", prefix + "model_calls" + name, calls.calls());
      row("retro", "", prefix + "cache_hits" + name, calls.cacheHits());
      row("retro", "", prefix + "input_tokens" + name, calls.inputTokens());
      row("retro", "", prefix + "output_tokens" + name, calls.outputTokens());
      row(
          "retro",
          "",
          prefix + "model_cost_usd" + name,
          calls.knownCostUsd().map(c -> c.stripTrailingZeros().toPlainString()).orElse(""));
      row("retro", "", prefix + "unknown_cost_calls" + name, calls.unknownCostCalls());
      row(
          "retro",
          "",
          prefix + "cost_avoided_usd" + name,
          calls.costAvoidedUsd().stripTrailingZeros().toPlainString());
    }

    void speedup(List<HistoryRow> gradings) throws IOException {
      for (HistoryRow row : gradings) {
        String period = row.gradedAt().toString();
        String name = ":" + row.task() + ":" + row.group();
        row("speedup", period, "accepted" + name, Boolean.toString(row.accepted()));
        row("speedup", period, "practice" + name, Boolean.toString(row.practice()));
        row("speedup", period, "median" + name, optional(row.median()));
        row("speedup", period, "low" + name, optional(row.low()));
        row("speedup", period, "high" + name, optional(row.high()));
        row("speedup", period, "score" + name, optional(row.score()));
      }
    }

    void judgment(StoredRun run) throws IOException {
      String period = run.runAt().toString();
      row("judgment", period, "items", run.items());
      row("judgment", period, "sessions", run.sessions());
      row("judgment", period, "judge", run.judge());
      row("judgment", period, "stopped_by_budget", Boolean.toString(run.stoppedByBudget()));
      for (StoredCandidate c : run.candidates()) {
        String name = ":" + c.candidate();
        row("judgment", period, "judged" + name, c.judged());
        row("judgment", period, "wins" + name, c.wins());
        row("judgment", period, "ties" + name, c.ties());
        row("judgment", period, "losses" + name, c.losses());
        row("judgment", period, "win_rate" + name, optional(c.winRate()));
        row("judgment", period, "win_rate_low" + name, optional(c.winRateLow()));
        row("judgment", period, "win_rate_high" + name, optional(c.winRateHigh()));
        row("judgment", period, "order_consistency" + name, optional(c.orderConsistency()));
        row("judgment", period, "lc_win_rate" + name, optional(c.lengthControlled()));
        row("judgment", period, "lc_win_rate_low" + name, optional(c.lengthControlledLow()));
        row("judgment", period, "lc_win_rate_high" + name, optional(c.lengthControlledHigh()));
        row("judgment", period, "not_judged" + name, c.notJudged());
        row("judgment", period, "cost_usd" + name, decimal(c.costUsd()));
        row("judgment", period, "unknown_cost_calls" + name, c.unknownCostCalls());
      }
    }

    void research(ResearchSummary run) throws IOException {
      String period = run.startedAt().toString();
      row("research", period, "run_id", run.runId());
      row("research", period, "task", run.task());
      row("research", period, "split", run.split());
      row("research", period, "agents", run.agents().size());
      row("research", period, "results", run.scored().size());
      row("research", period, "agent_hours", decimal(run.agentHours()));
      row("research", period, "cost_usd", decimal(run.costUsd()));
      if (run.best().isPresent()) {
        ResearchSummary.Best best = run.best().get();
        row("research", period, "best_result", best.result().id());
        row("research", period, "best_agent", best.result().agent());
        row("research", period, "best_pgr", decimal(best.result().pgr()));
        row("research", period, "best_pgr_low", decimal(best.bootstrapLow()));
        row("research", period, "best_pgr_high", decimal(best.bootstrapHigh()));
        row("research", period, "best_transfer_accuracy", decimal(best.result().accuracy()));
        row("research", period, "best_seeds", best.result().seeds());
      }
      row("research", period, "flags", run.flags().size());
      for (ResearchSummary.AgentRow a : run.agents()) {
        String name = ":" + a.name();
        row("research", period, "status" + name, a.status());
        row("research", period, "posts" + name, a.posts());
        row("research", period, "submissions" + name, a.submissions());
        row("research", period, "flags" + name, a.flags());
        row("research", period, "agent_hours" + name, decimal(a.agentHours()));
        row("research", period, "cost_usd" + name, decimal(a.costUsd()));
        row("research", period, "best_pgr" + name, optional(a.bestPgr()));
      }
    }

    private static String optional(OptionalDouble value) {
      return value.isPresent() ? decimal(value.getAsDouble()) : "";
    }

    private void interval(String kind, String name, Optional<Bootstrap.Interval> interval)
        throws IOException {
      row("retro", "", kind + "_rate" + name, interval.map(i -> decimal(i.estimate())).orElse(""));
      row("retro", "", kind + "_low" + name, interval.map(i -> decimal(i.low())).orElse(""));
      row("retro", "", kind + "_high" + name, interval.map(i -> decimal(i.high())).orElse(""));
    }

    void report(ProvenanceReport report) throws IOException {
      out.write(HEADER);
      out.write("\r\n");
      row("report", "", "generated_at", report.generatedAt().toString());
      row("report", "", "granularity", lower(report.granularity().name()));
      for (RepoSummary repo : report.repos()) {
        row("repos", "", "changes:" + repo.name(), repo.changes());
        row("repos", "", "shallow:" + repo.name(), Boolean.toString(repo.shallow()));
        row("repos", "", "warnings:" + repo.name(), repo.warnings());
        row("repos", "", "added_lines:" + repo.name(), repo.totals().addedLines());
        row("repos", "", "ai_share:" + repo.name(), decimal(repo.totals().aiShare()));
        long keptAdded = repo.totals().addedLines() - repo.outliers().droppedLines();
        long keptAi =
            repo.totals().aiStrong() + repo.totals().aiMedium() - repo.outliers().droppedAiLines();
        row(
            "repos",
            "",
            "ai_share_trimmed:" + repo.name(),
            decimal(keptAdded == 0 ? 0 : (double) keptAi / keptAdded));
        row(
            "repos",
            "",
            "outlier_threshold:" + repo.name(),
            repo.outliers().threshold().map(String::valueOf).orElse(""));
        row("repos", "", "dropped_changes:" + repo.name(), repo.outliers().droppedChanges());
        row("repos", "", "dropped_lines:" + repo.name(), repo.outliers().droppedLines());
        row(
            "repos",
            "",
            "lines_per_engineer_day:" + repo.name(),
            repo.throughput().map(t -> decimal(t.linesPerEngineerDay())).orElse(""));
      }
      totals(report.totals());
      Headline headline = report.headline();
      row("headline", "", "ai_share", decimal(headline.aiShare()));
      row("headline", "", "ai_share_trimmed", decimal(headline.aiShareTrimmed()));
      row("headline", "", "dropped_changes", headline.droppedChanges());
      row("headline", "", "dropped_lines", headline.droppedLines());
      row("headline", "", "dropped_line_share", decimal(headline.droppedLineShare()));
      row("headline", "", "dropped_ai_lines", headline.droppedAiLines());
      for (ShareBucket bucket : report.shareOverTime()) {
        String period = bucket.period();
        row("share_over_time", period, "changes", bucket.changes());
        row("share_over_time", period, "added_lines", bucket.addedLines());
        row("share_over_time", period, "ai_strong", bucket.aiStrong());
        row("share_over_time", period, "ai_medium", bucket.aiMedium());
        row("share_over_time", period, "ai_weak", bucket.aiWeak());
        row("share_over_time", period, "ai_share", decimal(bucket.aiShare()));
        row("share_over_time", period, "changes_with_evidence", bucket.changesWithEvidence());
        row(
            "share_over_time",
            period,
            "added_lines_with_evidence",
            bucket.addedLinesWithEvidence());
        row("share_over_time", period, "coverage_changes", decimal(bucket.changeCoverage()));
        row("share_over_time", period, "coverage_lines", decimal(bucket.lineCoverage()));
        for (Map.Entry<String, Long> agent : bucket.aiByAgent().entrySet()) {
          row("share_over_time", period, "ai_lines:" + agent.getKey(), agent.getValue());
        }
      }
      for (CoverageBreak b : report.coverageBreaks()) {
        row(
            "coverage_breaks",
            b.date().toString(),
            lower(b.direction().name()) + ":" + b.repo() + ":" + b.agent(),
            b.quietChanges());
      }
      for (ThroughputBucket bucket : report.throughput().overTime()) {
        String period = bucket.period();
        row("throughput", period, "days", bucket.days());
        row("throughput", period, "engineers", bucket.engineers());
        row("throughput", period, "added_lines", bucket.addedLines());
        row("throughput", period, "lines_per_engineer_day", decimal(bucket.linesPerEngineerDay()));
      }
      if (report.throughput().comparison().isPresent()) {
        comparison(report.throughput().comparison().get());
      }
      for (RepoBaseline repo : report.throughput().comparisonByRepository()) {
        BaselineComparison c = repo.comparison();
        row("throughput_comparison", "", "ratio:" + repo.repo(), decimal(c.ratio()));
        row("throughput_comparison", "", "low:" + repo.repo(), decimal(c.low()));
        row("throughput_comparison", "", "high:" + repo.repo(), decimal(c.high()));
        row(
            "throughput_comparison",
            "",
            "inconclusive:" + repo.repo(),
            Boolean.toString(c.inconclusive()));
      }
      outliers(report.throughput().outliers());
      for (AgentLines agent : report.byAgent()) {
        String key =
            "lines:"
                + agent.agent()
                + ":"
                + lower(agent.confidence().name())
                + ":"
                + agent.model().orElse("");
        row("by_agent", "", key, agent.lines());
      }
      for (SourceLines source : report.bySource()) {
        String key =
            source.evidenceClass()
                + ":"
                + source.agent()
                + ":"
                + (source.countedInShare() ? "counted" : "not_counted")
                + ":"
                + source.detector()
                + ":"
                + source.source();
        row("by_source", "", "changes:" + key, source.changes());
        row("by_source", "", "lines:" + key, source.lines());
      }
      for (PathLines path : report.byPath()) {
        row("by_path", "", "added_lines:" + path.group(), path.addedLines());
        row("by_path", "", "ai_lines:" + path.group(), path.aiLines());
      }
      for (Map.Entry<String, ExcludedCount> reason : report.exclusions().byReason().entrySet()) {
        String name = lower(reason.getKey());
        row("exclusions", "", "files:" + name, reason.getValue().files());
        row("exclusions", "", "added_lines:" + name, reason.getValue().addedLines());
      }
      row(
          "exclusions",
          "",
          "changes:ignored_revisions",
          report.exclusions().ignoredRevisionChanges());
      row(
          "exclusions",
          "",
          "added_lines:ignored_revisions",
          report.exclusions().ignoredRevisionLines());
      row("exclusions", "", "changes:bots", report.exclusions().botChanges());
      row("exclusions", "", "added_lines:bots", report.exclusions().botLines());
      if (report.liveCode().isPresent()) {
        liveCode(report.liveCode().get());
      }
    }

    private void totals(Totals totals) throws IOException {
      row("totals", "", "changes", totals.changes());
      row("totals", "", "added_lines", totals.addedLines());
      row("totals", "", "deleted_lines", totals.deletedLines());
      row("totals", "", "ai_strong", totals.aiStrong());
      row("totals", "", "ai_medium", totals.aiMedium());
      row("totals", "", "ai_weak", totals.aiWeak());
      row("totals", "", "no_evidence", totals.noEvidence());
      row("totals", "", "ai_share", decimal(totals.aiShare()));
      row("totals", "", "ai_share_with_weak", decimal(totals.aiShareWithWeak()));
    }

    private void comparison(BaselineComparison comparison) throws IOException {
      row(
          "throughput_comparison",
          comparison.baseline(),
          "lines_per_engineer_day",
          decimal(comparison.baselineValue()));
      row(
          "throughput_comparison",
          comparison.baseline(),
          "engineers",
          comparison.baselineEngineers());
      row(
          "throughput_comparison",
          comparison.current(),
          "lines_per_engineer_day",
          decimal(comparison.currentValue()));
      row(
          "throughput_comparison",
          comparison.current(),
          "engineers",
          comparison.currentEngineers());
      row("throughput_comparison", "", "ratio", decimal(comparison.ratio()));
      row("throughput_comparison", "", "low", decimal(comparison.low()));
      row("throughput_comparison", "", "high", decimal(comparison.high()));
      row("throughput_comparison", "", "level", decimal(comparison.level()));
      row("throughput_comparison", "", "inconclusive", Boolean.toString(comparison.inconclusive()));
      row("throughput_comparison", "", "repositories", String.join(";", comparison.repositories()));
      row(
          "throughput_comparison",
          "",
          "excluded_repositories",
          String.join(";", comparison.excludedRepositories()));
    }

    private void outliers(OutlierFilter outliers) throws IOException {
      row("outliers", "", "percentile", decimal(outliers.percentile()));
      row("outliers", "", "max_lines", outliers.maxLines());
      row("outliers", "", "min_changes", outliers.minChanges());
      row("outliers", "", "dropped_changes", outliers.droppedChanges());
      row("outliers", "", "dropped_lines", outliers.droppedLines());
      row("outliers", "", "dropped_ai_lines", outliers.droppedAiLines());
    }

    private void liveCode(LiveCodeSummary live) throws IOException {
      row("live_code", "", "revision", live.revision());
      row("live_code", "", "files", live.files());
      row("live_code", "", "lines", live.lines());
      row("live_code", "", "strong", live.strong());
      row("live_code", "", "medium", live.medium());
      row("live_code", "", "weak", live.weak());
      row("live_code", "", "no_evidence", live.noEvidence());
      double share =
          live.lines() == 0 ? 0 : (double) (live.strong() + live.medium()) / live.lines();
      row("live_code", "", "ai_share", decimal(share));
      for (Map.Entry<String, Long> agent : live.byAgent().entrySet()) {
        row("live_code", "", "ai_lines:" + agent.getKey(), agent.getValue());
      }
    }

    private void row(String section, String period, String key, long value) throws IOException {
      row(section, period, key, Long.toString(value));
    }

    private void row(String section, String period, String key, String value) throws IOException {
      out.write(field(section));
      out.write(',');
      out.write(field(period));
      out.write(',');
      out.write(field(key));
      out.write(',');
      out.write(field(value));
      out.write("\r\n");
    }
  }
}
