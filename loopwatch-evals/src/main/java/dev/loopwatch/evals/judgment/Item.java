package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One judgment item: a decision point with what came before, the human's actual next step and what
 * came after. The file format is documented in docs/JUDGMENT.md and read by {@link ItemsFile}.
 *
 * @param id unique within its file
 * @param sessionId the session the item comes from; bootstrap intervals resample sessions
 * @param sourceAgent the agent of the session, such as {@code claude-code}, or a lab's own name
 * @param at when the human gave the next step, if known
 * @param triggers the interventions that make this a decision point (empty for curated items)
 * @param context what happened so far, trimmed to a token budget
 * @param humanNextStep what the human actually did next
 * @param outcome what happened after, trimmed to a token budget, with the task's outcome label
 * @param labels human raters' verdicts on candidates' proposals, for judge–human agreement
 */
public record Item(
    String id,
    String sessionId,
    String sourceAgent,
    Optional<Instant> at,
    List<Trigger> triggers,
    Context context,
    String humanNextStep,
    Outcome outcome,
    List<Label> labels) {

  /** Checks for nulls and blanks and copies the lists. */
  public Item {
    requireText(id, "id");
    requireText(sessionId, "sessionId");
    requireText(sourceAgent, "sourceAgent");
    requireNonNull(at, "at is null");
    triggers = List.copyOf(triggers);
    requireNonNull(context, "context is null");
    requireText(humanNextStep, "humanNextStep");
    requireNonNull(outcome, "outcome is null");
    labels = List.copyOf(labels);
  }

  private static void requireText(String value, String name) {
    requireNonNull(value, name + " is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }

  /**
   * What happened before the decision point, oldest first.
   *
   * @param steps the steps kept
   * @param tokens the estimated tokens of the steps kept
   * @param droppedSteps how many of the oldest steps were left out to fit the budget
   * @param droppedTokens the estimated tokens left out (including the cut part of a step that was
   *     shortened)
   */
  public record Context(List<Step> steps, long tokens, int droppedSteps, long droppedTokens) {
    /** Copies the steps and checks the counts. */
    public Context {
      steps = List.copyOf(steps);
      if (tokens < 0 || droppedSteps < 0 || droppedTokens < 0) {
        throw new IllegalArgumentException("negative count in context");
      }
    }
  }

  /**
   * What happened after the human's next step, oldest first.
   *
   * @param steps the steps kept
   * @param tokens the estimated tokens of the steps kept
   * @param droppedSteps how many of the newest steps were left out to fit the budget
   * @param droppedTokens the estimated tokens left out
   * @param taskOutcome the task's outcome label, such as {@code verified_success}, if known
   * @param taskEvidence what the label rests on, if known
   * @param summary a written account of the outcome (curated items), if any
   */
  public record Outcome(
      List<Step> steps,
      long tokens,
      int droppedSteps,
      long droppedTokens,
      Optional<String> taskOutcome,
      Optional<String> taskEvidence,
      Optional<String> summary) {
    /** Copies the steps and checks the counts. */
    public Outcome {
      steps = List.copyOf(steps);
      requireNonNull(taskOutcome, "taskOutcome is null");
      requireNonNull(taskEvidence, "taskEvidence is null");
      requireNonNull(summary, "summary is null");
      if (tokens < 0 || droppedSteps < 0 || droppedTokens < 0) {
        throw new IllegalArgumentException("negative count in outcome");
      }
    }
  }

  /**
   * A human rater's verdict on one candidate's proposal against the human's next step.
   *
   * @param candidate the candidate model's name
   * @param preferred which step the rater preferred
   * @param rater who rated, if recorded
   */
  public record Label(String candidate, Verdict preferred, Optional<String> rater) {
    /** Checks for nulls. */
    public Label {
      requireText(candidate, "candidate");
      requireNonNull(preferred, "preferred is null");
      requireNonNull(rater, "rater is null");
    }
  }
}
