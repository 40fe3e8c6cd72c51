package dev.loopwatch.sessions.cost;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Prices;
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
    Accumulator accumulator = accumulator(prices);
    sessions.forEach(accumulator::add);
    return accumulator.finish();
  }

  /**
   * Returns an empty accumulator that prices with {@code prices}, to add sessions one at a time.
   */
  public static Accumulator accumulator(Prices prices) {
    return new Accumulator(prices);
  }

  /**
   * Sums the tokens of sessions added one at a time per UTC day and model; holds one total per day
   * and model, never the sessions.
   */
  public static final class Accumulator {
    private final Prices prices;
    private final Map<LocalDate, Map<String, Usage>> days = new TreeMap<>();

    private Accumulator(Prices prices) {
      this.prices = requireNonNull(prices, "prices is null");
    }

    /** Adds the tokens of one session (a main session or a subagent). */
    public void add(Session session) {
      for (Event event : session.events()) {
        if (event instanceof Event.TokenUsage tokens) {
          days.computeIfAbsent(
                  LocalDate.ofInstant(tokens.at(), ZoneOffset.UTC), d -> new TreeMap<>())
              .merge(tokens.model(), tokens.usage(), Usage::plus);
        }
      }
    }

    /** Returns the rows so far, sorted by day then model. */
    public List<DailyCost> finish() {
      List<DailyCost> rows = new ArrayList<>();
      days.forEach((day, models) ->
          models.forEach((model, usage) ->
              rows.add(new DailyCost(day, model, usage, prices.cost(model, usage)))));
      return List.copyOf(rows);
    }
  }
}
