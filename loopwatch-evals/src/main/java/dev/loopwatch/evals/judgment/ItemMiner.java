package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.detour.DetourPoint;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns detour points into judgment items: every text redacted by {@link Redactor} first, then the
 * context trimmed to its token budget dropping the oldest steps, and the outcome trimmed to its
 * budget dropping the newest (the task's outcome label, kept whole, says how it ended).
 *
 * <p>Not thread-safe: one miner accumulates the redaction counts of the items it made.
 */
public final class ItemMiner {
  /** The default context budget in estimated tokens. */
  public static final int DEFAULT_CONTEXT_TOKENS = 8000;

  /** The default outcome budget in estimated tokens. */
  public static final int DEFAULT_OUTCOME_TOKENS = 4000;

  private final int contextTokens;
  private final int outcomeTokens;
  private final Map<String, Integer> redactions = new TreeMap<>();
  private int items;

  /**
   * A miner with these budgets.
   *
   * @throws IllegalArgumentException if a budget is not positive
   */
  public ItemMiner(int contextTokens, int outcomeTokens) {
    if (contextTokens < 1 || outcomeTokens < 1) {
      throw new IllegalArgumentException(
          "budgets must be positive: " + contextTokens + ", " + outcomeTokens);
    }
    this.contextTokens = contextTokens;
    this.outcomeTokens = outcomeTokens;
  }

  /** Returns the id of the item made from {@code point}: agent, session and position. */
  public static String id(DetourPoint point) {
    return point.agent() + ":" + point.sessionId() + ":" + point.position();
  }

  /** Returns the item for {@code point}, redacted and trimmed. */
  public Item item(DetourPoint point) {
    requireNonNull(point, "point is null");
    Tokens.Trimmed context = Tokens.keepNewest(redact(point.before()), contextTokens);
    Tokens.Trimmed after = Tokens.keepOldest(redact(point.after()), outcomeTokens);
    List<Trigger> triggers = new ArrayList<>();
    for (Trigger trigger : point.triggers()) {
      triggers.add(new Trigger(trigger.kind(), trigger.tier(), redact(trigger.evidence())));
    }
    items++;
    return new Item(
        id(point),
        point.sessionId(),
        point.agent(),
        Optional.of(point.at()),
        triggers,
        new Item.Context(
            context.steps(), context.tokens(), context.droppedSteps(), context.droppedTokens()),
        redact(point.humanNextStep()),
        new Item.Outcome(
            after.steps(),
            after.tokens(),
            after.droppedSteps(),
            after.droppedTokens(),
            point.taskOutcome(),
            point.taskEvidence().map(this::redact),
            Optional.empty()),
        List.of());
  }

  /** Returns how many items this miner made. */
  public int items() {
    return items;
  }

  /** Returns the secrets redacted so far per kind, sorted by kind. */
  public SortedMap<String, Integer> redactions() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(redactions));
  }

  /** Returns the number of secrets redacted so far. */
  public int redactionCount() {
    return redactions.values().stream().mapToInt(Integer::intValue).sum();
  }

  private List<Step> redact(List<Step> steps) {
    List<Step> redacted = new ArrayList<>(steps.size());
    for (Step step : steps) {
      redacted.add(step.withText(redact(step.text())));
    }
    return redacted;
  }

  private String redact(String text) {
    Redactor.Result result = Redactor.redact(text);
    result.counts().forEach((kind, count) -> redactions.merge(kind, count, Integer::sum));
    return result.text();
  }
}
