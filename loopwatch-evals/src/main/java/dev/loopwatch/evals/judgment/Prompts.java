package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.detour.Step;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts of a judgment run and the judge's output format, versioned as {@value #VERSION}
 * (docs/JUDGMENT.md quotes them). The candidate sees only the context and proposes the next step;
 * the judge sees the context, the outcome and two proposals labelled A and B, never which is the
 * human's, and answers with a last line {@code VERDICT: A}, {@code VERDICT: B} or {@code VERDICT:
 * TIE}. Any other last line is a judge error ({@link #parseVerdict}), never a win or a loss.
 */
public final class Prompts {
  /** The version of the prompts and the verdict format, stored with every run. */
  public static final String VERSION = "judgment-prompts/1";

  /** The candidate's system prompt. */
  public static final String CANDIDATE_SYSTEM =
      """
      You are an experienced researcher advising on a session in which a human directs an AI \
      coding agent. You are shown what happened so far, oldest first. Propose the single next \
      step the human should take now: one instruction to the agent, in at most a few sentences. \
      Reply with the instruction only.\
      """;

  /** The judge's system prompt. */
  public static final String JUDGE_SYSTEM =
      """
      You judge research decisions. You are shown a session in which a human directs an AI \
      coding agent, up to a decision point; how the work turned out afterwards; and two proposed \
      next steps, A and B, for that decision point. Knowing the outcome, decide which proposal \
      would have been the better next step: the one more likely to reach a good result sooner. \
      Do not prefer a proposal for being longer or more detailed. You may reason briefly first. \
      The last line of your answer must be exactly one of:
      VERDICT: A
      VERDICT: B
      VERDICT: TIE\
      """;

  /** The most output tokens of a candidate's proposal. */
  public static final int CANDIDATE_MAX_TOKENS = 512;

  /** The most output tokens of a judge's answer. */
  public static final int JUDGE_MAX_TOKENS = 512;

  private static final Pattern VERDICT = Pattern.compile("VERDICT: (A|B|TIE)");

  private Prompts() {}

  /** The candidate's user message: the context of {@code item}. */
  public static String candidate(Item item) {
    requireNonNull(item, "item is null");
    StringBuilder text = new StringBuilder();
    context(item, text);
    text.append("\nWhat should the human tell the agent next?");
    return text.toString();
  }

  /**
   * The judge's user message: the context and outcome of {@code item}, then proposal {@code a} as A
   * and {@code b} as B.
   */
  public static String judge(Item item, String a, String b) {
    requireNonNull(item, "item is null");
    requireNonNull(a, "a is null");
    requireNonNull(b, "b is null");
    StringBuilder text = new StringBuilder();
    context(item, text);
    text.append("\n## What happened after the decision point\n");
    Item.Outcome outcome = item.outcome();
    steps(outcome.steps(), outcome.droppedSteps(), "later", text);
    outcome.summary().ifPresent(summary -> text.append("Summary: ").append(summary).append('\n'));
    outcome
        .taskOutcome()
        .ifPresent(label -> text.append("Task outcome: ").append(label).append('\n'));
    outcome
        .taskEvidence()
        .ifPresent(evidence -> text.append("Evidence: ").append(evidence).append('\n'));
    text.append("\n## Proposal A\n").append(a.strip()).append('\n');
    text.append("\n## Proposal B\n").append(b.strip()).append('\n');
    text.append("\nWhich proposal was the better next step? End with the verdict line.");
    return text.toString();
  }

  private static void context(Item item, StringBuilder text) {
    text.append("## The session so far (oldest first)\n");
    steps(item.context().steps(), item.context().droppedSteps(), "earlier", text);
  }

  private static void steps(List<Step> steps, int dropped, String where, StringBuilder text) {
    if (dropped > 0) {
      text.append("(").append(dropped).append(" ").append(where).append(" steps left out)\n");
    }
    for (Step step : steps) {
      text.append('[').append(step.role().id()).append("] ").append(step.text()).append('\n');
    }
    if (steps.isEmpty()) {
      text.append("(nothing)\n");
    }
  }

  /**
   * The judge's pick read from its {@code answer}: the last non-blank line, stripped, must be
   * exactly {@code VERDICT: A}, {@code VERDICT: B} or {@code VERDICT: TIE}. Empty for anything else
   * (a judge error).
   */
  public static Optional<Pick> parseVerdict(String answer) {
    requireNonNull(answer, "answer is null");
    String[] lines = answer.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    Matcher matcher = VERDICT.matcher(last);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (matcher.group(1)) {
          case "A" -> Pick.FIRST;
          case "B" -> Pick.SECOND;
          default -> Pick.TIE;
        });
  }
}
