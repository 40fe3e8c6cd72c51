package dev.loopwatch.sessions;

import java.util.ArrayList;
import java.util.List;

/**
 * Tier-1 intervention detection: exact markers only, from normalised events.
 *
 * <p>Rules: a {@link Event.QueuedPrompt} is a {@code steer}; an {@link Event.Interruption} is an
 * {@code interrupt}, except when it directly follows a human rejection in the same turn (Claude
 * Code writes {@code [Request interrupted by user for tool use]} after every declined permission
 * prompt; that is one act, counted as the {@code reject}); a tool result rejected by a human (tool
 * or plan) is a {@code reject}; a tool result denied by policy is a {@code policy_denial}.
 */
public final class Interventions {

  private Interventions() {}

  /** Returns the tier-1 interventions of a session's turns, in order. */
  public static List<Intervention> tier1(String sessionId, List<Turn> turns) {
    List<Intervention> found = new ArrayList<>();
    for (Turn turn : turns) {
      boolean afterRejection = false;
      for (Event event : turn.events()) {
        InterventionKind kind = null;
        String evidence = "";
        boolean rejection = false;
        switch (event) {
          case Event.QueuedPrompt queued -> {
            kind = InterventionKind.STEER;
            evidence = queued.text();
          }
          case Event.Interruption interruption -> {
            if (!afterRejection) {
              kind = InterventionKind.INTERRUPT;
              evidence = interruption.marker();
            }
          }
          case Event.ToolResult result -> {
            switch (result.status()) {
              case REJECTED_BY_HUMAN, PLAN_REJECTED_BY_HUMAN -> {
                kind = InterventionKind.REJECT;
                rejection = true;
              }
              case DENIED_BY_POLICY -> kind = InterventionKind.POLICY_DENIAL;
              case OK, ERROR, INTERRUPTED -> {}
            }
            evidence = result.text();
          }
          case Event.Meta meta -> {
            continue;
          }
          case Event.HumanPrompt p -> {}
          case Event.DelegatedPrompt p -> {}
          case Event.AssistantText t -> {}
          case Event.Reasoning r -> {}
          case Event.ToolCall c -> {}
          case Event.Compaction c -> {}
          case Event.TokenUsage u -> {
            continue;
          }
        }
        afterRejection = rejection;
        if (kind != null) {
          found.add(
              new Intervention(kind, Tier.MARKER, sessionId, turn.index(), event.at(), evidence));
        }
      }
    }
    return List.copyOf(found);
  }
}
