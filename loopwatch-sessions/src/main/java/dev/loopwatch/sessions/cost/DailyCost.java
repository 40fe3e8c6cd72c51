package dev.loopwatch.sessions.cost;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Usage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tokens and cost of one model on one UTC day.
 *
 * @param day the UTC date of the assistant messages
 * @param model the model id, or empty when the transcript did not say
 * @param tokens the tokens
 * @param costUsd the cost in US dollars; empty when the model has no price
 */
public record DailyCost(LocalDate day, String model, Usage tokens, Optional<Double> costUsd) {

  /** Checks for nulls. */
  public DailyCost {
    requireNonNull(day, "day is null");
    requireNonNull(model, "model is null");
    requireNonNull(tokens, "tokens is null");
    requireNonNull(costUsd, "costUsd is null");
  }

  /**
   * Returns the tokens and cost of every session in {@code sessions} (subagents included) per UTC
   * day and model, sorted by day then model.
   */
  public static List<DailyCost> of(List<Session> sessions, Prices prices) {
    requireNonNull(prices, "prices is null");
    Map<LocalDate, Map<String, Usage>> days = new TreeMap<>();
    for (Session session : sessions) {
      for (Event event : session.events()) {
        if (event instanceof Event.TokenUsage tokens) {
          days.computeIfAbsent(
                  LocalDate.ofInstant(tokens.at(), ZoneOffset.UTC), d -> new TreeMap<>())
              .merge(tokens.model(), tokens.usage(), Usage::plus);
        }
      }
    }
    List<DailyCost> rows = new ArrayList<>();
    days.forEach((day, models) ->
        models.forEach((model, usage) ->
            rows.add(new DailyCost(day, model, usage, prices.cost(model, usage)))));
    return List.copyOf(rows);
  }
}
