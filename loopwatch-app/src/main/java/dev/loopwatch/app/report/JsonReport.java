package dev.loopwatch.app.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.sessions.store.SessionsReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The provenance report as stable JSON: one object whose fields are exactly the components of
 * {@link ProvenanceReport} and its nested records, in declaration order, with their record
 * component names (camelCase, e.g. {@code shareOverTime}, {@code aiStrong}).
 *
 * <ul>
 *   <li>Every field is always present. An empty {@code Optional} is written as {@code null} (e.g.
 *       {@code liveCode}, {@code throughput.comparison}, {@code model} of an agent row, {@code
 *       firstChange} of an empty repository).
 *   <li>Instants are ISO-8601 UTC strings ({@code "2025-06-30T12:00:00Z"}); dates are {@code
 *       "2025-04-01"}.
 *   <li>Enums are their names: {@code granularity} is {@code WEEK}, {@code MONTH} or {@code
 *       QUARTER}; {@code confidence} is {@code STRONG}, {@code MEDIUM} or {@code WEAK}; {@code
 *       exclusions.byReason} keys are as the model has them.
 *   <li>Maps ({@code aiByAgent}, {@code byAgent}, {@code byReason}) are sorted by key; lists keep
 *       the model's order.
 *   <li>Counts are integers; shares are not repeated (derive them: {@code (aiStrong + aiMedium) /
 *       addedLines}, 0 when {@code addedLines} is 0), except in {@code headline}, which states the
 *       headline as the report shows it: {@code aiShare} (every change counted), {@code
 *       aiShareTrimmed} (after each repository's outlier cut), {@code droppedChanges}, {@code
 *       droppedLines}, {@code droppedLineShare}, {@code droppedAiLines}.
 *   <li>{@code coverageBreaks} lists where an agent's evidence {@code STOPS} or {@code STARTS}
 *       abruptly while the repository keeps merging ({@code repo}, {@code agent}, {@code
 *       direction}, {@code date}, {@code sha}, {@code windowChanges}, {@code windowEvidence},
 *       {@code quietChanges}, {@code quietEvidence}, {@code strayEvidence}, {@code quietFrom},
 *       {@code quietTo}); {@code shareOverTime} buckets carry {@code changesWithEvidence}, {@code
 *       addedLinesWithEvidence} and {@code aiShareLow}/{@code aiShareHigh} (the 95% interval from
 *       resampling the bucket's changes; {@code null} without added lines).
 *   <li>{@code throughput.comparison} has {@code inconclusive}, {@code warnings}, {@code
 *       repositories} and {@code excludedRepositories}; {@code throughput.comparisonByRepository}
 *       is the same comparison per repository ({@code repo}, {@code comparison}). Doubles are
 *       written in their shortest exact form; a non-finite double (a ratio over a zero baseline) is
 *       written as the string {@code "NaN"} or {@code "Infinity"}.
 * </ul>
 *
 * <p>When the store holds agent sessions, one more top-level field {@code sessions} follows: the
 * components of {@link SessionsReport} ({@code totals}, {@code weeks}, {@code byModel}, {@code
 * byCliVersion}, {@code costPerDay}) by the same rules; rates with nothing to divide by ({@code
 * taskSuccess} of a week without tasks) and unknown costs ({@code costUsd} of an unpriced model)
 * are {@code null}, never 0. Without sessions the field is absent.
 *
 * <p>When the store holds a review retrospective run, one more top-level field {@code retro}
 * follows: the latest run as {@link RetroRun} has it, by the same rules: {@code reviewers} (per
 * reviewer {@code reviewer}, the funnel's stage counts {@code incidents}, {@code fixFound}, {@code
 * introducingFound}, {@code rebuilt}, {@code traceable}, {@code notApplicable}, {@code errors},
 * {@code reviewed}, then {@code strictCaught}, {@code strict} (the rate over {@code reviewed} with
 * its 95% interval), {@code judgedCaught}, {@code judgedReviewed}, {@code judged}, {@code
 * findingsPerClean}, {@code wallMillis}, {@code costUsd}, {@code stoppedByBudget} and, for a model
 * reviewer, {@code modelCalls} ({@code calls}, {@code cacheHits}, {@code inputTokens}, {@code
 * outputTokens}, {@code costUsd}, {@code unknownCostCalls}, {@code costAvoidedUsd}; else null);
 * applicable is {@code traceable - notApplicable}), {@code incidents} (each with its stage,
 * introducing commit, buggy lines and per reviewer the error, the not-applicable reason, the
 * findings count and the catch) and {@code models} ({@code stoppedByBudget} of the whole run and a
 * model judge's {@code judgeModelCalls}, else null). Without a retro run the field is absent.
 *
 * <p>When the store holds speedup gradings, a field {@code speedup} lists every grading as {@link
 * dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow} has it (oldest first; {@code median}, {@code
 * low}, {@code high} and {@code score} are {@code null} when the grading timed nothing; only an
 * {@code accepted} grading's speed means anything). When it holds a research-judgment run, a field
 * {@code judgment} has the latest run as {@link dev.loopwatch.app.judgment.JudgmentStore.StoredRun}
 * has it: the run's {@code runId}, {@code runAt}, {@code items}, {@code sessions}, {@code judge},
 * {@code bootstrap}, {@code stoppedByBudget} and per candidate the win rate against the human with
 * its 95% session-bootstrap interval, ties, order consistency, the length-controlled rate, the
 * Bradley–Terry rating, cost and calls; a statistic that was undefined is {@code null}. When it
 * holds a finalized research run, a field {@code research} has the latest one as {@code research
 * report --json} prints it ({@link dev.loopwatch.app.research.ResearchSummary}; {@code human} is
 * null, as the store keeps no human baseline).
 *
 * <p>The same bytes come out for the same report, so the output can be diffed and hashed.
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER = Json.mapper();

  private JsonReport() {}

  /**
   * Writes {@code report} as indented JSON (UTF-8, trailing newline) to {@code out}; flushes but
   * does not close it.
   */
  public static void write(ProvenanceReport report, OutputStream out) {
    write(report, ReportSections.none(), out);
  }

  /**
   * Writes {@code report} with a field for each of the {@code sections} that has data, as indented
   * JSON (UTF-8, trailing newline) to {@code out}; flushes but does not close it.
   */
  public static void write(ProvenanceReport report, ReportSections sections, OutputStream out) {
    requireNonNull(report, "report is null");
    requireNonNull(sections, "sections is null");
    requireNonNull(out, "out is null");
    try {
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, tree(report, sections));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write the JSON report: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code report} as indented JSON to the file {@code out}, atomically (see {@link
   * HtmlReport#write}).
   */
  public static void write(ProvenanceReport report, Path out) {
    write(report, ReportSections.none(), out);
  }

  /**
   * Writes {@code report} with its {@code sections} as indented JSON to the file {@code out},
   * atomically.
   */
  public static void write(ProvenanceReport report, ReportSections sections, Path out) {
    requireNonNull(report, "report is null");
    ReportFiles.writeAtomically(out, stream -> write(report, sections, stream));
  }

  private static Object tree(ProvenanceReport report, ReportSections sections) {
    if (sections.isEmpty()) {
      return report;
    }
    ObjectNode tree = MAPPER.valueToTree(report);
    sections.sessions().ifPresent(s -> tree.set("sessions", MAPPER.valueToTree(s)));
    RetroRun retro = sections.retro();
    if (!retro.isEmpty()) {
      ObjectNode node = tree.putObject("retro");
      node.set("reviewers", MAPPER.valueToTree(retro.reviewers()));
      node.set("incidents", MAPPER.valueToTree(retro.incidents()));
      node.set("models", MAPPER.valueToTree(retro.models()));
    }
    if (!sections.speedup().isEmpty()) {
      tree.set("speedup", MAPPER.valueToTree(sections.speedup()));
    }
    sections.judgment().ifPresent(run -> tree.set("judgment", MAPPER.valueToTree(run)));
    sections.research().ifPresent(run -> tree.set("research", MAPPER.valueToTree(run)));
    return tree;
  }

  /**
   * The report as indented JSON, as {@link #write(ProvenanceReport, OutputStream)} writes it
   * (without the newline).
   */
  public static String render(ProvenanceReport report) {
    requireNonNull(report, "report is null");
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the report", e);
    }
  }

  /** Reads a report back from JSON written by this class. */
  public static ProvenanceReport read(InputStream in) {
    requireNonNull(in, "in is null");
    try {
      JsonNode tree = MAPPER.readTree(in);
      if (tree instanceof ObjectNode object) {
        object.remove("sessions");
        object.remove("retro");
        object.remove("speedup");
        object.remove("judgment");
        object.remove("research");
      }
      return MAPPER.treeToValue(tree, ProvenanceReport.class);
    } catch (IOException e) {
      throw LoopwatchException.userInput(
          "not a loopwatch provenance report JSON: " + e.getMessage());
    }
  }

  /**
   * The report as compact JSON safe to embed in an HTML {@code <script>} element: every {@code <}
   * is written as {@code \u003c}, so no string in the data (a commit subject with {@code
   * </script>}) can end the element.
   */
  static String renderForHtml(Object report) {
    try {
      // '<' can only occur inside JSON strings, where \u003c means the same character.
      return MAPPER.writeValueAsString(report).replace("<", "\\u003c");
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the report", e);
    }
  }
}
