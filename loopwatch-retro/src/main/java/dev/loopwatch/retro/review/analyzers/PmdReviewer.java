package dev.loopwatch.retro.review.analyzers;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewRequest;
import dev.loopwatch.retro.review.Reviewer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.pmd.PMDConfiguration;
import net.sourceforge.pmd.PmdAnalysis;
import net.sourceforge.pmd.lang.rule.RulePriority;
import net.sourceforge.pmd.reporting.Report;
import net.sourceforge.pmd.reporting.RuleViolation;
import net.sourceforge.pmd.util.log.PmdReporter;
import org.slf4j.event.Level;

/**
 * PMD 7 as a reviewer: runs the configured rulesets in-process ({@link PmdAnalysis}) on the changed
 * {@code .java} files of the change's worktree and reports the violations that overlap a line the
 * change added or modified.
 *
 * <p>The default rulesets are PMD's bug-finding categories, {@value #ERROR_PRONE}, {@value
 * #BEST_PRACTICES} and {@value #MULTITHREADING}; style, design, documentation and performance rules
 * are left out because they are not bugs. The Java language version is PMD's default (the newest it
 * knows). Files are analysed without an auxiliary classpath, so rules that need type resolution of
 * library types see less. Each finding's message is {@code RuleName: description}; its severity
 * comes from the rule priority: 1-2 {@code error}, 3 {@code warning}, 4-5 {@code info}. PMD's
 * processing or configuration errors make the review {@link ReviewOutcome.Failed}; a change without
 * such a file is {@link ReviewOutcome.NotApplicable}.
 */
public final class PmdReviewer implements Reviewer {
  /** PMD's error-prone category. */
  public static final String ERROR_PRONE = "category/java/errorprone.xml";

  /** PMD's best-practices category. */
  public static final String BEST_PRACTICES = "category/java/bestpractices.xml";

  /** PMD's multithreading category. */
  public static final String MULTITHREADING = "category/java/multithreading.xml";

  /** The rulesets a default reviewer runs. */
  public static final List<String> DEFAULT_RULESETS =
      List.of(ERROR_PRONE, BEST_PRACTICES, MULTITHREADING);

  private final List<String> rulesets;

  private PmdReviewer(List<String> rulesets) {
    this.rulesets = rulesets;
  }

  /** A reviewer running {@link #DEFAULT_RULESETS}. */
  public static PmdReviewer withDefaultRulesets() {
    return new PmdReviewer(DEFAULT_RULESETS);
  }

  /**
   * A reviewer running the given rulesets: PMD ruleset references (a classpath resource such as
   * {@code category/java/errorprone.xml}, a single rule {@code category/java/errorprone.xml/
   * EmptyCatchBlock}, or a ruleset XML file path).
   *
   * @throws IllegalArgumentException if {@code rulesets} is empty
   */
  public static PmdReviewer withRulesets(List<String> rulesets) {
    List<String> copy = List.copyOf(requireNonNull(rulesets, "rulesets is null"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one PMD ruleset is needed");
    }
    return new PmdReviewer(copy);
  }

  /** A reviewer running the ruleset XML file at {@code ruleset}. */
  public static PmdReviewer withRuleset(Path ruleset) {
    return withRulesets(List.of(requireNonNull(ruleset, "ruleset is null").toString()));
  }

  /** The rulesets this reviewer runs, in order. */
  public List<String> rulesets() {
    return rulesets;
  }

  @Override
  public String name() {
    return "pmd";
  }

  @Override
  public ReviewOutcome review(ReviewRequest request) {
    requireNonNull(request, "request is null");
    long start = System.nanoTime();
    List<String> files = ChangedJava.files(request);
    if (files.isEmpty()) {
      return new ReviewOutcome.NotApplicable(
          ChangedJava.NOT_APPLICABLE, elapsed(start), Optional.empty());
    }
    try {
      List<Finding> findings = analyse(request, files);
      return new ReviewOutcome.Reviewed(findings, elapsed(start), Optional.empty());
    } catch (AnalysisFailure e) {
      return new ReviewOutcome.Failed(e.getMessage(), elapsed(start), Optional.empty());
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return new ReviewOutcome.Failed(
          "PMD failed: " + ChangedJava.describe(e), elapsed(start), Optional.empty());
    }
  }

  private List<Finding> analyse(ReviewRequest request, List<String> files) {
    CollectingReporter reporter = new CollectingReporter();
    PMDConfiguration configuration = new PMDConfiguration();
    configuration.setReporter(reporter);
    configuration.setThreads(0);
    configuration.setIgnoreIncrementalAnalysis(true);
    configuration.setSourceEncoding(StandardCharsets.UTF_8);
    configuration.setMinimumPriority(RulePriority.LOW);
    configuration.setRuleSets(rulesets);
    Report report;
    try (PmdAnalysis analysis = PmdAnalysis.create(configuration)) {
      reporter.throwIfFailed();
      if (analysis.getRulesets().isEmpty()) {
        throw new AnalysisFailure("PMD loaded no rules from " + String.join(", ", rulesets));
      }
      for (String file : files) {
        analysis.files().addFile(request.worktree().resolve(file));
      }
      report = analysis.performAnalysisAndCollectReport();
    }
    reporter.throwIfFailed();
    if (!report.getProcessingErrors().isEmpty()) {
      Report.ProcessingError error = report.getProcessingErrors().getFirst();
      throw new AnalysisFailure(
          "PMD could not analyse "
              + ChangedJava.relative(
                  request.worktree(), Path.of(error.getFileId().getAbsolutePath()))
              + ": "
              + ChangedJava.firstLine(error.getMsg(), "processing error"));
    }
    if (!report.getConfigurationErrors().isEmpty()) {
      Report.ConfigurationError error = report.getConfigurationErrors().getFirst();
      throw new AnalysisFailure(
          "PMD rule " + error.rule().getName() + " is misconfigured: " + error.issue());
    }
    List<Finding> findings = new ArrayList<>();
    for (RuleViolation violation : report.getViolations()) {
      String file =
          ChangedJava.relative(
              request.worktree(), Path.of(violation.getFileId().getAbsolutePath()));
      int begin = Math.max(1, violation.getBeginLine());
      int end = Math.max(begin, violation.getEndLine());
      if (!ChangedJava.touchesChange(request, file, begin, end)) {
        continue;
      }
      findings.add(
          new Finding(
              file,
              begin,
              end,
              violation.getRule().getName() + ": " + violation.getDescription(),
              severity(violation.getRule().getPriority())));
    }
    findings.sort(ChangedJava.ORDER);
    return List.copyOf(findings);
  }

  /** The severity word for a PMD rule priority. */
  static String severity(RulePriority priority) {
    return switch (priority) {
      case HIGH, MEDIUM_HIGH -> "error";
      case MEDIUM -> "warning";
      case MEDIUM_LOW, LOW -> "info";
    };
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * A failure of the analysis itself, with the one-line reason for {@link ReviewOutcome.Failed}.
   */
  private static final class AnalysisFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AnalysisFailure(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * PMD's message reporter, kept silent: it records the first error instead of printing, so the
   * review fails with PMD's own words.
   */
  private static final class CollectingReporter implements PmdReporter {
    private int errors;
    private String firstError = "";

    @Override
    public boolean isLoggable(Level level) {
      return level == Level.ERROR;
    }

    @Override
    public void logEx(Level level, String message, Object[] formatArgs, Throwable error) {
      if (level != Level.ERROR) {
        return;
      }
      errors++;
      if (firstError.isEmpty()) {
        String text = message == null ? "" : message;
        try {
          text = MessageFormat.format(text, formatArgs == null ? new Object[0] : formatArgs);
        } catch (IllegalArgumentException e) {
          // keep the unformatted message
        }
        if (text.isBlank() && error != null) {
          text = ChangedJava.describe(error);
        }
        firstError = ChangedJava.firstLine(text, "error");
      }
    }

    @Override
    public int numErrors() {
      return errors;
    }

    void throwIfFailed() {
      if (errors > 0) {
        throw new AnalysisFailure("PMD failed: " + firstError);
      }
    }
  }
}
