package dev.loopwatch.core.detour;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A place in a session where the human stepped in and chose the next step.
 *
 * @param agent the canonical agent id, e.g. {@code claude-code}
 * @param sessionId the session id
 * @param position the 0-based index, among the session's events, of the human's instruction; with
 *     the agent and session it identifies the point
 * @param at when the instruction was given
 * @param triggers the interventions that lead to the instruction, earliest first (an interrupt and
 *     the correction typed after it are one detour point)
 * @param before what happened in the session before the first trigger, oldest first
 * @param humanNextStep the human's instruction
 * @param after what happened after the instruction until the end of its task, oldest first
 * @param taskOutcome the outcome id of the task the instruction belongs to (such as {@code
 *     verified_success}), when the session module labels it
 * @param taskEvidence what that outcome rests on, such as {@code check passed: mvn test}
 */
public record DetourPoint(
    String agent,
    String sessionId,
    int position,
    Instant at,
    List<Trigger> triggers,
    List<Step> before,
    String humanNextStep,
    List<Step> after,
    Optional<String> taskOutcome,
    Optional<String> taskEvidence) {

  /** Checks for nulls, copies the lists and requires at least one trigger. */
  public DetourPoint {
    requireNonNull(agent, "agent is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(at, "at is null");
    triggers = List.copyOf(triggers);
    before = List.copyOf(before);
    requireNonNull(humanNextStep, "humanNextStep is null");
    after = List.copyOf(after);
    requireNonNull(taskOutcome, "taskOutcome is null");
    requireNonNull(taskEvidence, "taskEvidence is null");
    if (position < 0) {
      throw new IllegalArgumentException("position is negative: " + position);
    }
    if (triggers.isEmpty()) {
      throw new IllegalArgumentException("a detour point needs a trigger");
    }
  }
}
