package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Items with every text passed through {@link Redactor}: what {@code judgment run} sends, so a
 * lab's own file (which the reader does not redact) never reaches a provider with a secret the
 * rules find.
 *
 * @param items the redacted items, in input order
 * @param counts secrets replaced per kind, sorted by kind
 */
public record RedactedItems(List<Item> items, SortedMap<String, Integer> counts) {
  /** Copies the items and counts. */
  public RedactedItems {
    items = List.copyOf(items);
    counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }

  /** The number of secrets replaced. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Redacts every text of {@code items}: steps, next step, outcome, trigger evidence. */
  public static RedactedItems of(List<Item> items) {
    requireNonNull(items, "items is null");
    Map<String, Integer> counts = new TreeMap<>();
    List<Item> redacted = new ArrayList<>(items.size());
    for (Item item : items) {
      Item.Context context = item.context();
      Item.Outcome outcome = item.outcome();
      redacted.add(
          new Item(
              item.id(),
              item.sessionId(),
              item.sourceAgent(),
              item.at(),
              item.triggers().stream()
                  .map(t -> new Trigger(t.kind(), t.tier(), redact(t.evidence(), counts)))
                  .toList(),
              new Item.Context(
                  steps(context.steps(), counts),
                  context.tokens(),
                  context.droppedSteps(),
                  context.droppedTokens()),
              redact(item.humanNextStep(), counts),
              new Item.Outcome(
                  steps(outcome.steps(), counts),
                  outcome.tokens(),
                  outcome.droppedSteps(),
                  outcome.droppedTokens(),
                  outcome.taskOutcome(),
                  outcome.taskEvidence().map(text -> redact(text, counts)),
                  outcome.summary().map(text -> redact(text, counts))),
              item.labels()));
    }
    return new RedactedItems(redacted, new TreeMap<>(counts));
  }

  private static List<Step> steps(List<Step> steps, Map<String, Integer> counts) {
    return steps.stream().map(step -> step.withText(redact(step.text(), counts))).toList();
  }

  private static String redact(String text, Map<String, Integer> counts) {
    Redactor.Result result = Redactor.redact(text);
    result.counts().forEach((kind, count) -> counts.merge(kind, count, Integer::sum));
    return result.text();
  }
}
