package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Intervention detection in three tiers that are reported separately, never blended.
 *
 * <p>Tier 1 ({@link #tier1}) uses exact markers only.
 *
 * <p>Rules: a {@link Event.QueuedPrompt} is a {@code steer}; an {@link Event.Interruption} is an
 * {@code interrupt}, except when it directly follows a human rejection in the same turn (Claude
 * Code writes {@code [Request interrupted by user for tool use]} after every declined permission
 * prompt; that is one act, counted as the {@code reject}); a tool result rejected by a human (tool
 * or plan) is a {@code reject}; a tool result denied by policy is a {@code policy_denial}.
 *
 * <p>Tier 2 ({@link #tier2}) uses heuristics: a shell command the user ran themselves ({@code !} in
 * Claude Code, kept as meta kind {@code bash-input}) after the session's first prompt is a {@code
 * take_over}, and so is a file Claude Code reports as changed outside the agent between turns (meta
 * kind {@code external-edit}); a Codex {@code thread_rolled_back} (meta kind {@code rollback}) and
 * a rewind (meta kind {@code rewind}: a Claude Code conversation fork, a Gemini CLI {@code
 * $rewindTo}) are a {@code correct} whose evidence starts with the meta kind; a follow-up human
 * prompt (not the first of the session, nor the first after {@code /clear}, {@code /new} or {@code
 * /reset}) whose wording matches the phrase list {@code correction-phrases.txt} is a {@code
 * correct}. The phrase list documents its scoring.
 *
 * <p>Tier 3 ({@link #tier3}) asks a {@link PromptClassifier} about the same follow-up prompts.
 */
public final class Interventions {

  private static final Phrases CORRECTIONS = Phrases.load("correction-phrases.txt");
  private static final Pattern RESET =
      Pattern.compile("<command-name>/(?:clear|new|reset)</command-name>");

  private Interventions() {}

  /** Returns whether {@code event} is a command that starts a fresh conversation. */
  public static boolean isReset(Event event) {
    return event instanceof Event.Meta meta
        && meta.kind().equals("command")
        && RESET.matcher(meta.text()).find();
  }

  /**
   * Returns the phrase that makes {@code prompt} a correction by the tier-2 phrase list, if any.
   */
  public static Optional<String> correctionPhrase(String prompt) {
    return CORRECTIONS.match(prompt);
  }

  /** Returns the tier-2 (heuristic) interventions of a session's turns, in order. */
  public static List<Intervention> tier2(String sessionId, List<Turn> turns) {
    List<Intervention> found = new ArrayList<>();
    followUps(
        turns,
        (turn, prompt, previous) ->
            CORRECTIONS
                .match(prompt.text())
                .ifPresent(phrase ->
                    found.add(
                        new Intervention(
                            InterventionKind.CORRECT,
                            Tier.HEURISTIC,
                            sessionId,
                            turn.index(),
                            prompt.at(),
                            "\"" + phrase + "\": " + prompt.text()))),
        (turn, meta) -> {
          InterventionKind kind =
              switch (meta.kind()) {
                case "bash-input", "external-edit" -> InterventionKind.TAKE_OVER;
                case "rollback", "rewind" -> InterventionKind.CORRECT;
                default -> null;
              };
          if (kind != null) {
            found.add(
                new Intervention(
                    kind,
                    Tier.HEURISTIC,
                    sessionId,
                    turn.index(),
                    meta.at(),
                    meta.kind() + ": " + meta.text()));
          }
        });
    return List.copyOf(found);
  }

  /**
   * Returns the tier-3 interventions of a session's turns: the follow-up prompts (as in {@link
   * #tier2}) that {@code classifier} labels, in order.
   */
  public static List<Intervention> tier3(
      String sessionId, List<Turn> turns, PromptClassifier classifier) {
    requireNonNull(classifier, "classifier is null");
    List<Intervention> found = new ArrayList<>();
    followUps(
        turns,
        (turn, prompt, previous) ->
            classifier
                .classify(previous, prompt.text())
                .ifPresent(label ->
                    found.add(
                        new Intervention(
                            label.kind(),
                            Tier.CLASSIFIER,
                            sessionId,
                            turn.index(),
                            prompt.at(),
                            label.reason()))),
        (turn, meta) -> {});
    return List.copyOf(found);
  }

  private interface FollowUpSink {
    void prompt(Turn turn, Event.HumanPrompt prompt, String previousAgentText);
  }

  private interface MetaSink {
    void meta(Turn turn, Event.Meta meta);
  }

  /** Walks the follow-up prompts and, after the first prompt, the meta lines of {@code turns}. */
  private static void followUps(List<Turn> turns, FollowUpSink prompts, MetaSink metas) {
    boolean seenPrompt = false;
    boolean afterReset = false;
    String previous = "";
    for (Turn turn : turns) {
      for (Event event : turn.events()) {
        if (isReset(event)) {
          afterReset = true;
        }
        switch (event) {
          case Event.HumanPrompt prompt -> {
            if (seenPrompt && !afterReset) {
              prompts.prompt(turn, prompt, previous);
            }
            seenPrompt = true;
            afterReset = false;
          }
          case Event.AssistantText text -> previous = text.text();
          case Event.Meta meta -> {
            if (seenPrompt) {
              metas.meta(turn, meta);
            }
          }
          default -> {}
        }
      }
    }
  }

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
