package dev.loopwatch.evals.judgment;

import dev.loopwatch.core.detour.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Token estimates and trimming to a token budget. A token is taken as four characters (the rule of
 * thumb the model providers give for English text and code), rounded up, plus four tokens of
 * framing per step; this is an estimate for budgets, not a tokenizer.
 */
final class Tokens {
  /** The tokens of framing counted for each step (role and separators). */
  static final int PER_STEP = 4;

  private Tokens() {}

  /** The estimated tokens of {@code text}. */
  static long of(String text) {
    return (text.length() + 3) / 4;
  }

  /** The estimated tokens of {@code step}, framing included. */
  static long of(Step step) {
    return of(step.text()) + PER_STEP;
  }

  /** The estimated tokens of {@code steps}. */
  static long of(List<Step> steps) {
    return steps.stream().mapToLong(Tokens::of).sum();
  }

  /**
   * Steps kept within a budget, with what was dropped.
   *
   * @param steps the steps kept, in their original order
   * @param tokens their estimated tokens
   * @param droppedSteps whole steps left out
   * @param droppedTokens tokens left out, including the cut part of a shortened step
   */
  record Trimmed(List<Step> steps, long tokens, int droppedSteps, long droppedTokens) {}

  /**
   * Keeps the newest steps that fit in {@code budget} tokens, dropping the oldest first; when even
   * the newest step alone does not fit, keeps its end, marked by a leading ellipsis.
   */
  static Trimmed keepNewest(List<Step> steps, long budget) {
    return keep(steps, budget, true);
  }

  /**
   * Keeps the oldest steps that fit in {@code budget} tokens, dropping the newest first; when even
   * the oldest step alone does not fit, keeps its start, marked by a trailing ellipsis.
   */
  static Trimmed keepOldest(List<Step> steps, long budget) {
    return keep(steps, budget, false);
  }

  private static Trimmed keep(List<Step> steps, long budget, boolean newest) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be positive: " + budget);
    }
    long total = of(steps);
    if (total <= budget) {
      return new Trimmed(steps, total, 0, 0);
    }
    List<Step> kept = new ArrayList<>();
    long used = 0;
    for (int n = 0; n < steps.size(); n++) {
      Step step = steps.get(newest ? steps.size() - 1 - n : n);
      long cost = of(step);
      if (used + cost > budget) {
        if (kept.isEmpty()) {
          long room = Math.max(0, budget - PER_STEP - 1) * 4;
          String text = step.text();
          int keep = (int) Math.min(text.length(), room);
          String cut =
              newest ? "…" + text.substring(text.length() - keep) : text.substring(0, keep) + "…";
          Step shortened = step.withText(cut);
          kept.add(shortened);
          used = of(shortened);
        }
        break;
      }
      kept.add(step);
      used += cost;
    }
    if (newest) {
      java.util.Collections.reverse(kept);
    }
    int dropped = steps.size() - kept.size();
    return new Trimmed(List.copyOf(kept), used, dropped, total - used);
  }
}
