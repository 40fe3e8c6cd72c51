package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one retrospective run found: per incident the evidence, per reviewer the funnel, catch
 * rates, false alarms on control changes, wall time and cost.
 *
 * @param reviewers the reviewer names, in the order given
 * @param judged whether a judge ran (judged numbers are zero and rates empty otherwise)
 * @param window the strict rule's window in lines
 * @param seed the seed of the control sample and the bootstrap
 * @param incidents each incident's evidence, in input order
 * @param summaries one summary per reviewer, in reviewer order
 * @param controls the control changes reviewed (full ids), in sample order
 * @param judgeModelCalls what the judge's model calls used, for a model judge
 */
public record RetroResult(
    List<String> reviewers,
    boolean judged,
    int window,
    long seed,
    List<IncidentResult> incidents,
    List<ReviewerSummary> summaries,
    List<String> controls,
    Optional<ModelCalls> judgeModelCalls) {
  /** Checks the fields are present and copies the lists. */
  public RetroResult {
    reviewers = List.copyOf(requireNonNull(reviewers, "reviewers is null"));
    incidents = List.copyOf(requireNonNull(incidents, "incidents is null"));
    summaries = List.copyOf(requireNonNull(summaries, "summaries is null"));
    controls = List.copyOf(requireNonNull(controls, "controls is null"));
    requireNonNull(judgeModelCalls, "judgeModelCalls is null");
  }

  /**
   * Whether a model budget stopped the run: some review was not made, or some finding not judged
   * ({@code stopped_by_budget}).
   */
  public boolean stoppedByBudget() {
    for (ReviewerSummary summary : summaries) {
      if (summary.funnel().stoppedByBudget() > 0
          || summary.funnel().judgeStopped() > 0
          || summary.controls().stoppedByBudget() > 0) {
        return true;
      }
    }
    for (IncidentResult incident : incidents) {
      for (ReviewResult review : incident.reviews()) {
        if (review.stoppedByBudget().isPresent() || review.judgeStopped()) {
          return true;
        }
      }
    }
    return false;
  }

  /** How far an incident got before review. */
  public enum Stage {
    /** A fix commit names no commit in the repository. */
    FIX_NOT_FOUND,
    /** SZZ found no introducing change (untraceable or filtered out) and none was declared. */
    NO_INTRODUCING_CHANGE,
    /** The introducing change has no parent to review it against. */
    NOT_REVIEWABLE,
    /** Reviewers were run on the introducing change. */
    REVIEWED,
    /** Git failed on this incident (missing objects, a broken range); the run went on. */
    ERROR;

    /** The name used in output, e.g. {@code fix-not-found}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One incident's evidence.
   *
   * @param incident the incident as given
   * @param stage how far it got
   * @param detail one sentence on why it stopped (empty when reviewed)
   * @param fixes the resolved fix commits
   * @param introducing the introducing commit, when found
   * @param declared whether the introducing commit was declared rather than found by SZZ
   * @param base the review's base commit, when reviewed
   * @param head the review's head commit, when reviewed
   * @param buggyLines the buggy lines at the head's coordinates, sorted
   * @param reviews one per reviewer, in reviewer order (empty unless reviewed)
   * @param mergeFixes the fix commits that are merge commits, each analysed against its first
   *     parent
   */
  public record IncidentResult(
      Incident incident,
      Stage stage,
      String detail,
      List<String> fixes,
      Optional<String> introducing,
      boolean declared,
      Optional<String> base,
      Optional<String> head,
      List<LineRef> buggyLines,
      List<ReviewResult> reviews,
      List<String> mergeFixes) {
    /** Checks the fields are present and copies the lists. */
    public IncidentResult {
      requireNonNull(incident, "incident is null");
      requireNonNull(stage, "stage is null");
      requireNonNull(detail, "detail is null");
      fixes = List.copyOf(requireNonNull(fixes, "fixes is null"));
      requireNonNull(introducing, "introducing is null");
      requireNonNull(base, "base is null");
      requireNonNull(head, "head is null");
      buggyLines = List.copyOf(requireNonNull(buggyLines, "buggyLines is null"));
      reviews = List.copyOf(requireNonNull(reviews, "reviews is null"));
      mergeFixes = List.copyOf(requireNonNull(mergeFixes, "mergeFixes is null"));
    }
  }

  /**
   * One reviewer on one incident's introducing change.
   *
   * @param reviewer the reviewer's name
   * @param error the reviewer error, when it failed (then it is neither caught nor missed)
   * @param findings how many findings it reported
   * @param strictCatch the first finding that caught the bug by the strict rule
   * @param judgedCatch the first finding the judge scored 2 or more
   * @param judgeErrors how many findings the judge failed on
   * @param wallTime the reviewer's wall time
   * @param costUsd the cost it reported
   * @param notApplicable why the reviewer could not read the change, when it could read none of its
   *     files (then it is neither caught nor missed)
   * @param stoppedByBudget why the review was not made, when a model budget ran out first (then it
   *     is neither caught, missed nor an error)
   * @param judgeStopped whether a model budget ran out before the judge decided this review (then
   *     it is left out of the judged rate)
   * @param modelCalls what the reviewer's model calls used, for a model reviewer
   */
  public record ReviewResult(
      String reviewer,
      Optional<String> error,
      int findings,
      Optional<Finding> strictCatch,
      Optional<JudgedCatch> judgedCatch,
      int judgeErrors,
      Duration wallTime,
      Optional<BigDecimal> costUsd,
      Optional<String> notApplicable,
      Optional<String> stoppedByBudget,
      boolean judgeStopped,
      Optional<ModelCalls> modelCalls) {
    /** Checks the fields are present. */
    public ReviewResult {
      requireNonNull(reviewer, "reviewer is null");
      requireNonNull(error, "error is null");
      requireNonNull(strictCatch, "strictCatch is null");
      requireNonNull(judgedCatch, "judgedCatch is null");
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
      requireNonNull(notApplicable, "notApplicable is null");
      requireNonNull(stoppedByBudget, "stoppedByBudget is null");
      requireNonNull(modelCalls, "modelCalls is null");
    }

    /** A review of a reviewer that calls no model. */
    public ReviewResult(
        String reviewer,
        Optional<String> error,
        int findings,
        Optional<Finding> strictCatch,
        Optional<JudgedCatch> judgedCatch,
        int judgeErrors,
        Duration wallTime,
        Optional<BigDecimal> costUsd,
        Optional<String> notApplicable) {
      this(
          reviewer,
          error,
          findings,
          strictCatch,
          judgedCatch,
          judgeErrors,
          wallTime,
          costUsd,
          notApplicable,
          Optional.empty(),
          false,
          Optional.empty());
    }
  }

  /**
   * A finding the judge scored as catching the bug.
   *
   * @param finding the finding
   * @param score its score, 2 or 3
   * @param reason the judge's reason
   */
  public record JudgedCatch(Finding finding, int score, String reason) {
    /** Checks the fields are present. */
    public JudgedCatch {
      requireNonNull(finding, "finding is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * The incidents-to-catches funnel of one reviewer, each stage a subset of the one before: {@code
   * incidents >= fixFound >= introducingFound >= rebuilt >= traceable = notApplicable + errors +
   * stoppedByBudget + reviewed}, and {@code reviewed = strictCaught + strictMissed()}. Only
   * reviewed incidents enter the catch rates: an incident without a traceable buggy line, a change
   * the reviewer could not read, a reviewer error and a review a model budget stopped are never
   * misses.
   *
   * @param incidents incidents given
   * @param fixFound incidents whose fix commits all exist
   * @param introducingFound incidents with an introducing change (found or declared)
   * @param rebuilt incidents whose introducing change was rebuilt and shown to the reviewers
   * @param traceable rebuilt incidents with at least one traceable buggy line
   * @param notApplicable traceable incidents whose change the reviewer could not read (no changed
   *     file it reads)
   * @param errors traceable, applicable incidents where the reviewer failed
   * @param reviewed traceable, applicable incidents the reviewer answered on: the catch rates'
   *     denominator
   * @param strictCaught reviewed incidents caught by the strict rule
   * @param judgedCaught reviewed incidents caught by the judge
   * @param judgeErrors judge failures over all findings of reviewed incidents
   * @param stoppedByBudget traceable, applicable incidents not reviewed because a model budget ran
   *     out ({@code stopped_by_budget})
   * @param judgeStopped reviewed incidents the judge could not decide because a model budget ran
   *     out
   */
  public record Funnel(
      int incidents,
      int fixFound,
      int introducingFound,
      int rebuilt,
      int traceable,
      int notApplicable,
      int errors,
      int reviewed,
      int strictCaught,
      int judgedCaught,
      int judgeErrors,
      int stoppedByBudget,
      int judgeStopped) {
    /** A funnel of a run no model budget stopped. */
    public Funnel(
        int incidents,
        int fixFound,
        int introducingFound,
        int rebuilt,
        int traceable,
        int notApplicable,
        int errors,
        int reviewed,
        int strictCaught,
        int judgedCaught,
        int judgeErrors) {
      this(
          incidents,
          fixFound,
          introducingFound,
          rebuilt,
          traceable,
          notApplicable,
          errors,
          reviewed,
          strictCaught,
          judgedCaught,
          judgeErrors,
          0,
          0);
    }

    /** Traceable incidents whose change the reviewer could read (errors included). */
    public int applicable() {
      return traceable - notApplicable;
    }

    /** Reviewed incidents the strict rule did not catch. */
    public int strictMissed() {
      return reviewed - strictCaught;
    }
  }

  /**
   * A catch rate with its Wilson score interval.
   *
   * @param caught incidents caught
   * @param reviewed incidents reviewed
   * @param interval caught / reviewed with its 95% Wilson score interval (empty when nothing was
   *     reviewed)
   */
  public record Rate(int caught, int reviewed, Optional<Bootstrap.Interval> interval) {
    /** Checks the fields are present. */
    public Rate {
      requireNonNull(interval, "interval is null");
    }
  }

  /**
   * False alarms on control changes.
   *
   * @param reviewed control changes the reviewer answered on (not applicable ones excluded)
   * @param notApplicable control changes with no file the reviewer reads
   * @param errors control changes where it failed
   * @param findings findings over all reviewed control changes
   * @param flagged reviewed control changes with at least one finding
   * @param perChange findings per clean change with its 95% bootstrap interval (empty when none was
   *     reviewed)
   * @param stoppedByBudget control changes not reviewed because a model budget ran out
   */
  public record Controls(
      int reviewed,
      int notApplicable,
      int errors,
      int findings,
      int flagged,
      Optional<Bootstrap.Interval> perChange,
      int stoppedByBudget) {
    /** Checks the fields are present. */
    public Controls {
      requireNonNull(perChange, "perChange is null");
    }

    /** Controls of a run no model budget stopped. */
    public Controls(
        int reviewed,
        int notApplicable,
        int errors,
        int findings,
        int flagged,
        Optional<Bootstrap.Interval> perChange) {
      this(reviewed, notApplicable, errors, findings, flagged, perChange, 0);
    }
  }

  /**
   * Everything about one reviewer.
   *
   * @param reviewer its name
   * @param funnel its funnel
   * @param strict the strict catch rate
   * @param judgedRate the judged catch rate (empty without a judge); its denominator leaves out
   *     reviews where the judge failed and caught nothing, so judge errors are never misses
   * @param strictBySeverity the strict catch rate per incident severity, sorted by severity
   * @param judgedBySeverity the judged catch rate per severity (empty without a judge)
   * @param controls false alarms on control changes
   * @param wallTime its total wall time, incidents and controls
   * @param costUsd the total cost it reported
   * @param costReports how many reviews reported a cost
   * @param modelCalls what its model calls used over incidents and controls, for a model reviewer
   */
  public record ReviewerSummary(
      String reviewer,
      Funnel funnel,
      Rate strict,
      Optional<Rate> judgedRate,
      SortedMap<String, Rate> strictBySeverity,
      SortedMap<String, Rate> judgedBySeverity,
      Controls controls,
      Duration wallTime,
      BigDecimal costUsd,
      int costReports,
      Optional<ModelCalls> modelCalls) {
    /** Checks the fields are present and copies the maps. */
    public ReviewerSummary {
      requireNonNull(reviewer, "reviewer is null");
      requireNonNull(funnel, "funnel is null");
      requireNonNull(strict, "strict is null");
      requireNonNull(judgedRate, "judgedRate is null");
      strictBySeverity =
          Collections.unmodifiableSortedMap(
              new TreeMap<>(requireNonNull(strictBySeverity, "strictBySeverity is null")));
      judgedBySeverity =
          Collections.unmodifiableSortedMap(
              new TreeMap<>(requireNonNull(judgedBySeverity, "judgedBySeverity is null")));
      requireNonNull(controls, "controls is null");
      requireNonNull(wallTime, "wallTime is null");
      requireNonNull(costUsd, "costUsd is null");
      requireNonNull(modelCalls, "modelCalls is null");
    }
  }
}
