package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A tier-3 classifier of follow-up prompts (an LLM or any other model): the seam for labelling a
 * prompt as steering, correction, continuation or question. No implementation ships; {@link
 * Interventions#tier3} applies one.
 */
public interface PromptClassifier {

  /**
   * A classifier's label for one prompt that is an intervention.
   *
   * @param kind the intervention kind, such as {@code correct} or {@code steer}
   * @param reason the classifier's short reason
   */
  record Label(InterventionKind kind, String reason) {
    /** Checks for nulls. */
    public Label {
      requireNonNull(kind, "kind is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * Classifies a follow-up prompt; returns empty when it is no intervention (a continuation or a
   * question).
   *
   * @param previousAgentText the agent's last text before the prompt, or empty
   * @param prompt the prompt the human typed
   */
  Optional<Label> classify(String previousAgentText, String prompt);
}
