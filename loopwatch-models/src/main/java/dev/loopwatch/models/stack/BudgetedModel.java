package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Price;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The innermost decorator: reserves each attempt's worst-case cost in the {@link Budget} before it
 * is sent, settles it on the reported usage, releases it on failure, and counts the call in the
 * {@link Spend}. Worst case: {@link Request#estimatedInputTokens()} at the higher of the input and
 * cache-write prices, plus {@code max_tokens} at the output price. A model with no price reserves 0
 * dollars (its cost is unknown; the factory refuses a dollar budget for it).
 */
final class BudgetedModel implements Model {
  private final Model inner;
  private final Budget budget;
  private final Spend spend;
  private final Optional<Price> price;
  private final Prices prices;

  BudgetedModel(Model inner, Budget budget, Spend spend, Prices prices) {
    this.inner = requireNonNull(inner, "inner is null");
    this.budget = requireNonNull(budget, "budget is null");
    this.spend = requireNonNull(spend, "spend is null");
    this.prices = requireNonNull(prices, "prices is null");
    this.price = prices.price(inner.spec().model());
  }

  @Override
  public ModelSpec spec() {
    return inner.spec();
  }

  /** The most {@code request} can cost at {@code price}, in US dollars. */
  static double worstCase(Request request, Price price) {
    return (request.estimatedInputTokens() * Math.max(price.input(), price.cacheWrite())
            + (double) request.maxTokens() * price.output())
        / 1_000_000.0;
  }

  @Override
  public Response complete(Request request) {
    double worst = price.map(p -> worstCase(request, p)).orElse(0.0);
    Budget.Reservation reservation =
        switch (budget.reserve(worst)) {
          case Budget.Result.Reserved reserved -> reserved.reservation();
          case Budget.Result.Refused refused -> {
            spend.refused();
            throw new ModelException(spec().name(), new ModelError.OverBudget(refused.reason()));
          }
        };
    Response response;
    try {
      response = inner.complete(request);
    } catch (RuntimeException e) {
      budget.release(reservation);
      throw e;
    }
    Optional<Double> cost = response.usage().flatMap(usage -> prices.cost(spec().model(), usage));
    budget.settle(reservation, cost.map(OptionalDouble::of).orElseGet(OptionalDouble::empty));
    spend.call(response.usage(), cost);
    return response;
  }
}
