package dev.loopwatch.git.metrics;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.git.evidence.Confidence;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the provenance report shows: AI share of merged code, throughput per engineer,
 * exclusions and live code, per repository and rolled up. Built from the store (or straight from
 * git) by the metrics in this package; rendered as HTML, JSON or CSV by the app.
 *
 * @param generatedAt when the report was made
 * @param granularity the size of the time buckets
 * @param repos the repositories included
 * @param totals totals over all repositories and the whole time range
 * @param shareOverTime AI share per time bucket
 * @param byAgent AI lines per agent, model and confidence, most lines first
 * @param bySource AI-evidence lines per evidence source (rule), class and agent, most lines first
 * @param byPath added and AI lines per team or path prefix, most lines first
 * @param throughput merged lines per active engineer per day
 * @param exclusions what was left out, and why
 * @param liveCode AI share of the lines alive at HEAD, when blame ran
 * @param largestAiChanges the largest changes with AI evidence
 * @param caveats sentences the reader must see next to the numbers (lower bound, shallow clones,
 *     skipped input)
 */
public record ProvenanceReport(
    Instant generatedAt,
    Granularity granularity,
    List<RepoSummary> repos,
    Totals totals,
    List<ShareBucket> shareOverTime,
    List<AgentLines> byAgent,
    List<SourceLines> bySource,
    List<PathLines> byPath,
    Throughput throughput,
    ExclusionSummary exclusions,
    Optional<LiveCodeSummary> liveCode,
    List<ChangeRow> largestAiChanges,
    List<String> caveats) {
  public ProvenanceReport {
    requireNonNull(generatedAt, "generatedAt is null");
    requireNonNull(granularity, "granularity is null");
    repos = List.copyOf(repos);
    requireNonNull(totals, "totals is null");
    shareOverTime = List.copyOf(shareOverTime);
    byAgent = List.copyOf(byAgent);
    bySource = List.copyOf(bySource);
    byPath = List.copyOf(byPath);
    requireNonNull(throughput, "throughput is null");
    requireNonNull(exclusions, "exclusions is null");
    requireNonNull(liveCode, "liveCode is null");
    largestAiChanges = List.copyOf(largestAiChanges);
    caveats = List.copyOf(caveats);
  }

  /**
   * One scanned repository.
   *
   * @param name short name (folder name)
   * @param path absolute path
   * @param branch the branch scanned
   * @param head the commit scanned up to
   * @param changes merged changes (first-parent commits) in the store
   * @param firstChange date of the oldest change, if any
   * @param lastChange date of the newest change, if any
   * @param shallow whether the clone is shallow, so history is cut off
   * @param warnings how many inputs the scan skipped or doubted
   * @param totals this repository's line totals, counted as for the whole report
   */
  public record RepoSummary(
      String name,
      String path,
      String branch,
      String head,
      long changes,
      Optional<Instant> firstChange,
      Optional<Instant> lastChange,
      boolean shallow,
      long warnings,
      Totals totals) {
    public RepoSummary {
      requireNonNull(totals, "totals is null");
      requireNonNull(name, "name is null");
      requireNonNull(path, "path is null");
      requireNonNull(branch, "branch is null");
      requireNonNull(head, "head is null");
      requireNonNull(firstChange, "firstChange is null");
      requireNonNull(lastChange, "lastChange is null");
    }
  }

  /**
   * Line totals. Added lines count humans and coding agents after exclusions and outlier filtering;
   * automation bots are never in them. AI lines are split by the strongest evidence that counted
   * them.
   *
   * @param changes merged changes counted
   * @param addedLines added lines counted (the denominator of the AI share)
   * @param deletedLines deleted lines counted
   * @param aiStrong AI lines with line-level evidence
   * @param aiMedium AI lines with change-level evidence only
   * @param aiWeak AI lines with only weak (branch-name) evidence
   */
  public record Totals(
      long changes, long addedLines, long deletedLines, long aiStrong, long aiMedium, long aiWeak) {
    /**
     * The headline AI share: lines with strong or medium evidence over all counted added lines (0
     * when none).
     */
    public double aiShare() {
      return addedLines == 0 ? 0 : (double) (aiStrong + aiMedium) / addedLines;
    }

    /** The AI share counting weak evidence too. */
    public double aiShareWithWeak() {
      return addedLines == 0 ? 0 : (double) (aiStrong + aiMedium + aiWeak) / addedLines;
    }

    /** Added lines with no AI evidence at all: unknown, not "human". */
    public long noEvidence() {
      return addedLines - aiStrong - aiMedium - aiWeak;
    }
  }

  /**
   * AI share in one time bucket.
   *
   * @param period the bucket's label, e.g. {@code 2025-Q3}
   * @param start its first day
   * @param changes merged changes in it
   * @param addedLines added lines counted in it
   * @param aiStrong AI lines with line-level evidence
   * @param aiMedium AI lines with change-level evidence
   * @param aiWeak AI lines with weak evidence
   * @param aiByAgent AI lines (strong and medium) per agent, sorted by agent
   */
  public record ShareBucket(
      String period,
      LocalDate start,
      long changes,
      long addedLines,
      long aiStrong,
      long aiMedium,
      long aiWeak,
      Map<String, Long> aiByAgent) {
    public ShareBucket {
      requireNonNull(period, "period is null");
      requireNonNull(start, "start is null");
      aiByAgent = java.util.Collections.unmodifiableMap(new TreeMap<>(aiByAgent));
    }

    /** Strong and medium AI lines over added lines. */
    public double aiShare() {
      return addedLines == 0 ? 0 : (double) (aiStrong + aiMedium) / addedLines;
    }
  }

  /**
   * AI lines credited to one agent, model and confidence.
   *
   * @param agent canonical agent id
   * @param model the model, or empty when the evidence does not say
   * @param confidence the evidence's confidence
   * @param lines AI lines
   */
  public record AgentLines(
      String agent, Optional<String> model, Confidence confidence, long lines) {
    public AgentLines {
      requireNonNull(agent, "agent is null");
      requireNonNull(model, "model is null");
      requireNonNull(confidence, "confidence is null");
    }
  }

  /**
   * AI-evidence lines credited through one evidence source: the rule that matched.
   *
   * @param source the rule, e.g. {@code Co-authored-by review bot github-id 176961590}, {@code
   *     refs/notes/ai}, {@code committer name suffix (aider)}
   * @param detector the detector, e.g. {@code review-suggestion}, {@code co-author-trailer}
   * @param evidenceClass {@code line-level}, {@code change-level}, {@code review-suggestion} or
   *     {@code circumstantial}
   * @param agent canonical agent id
   * @param countedInShare whether these lines count toward the AI share
   * @param changes counted changes with lines credited through this source
   * @param lines lines credited through this source
   */
  public record SourceLines(
      String source,
      String detector,
      String evidenceClass,
      String agent,
      boolean countedInShare,
      long changes,
      long lines) {
    public SourceLines {
      requireNonNull(source, "source is null");
      requireNonNull(detector, "detector is null");
      requireNonNull(evidenceClass, "evidenceClass is null");
      requireNonNull(agent, "agent is null");
    }
  }

  /**
   * Lines in one team or path prefix.
   *
   * @param group the team name (from CODEOWNERS or configuration) or path prefix
   * @param addedLines added lines counted
   * @param aiLines AI lines with strong or medium evidence
   */
  public record PathLines(String group, long addedLines, long aiLines) {
    public PathLines {
      requireNonNull(group, "group is null");
    }
  }

  /**
   * Merged-code throughput.
   *
   * @param overTime lines per active engineer per day in each bucket
   * @param comparison the current period against the baseline, when a baseline was asked for and
   *     has data
   * @param outliers how outlier changes were filtered
   */
  public record Throughput(
      List<ThroughputBucket> overTime,
      Optional<BaselineComparison> comparison,
      OutlierFilter outliers) {
    public Throughput {
      overTime = List.copyOf(overTime);
      requireNonNull(comparison, "comparison is null");
      requireNonNull(outliers, "outliers is null");
    }
  }

  /**
   * Throughput in one bucket.
   *
   * @param period the bucket's label
   * @param start its first day
   * @param days days in the bucket (cut to the scanned range)
   * @param engineers active human engineers (at least one merged change in the bucket)
   * @param addedLines added lines merged by them, AI-co-authored work included
   * @param linesPerEngineerDay {@code addedLines / (engineers * days)}, 0 when no engineer was
   *     active
   */
  public record ThroughputBucket(
      String period,
      LocalDate start,
      long days,
      int engineers,
      long addedLines,
      double linesPerEngineerDay) {
    public ThroughputBucket {
      requireNonNull(period, "period is null");
      requireNonNull(start, "start is null");
    }
  }

  /**
   * Throughput in a current period over a baseline period, with a bootstrap interval over
   * engineers.
   *
   * @param baseline the baseline period's label
   * @param baselineValue lines per engineer per day in it
   * @param baselineEngineers active engineers in it
   * @param current the current period's label
   * @param currentValue lines per engineer per day in it
   * @param currentEngineers active engineers in it
   * @param ratio {@code currentValue / baselineValue}
   * @param low lower bound of the interval
   * @param high upper bound of the interval
   * @param level the interval's confidence level
   */
  public record BaselineComparison(
      String baseline,
      double baselineValue,
      int baselineEngineers,
      String current,
      double currentValue,
      int currentEngineers,
      double ratio,
      double low,
      double high,
      double level) {
    public BaselineComparison {
      requireNonNull(baseline, "baseline is null");
      requireNonNull(current, "current is null");
    }
  }

  /**
   * How outlier changes were dropped from throughput and share.
   *
   * @param percentile changes above this percentile of added lines are dropped
   * @param maxLines changes above this many added lines are dropped (0 = no cap)
   * @param threshold the resulting cut-off in added lines
   * @param droppedChanges changes dropped
   * @param droppedLines added lines they had
   */
  public record OutlierFilter(
      double percentile, long maxLines, long threshold, long droppedChanges, long droppedLines) {}

  /**
   * What was left out of the counts.
   *
   * @param byReason files and lines excluded per reason (binary, lock file, generated, vendored,
   *     user glob), sorted
   * @param ignoredRevisionChanges changes listed in .git-blame-ignore-revs
   * @param ignoredRevisionLines added lines they had
   * @param botChanges changes by automation bots
   * @param botLines added lines they had (shown on their own line, never as AI or human)
   */
  public record ExclusionSummary(
      Map<String, ExcludedCount> byReason,
      long ignoredRevisionChanges,
      long ignoredRevisionLines,
      long botChanges,
      long botLines) {
    public ExclusionSummary {
      byReason = java.util.Collections.unmodifiableMap(new TreeMap<>(byReason));
    }
  }

  /**
   * Files and lines excluded for one reason.
   *
   * @param files file changes excluded
   * @param addedLines added lines they had
   */
  public record ExcludedCount(long files, long addedLines) {}

  /**
   * AI share of the lines alive at HEAD, from blame.
   *
   * @param revision the commit blamed
   * @param files files blamed
   * @param lines lines in them
   * @param strong lines whose last change has line-level AI evidence
   * @param medium lines whose last change has change-level AI evidence
   * @param weak lines whose last change has weak AI evidence
   * @param byAgent AI lines per agent, sorted
   */
  public record LiveCodeSummary(
      String revision,
      long files,
      long lines,
      long strong,
      long medium,
      long weak,
      Map<String, Long> byAgent) {
    public LiveCodeSummary {
      requireNonNull(revision, "revision is null");
      byAgent = java.util.Collections.unmodifiableMap(new TreeMap<>(byAgent));
    }

    /** Lines with no AI evidence. */
    public long noEvidence() {
      return lines - strong - medium - weak;
    }
  }

  /**
   * One merged change, for the table of largest AI-evidenced changes.
   *
   * @param repo repository name
   * @param sha commit id
   * @param subject first line of the message
   * @param committedAt commit date
   * @param addedLines added lines counted
   * @param aiLines AI lines (any confidence)
   * @param confidence strongest evidence
   * @param agents agents named by the evidence, sorted
   * @param evidence the detectors that fired, sorted
   */
  public record ChangeRow(
      String repo,
      String sha,
      String subject,
      Instant committedAt,
      long addedLines,
      long aiLines,
      Confidence confidence,
      List<String> agents,
      List<String> evidence) {
    public ChangeRow {
      requireNonNull(repo, "repo is null");
      requireNonNull(sha, "sha is null");
      requireNonNull(subject, "subject is null");
      requireNonNull(committedAt, "committedAt is null");
      requireNonNull(confidence, "confidence is null");
      agents = List.copyOf(agents);
      evidence = List.copyOf(evidence);
    }
  }
}
