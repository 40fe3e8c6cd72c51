package dev.loopwatch.git.metrics;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.git.evidence.Confidence;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Everything the provenance report shows: AI share of merged code, throughput per engineer,
 * exclusions and live code, per repository and rolled up. Built from the store (or straight from
 * git) by the metrics in this package; rendered as HTML, JSON or CSV by the app.
 *
 * @param generatedAt when the report was made
 * @param granularity the size of the time buckets
 * @param repos the repositories included
 * @param totals totals over all repositories and the whole time range, every change counted (no
 *     outlier cut): the headline
 * @param headline the headline AI share with all changes next to the share after the outlier cut
 * @param shareOverTime AI share and evidence coverage per time bucket, every change counted
 * @param coverageBreaks where an agent's evidence stops or starts abruptly while the repository
 *     keeps merging, oldest first
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
    Headline headline,
    List<ShareBucket> shareOverTime,
    List<CoverageBreak> coverageBreaks,
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
    requireNonNull(headline, "headline is null");
    shareOverTime = List.copyOf(shareOverTime);
    coverageBreaks = List.copyOf(coverageBreaks);
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
   * @param totals this repository's line totals, every change counted, as for the whole report
   * @param outliers this repository's own outlier cut
   * @param throughput lines per active engineer per day over this repository's whole range, after
   *     its outlier cut (empty when no human engineer merged a change)
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
      Totals totals,
      RepoCut outliers,
      Optional<ThroughputBucket> throughput) {
    public RepoSummary {
      requireNonNull(totals, "totals is null");
      requireNonNull(outliers, "outliers is null");
      requireNonNull(throughput, "throughput is null");
      requireNonNull(name, "name is null");
      requireNonNull(path, "path is null");
      requireNonNull(branch, "branch is null");
      requireNonNull(head, "head is null");
      requireNonNull(firstChange, "firstChange is null");
      requireNonNull(lastChange, "lastChange is null");
    }
  }

  /**
   * Line totals. Added lines count humans and coding agents after exclusions (and, where a total
   * says so, after the outlier cut); automation bots are never in them. AI lines are split by the
   * strongest evidence that counted them.
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
   * @param changesWithEvidence changes with any strong or medium AI evidence
   * @param addedLinesWithEvidence added lines of those changes (all their lines, not only the AI
   *     ones)
   * @param aiShareLow the lower end of the AI share's 95% interval from resampling the bucket's
   *     changes (lines of one change are not independent); empty without added lines
   * @param aiShareHigh the upper end
   */
  public record ShareBucket(
      String period,
      LocalDate start,
      long changes,
      long addedLines,
      long aiStrong,
      long aiMedium,
      long aiWeak,
      Map<String, Long> aiByAgent,
      long changesWithEvidence,
      long addedLinesWithEvidence,
      OptionalDouble aiShareLow,
      OptionalDouble aiShareHigh) {
    public ShareBucket {
      requireNonNull(period, "period is null");
      requireNonNull(start, "start is null");
      requireNonNull(aiShareLow, "aiShareLow is null");
      requireNonNull(aiShareHigh, "aiShareHigh is null");
      aiByAgent = java.util.Collections.unmodifiableMap(new TreeMap<>(aiByAgent));
    }

    /** Strong and medium AI lines over added lines. */
    public double aiShare() {
      return addedLines == 0 ? 0 : (double) (aiStrong + aiMedium) / addedLines;
    }

    /** Evidence coverage: the share of changes with any strong or medium AI evidence. */
    public double changeCoverage() {
      return changes == 0 ? 0 : (double) changesWithEvidence / changes;
    }

    /** Evidence coverage by lines: the share of added lines in changes with such evidence. */
    public double lineCoverage() {
      return addedLines == 0 ? 0 : (double) addedLinesWithEvidence / addedLines;
    }
  }

  /**
   * The headline AI share, with every change counted, next to the same share after the outlier cut,
   * and what the cut dropped.
   *
   * @param aiShare strong and medium AI lines over added lines, every change counted (the headline)
   * @param aiShareTrimmed the same after each repository's outlier cut
   * @param droppedChanges changes the cut drops
   * @param droppedLines added lines in them
   * @param droppedLineShare {@code droppedLines} over all counted added lines
   * @param droppedAiLines strong and medium AI lines in them
   */
  public record Headline(
      double aiShare,
      double aiShareTrimmed,
      long droppedChanges,
      long droppedLines,
      double droppedLineShare,
      long droppedAiLines) {}

  /** Which way an agent's evidence changed. */
  public enum BreakDirection {
    /** The agent's evidence stops while the repository keeps merging. */
    STOPS,
    /** The agent's evidence starts after a long stretch without it. */
    STARTS
  }

  /**
   * An abrupt change in one agent's evidence in one repository while changes kept merging (see
   * {@link MetricsOptions.CoverageRule}).
   *
   * @param repo repository name
   * @param agent the agent
   * @param direction whether its evidence stops or starts
   * @param date for {@code STOPS} the day of the last evidenced change, for {@code STARTS} of the
   *     first one
   * @param sha that change
   * @param windowChanges changes looked at on the active side
   * @param windowEvidence how many of them carry the agent's evidence
   * @param quietChanges merged changes on the quiet side
   * @param quietEvidence how many of them still carry the agent's evidence (strays)
   * @param strayEvidence for {@code STOPS} the day of the last stray, for {@code STARTS} of the
   *     first (empty without strays)
   * @param quietFrom day of the first quiet-side change
   * @param quietTo day of the last one
   */
  public record CoverageBreak(
      String repo,
      String agent,
      BreakDirection direction,
      LocalDate date,
      String sha,
      int windowChanges,
      int windowEvidence,
      long quietChanges,
      long quietEvidence,
      Optional<LocalDate> strayEvidence,
      LocalDate quietFrom,
      LocalDate quietTo) {
    public CoverageBreak {
      requireNonNull(strayEvidence, "strayEvidence is null");
      requireNonNull(repo, "repo is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(direction, "direction is null");
      requireNonNull(date, "date is null");
      requireNonNull(sha, "sha is null");
      requireNonNull(quietFrom, "quietFrom is null");
      requireNonNull(quietTo, "quietTo is null");
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
   * @param outliers how outlier changes were cut (throughput counts only the changes the cut keeps)
   * @param comparisonByRepository the same comparison within each repository that has changes in
   *     both periods, sorted by repository (empty without a baseline)
   */
  public record Throughput(
      List<ThroughputBucket> overTime,
      Optional<BaselineComparison> comparison,
      OutlierFilter outliers,
      List<RepoBaseline> comparisonByRepository) {
    public Throughput {
      overTime = List.copyOf(overTime);
      requireNonNull(comparison, "comparison is null");
      requireNonNull(outliers, "outliers is null");
      comparisonByRepository = List.copyOf(comparisonByRepository);
    }
  }

  /**
   * The baseline comparison within one repository.
   *
   * @param repo repository name
   * @param comparison its comparison
   */
  public record RepoBaseline(String repo, BaselineComparison comparison) {
    public RepoBaseline {
      requireNonNull(repo, "repo is null");
      requireNonNull(comparison, "comparison is null");
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
   * @param inconclusive true when either period has fewer than {@link #MIN_ENGINEERS} engineers or
   *     the interval contains 1
   * @param warnings why it is inconclusive, one sentence each
   * @param repositories the repositories compared, sorted
   * @param excludedRepositories repositories left out because they have changes in only one of the
   *     two periods, sorted
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
      double level,
      boolean inconclusive,
      List<String> warnings,
      List<String> repositories,
      List<String> excludedRepositories) {
    /** Fewer engineers than this in either period make the comparison inconclusive. */
    public static final int MIN_ENGINEERS = 5;

    public BaselineComparison {
      requireNonNull(baseline, "baseline is null");
      requireNonNull(current, "current is null");
      warnings = List.copyOf(warnings);
      repositories = List.copyOf(repositories);
      excludedRepositories = List.copyOf(excludedRepositories);
    }
  }

  /**
   * The outlier cut, made in each repository on its own. Throughput counts only the changes it
   * keeps; the headline share counts every change and shows the trimmed share next to it.
   *
   * @param percentile in each repository with at least {@code minChanges} changes, changes above
   *     this percentile of its counted added lines are cut
   * @param maxLines changes above this many added lines are cut in every repository (0 = no cap)
   * @param minChanges repositories with fewer counted changes get no percentile cut
   * @param droppedChanges changes cut, summed over repositories
   * @param droppedLines added lines they had
   * @param droppedAiLines strong and medium AI lines they had
   * @param trimmed totals over the changes the cut keeps
   * @param byRepository each repository's cut, in the order of the report's repositories
   */
  public record OutlierFilter(
      double percentile,
      long maxLines,
      int minChanges,
      long droppedChanges,
      long droppedLines,
      long droppedAiLines,
      Totals trimmed,
      List<RepoCut> byRepository) {
    public OutlierFilter {
      requireNonNull(trimmed, "trimmed is null");
      byRepository = List.copyOf(byRepository);
    }
  }

  /**
   * One repository's outlier cut.
   *
   * @param repo repository name
   * @param changes counted changes in it (bots and ignored revisions left out)
   * @param percentileApplied whether the percentile cut applied (enough changes)
   * @param threshold changes with more counted added lines than this are cut (empty: no cut)
   * @param droppedChanges changes cut
   * @param droppedLines added lines they had
   * @param droppedAiLines strong and medium AI lines they had
   */
  public record RepoCut(
      String repo,
      long changes,
      boolean percentileApplied,
      Optional<Long> threshold,
      long droppedChanges,
      long droppedLines,
      long droppedAiLines) {
    public RepoCut {
      requireNonNull(repo, "repo is null");
      requireNonNull(threshold, "threshold is null");
    }
  }

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
