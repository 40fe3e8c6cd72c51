package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Price;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Sleeper;
import dev.loopwatch.models.command.CommandModel;
import dev.loopwatch.models.http.AnthropicBatch;
import dev.loopwatch.models.http.AnthropicModel;
import dev.loopwatch.models.http.OpenAiModel;
import dev.loopwatch.models.replay.ReplayModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Opens configured models wrapped in their decorators, outermost first: response cache (when a
 * cache is given and the spec allows it), retries, rate limits, budget, then the provider. Every
 * check that can fail on the user's input (the API key's variable, a dollar budget for a model
 * without a price, a replay file) runs here, before any request is sent. One stack is shared by the
 * models of a run so they share the budget and the spend totals.
 */
public final class ModelStack {
  /** Message Batches cost half the list price. */
  public static final double BATCH_DISCOUNT = 0.5;

  private final Map<String, String> environment;
  private final Prices prices;
  private final Optional<ResponseCache> cache;
  private final Budget budget;
  private final Spend spend = new Spend();
  private final Sleeper sleeper;
  private final Clock clock;
  private final Path directory;

  private ModelStack(
      Map<String, String> environment,
      Prices prices,
      Optional<ResponseCache> cache,
      Budget budget,
      Sleeper sleeper,
      Clock clock,
      Path directory) {
    this.environment = Map.copyOf(environment);
    this.prices = prices;
    this.cache = cache;
    this.budget = budget;
    this.sleeper = sleeper;
    this.clock = clock;
    this.directory = directory;
  }

  /**
   * A stack reading keys from {@code environment}, pricing with {@code prices}, caching in {@code
   * cache} (empty: no cache) and spending within {@code budget}; real sleeps and clock, commands
   * run in the current folder.
   */
  public static ModelStack of(
      Map<String, String> environment,
      Prices prices,
      Optional<ResponseCache> cache,
      Budget budget) {
    return of(environment, prices, cache, budget, Sleeper.REAL, Clock.systemUTC());
  }

  /** A stack with the given sleeper and clock, for tests. */
  public static ModelStack of(
      Map<String, String> environment,
      Prices prices,
      Optional<ResponseCache> cache,
      Budget budget,
      Sleeper sleeper,
      Clock clock) {
    return new ModelStack(
        requireNonNull(environment, "environment is null"),
        requireNonNull(prices, "prices is null"),
        requireNonNull(cache, "cache is null"),
        requireNonNull(budget, "budget is null"),
        requireNonNull(sleeper, "sleeper is null"),
        requireNonNull(clock, "clock is null"),
        Path.of("").toAbsolutePath());
  }

  /** Opens {@code spec} with its decorators; user-input errors are raised before any request. */
  public Model open(ModelSpec spec) {
    requireNonNull(spec, "spec is null");
    Optional<String> key = ModelsConfig.apiKey(spec, environment);
    requirePriceForCostLimit(spec);
    Model provider =
        switch (spec.provider()) {
          case ANTHROPIC -> new AnthropicModel(spec, key);
          case OPENAI -> new OpenAiModel(spec, key);
          case COMMAND -> new CommandModel(spec, directory);
          case REPLAY -> ReplayModel.open(spec);
        };
    Model model = new BudgetedModel(provider, budget, spend, prices);
    model = new RateLimitedModel(model, sleeper);
    model = new RetryingModel(model, sleeper, spend);
    if (cache.isPresent() && spec.cache()) {
      model = new CachingModel(model, cache.get(), spend, prices, clock);
    }
    return model;
  }

  /**
   * Answers {@code requests} of an Anthropic model with {@code batch = true} through Message
   * Batches: cached answers are served first; the budget reserves each remaining request's worst
   * case at the batch price (half the list price) and refuses what does not fit; the rest go in one
   * batch job (polled every {@code pollEvery}), are costed at half price, cached, and counted.
   * Retries and rate limits do not apply: a failed request of a batch is a {@link Outcome.Failed},
   * retryable or not, for the caller to send again. Returns one outcome per request, in order.
   */
  public List<Outcome> completeBatch(ModelSpec spec, List<Request> requests, Duration pollEvery) {
    requireNonNull(spec, "spec is null");
    requireNonNull(requests, "requests is null");
    if (spec.provider() != Provider.ANTHROPIC || !spec.batch()) {
      throw LoopwatchException.userInput(
          "model '"
              + spec.name()
              + "' cannot use batches: set batch = true in its [models."
              + spec.name()
              + "] table (anthropic only)");
    }
    Optional<String> key = ModelsConfig.apiKey(spec, environment);
    requirePriceForCostLimit(spec);
    Optional<Price> price = prices.price(spec.model());
    Outcome[] outcomes = new Outcome[requests.size()];
    List<Integer> sent = new ArrayList<>();
    List<Budget.Reservation> reservations = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Request request = requests.get(i);
      if (cache.isPresent() && spec.cache()) {
        Optional<Response> hit =
            cache
                .get()
                .find(
                    CanonicalRequest.cacheKey(spec, request),
                    spec,
                    spec.cacheExpiry(),
                    clock.instant());
        if (hit.isPresent()) {
          spend.cacheHit(batchCost(spec, hit.get()));
          outcomes[i] = new Outcome.Answered(hit.get());
          continue;
        }
      }
      double worst =
          price.map(p -> BudgetedModel.worstCase(request, p) * BATCH_DISCOUNT).orElse(0.0);
      switch (budget.reserve(worst)) {
        case Budget.Result.Reserved reserved -> {
          sent.add(i);
          reservations.add(reserved.reservation());
        }
        case Budget.Result.Refused refused -> {
          spend.refused();
          outcomes[i] =
              new Outcome.Failed(
                  new ModelException(spec.name(), new ModelError.OverBudget(refused.reason())));
        }
      }
    }
    List<Outcome> answers;
    try {
      answers =
          sent.isEmpty()
              ? List.of()
              : new AnthropicBatch(spec, key, sleeper, pollEvery)
                  .complete(sent.stream().map(requests::get).toList());
    } catch (RuntimeException e) {
      reservations.forEach(budget::release);
      throw e;
    }
    for (int j = 0; j < sent.size(); j++) {
      int i = sent.get(j);
      Outcome outcome = answers.get(j);
      switch (outcome) {
        case Outcome.Answered answered -> {
          Response response = answered.response();
          Optional<Double> cost = batchCost(spec, response);
          budget.settle(
              reservations.get(j), cost.map(OptionalDouble::of).orElseGet(OptionalDouble::empty));
          spend.call(response.usage(), cost);
          if (cache.isPresent() && spec.cache()) {
            cache
                .get()
                .put(
                    CanonicalRequest.cacheKey(spec, requests.get(i)),
                    spec,
                    response,
                    clock.instant());
          }
        }
        case Outcome.Failed failed -> {
          budget.release(reservations.get(j));
          spend.failure();
        }
      }
      outcomes[i] = outcome;
    }
    return List.of(outcomes);
  }

  private Optional<Double> batchCost(ModelSpec spec, Response response) {
    return response
        .usage()
        .flatMap(usage -> prices.cost(spec.model(), usage))
        .map(cost -> cost * BATCH_DISCOUNT);
  }

  private void requirePriceForCostLimit(ModelSpec spec) {
    if (budget.limitsCost() && prices.price(spec.model()).isEmpty()) {
      throw LoopwatchException.userInput(
          "model '"
              + spec.name()
              + "' ("
              + spec.model()
              + ") has no price, so --max-cost cannot bound it; add a row to the [prices] file"
              + " (docs/CONFIG.md) or use --max-calls");
    }
  }

  /** The cost of {@code response} in US dollars: 0 from the cache, empty when unknown. */
  public Optional<Double> cost(ModelSpec spec, Response response) {
    if (response.fromCache()) {
      return Optional.of(0.0);
    }
    return response.usage().flatMap(usage -> prices.cost(spec.model(), usage));
  }

  /**
   * The worst-case cost of {@code request} to {@code spec} in US dollars, as the budget reserves it
   * (the input estimate at the higher of the input and cache-write prices plus {@code max_tokens}
   * at the output price); empty when the model has no price.
   */
  public Optional<Double> worstCaseCost(ModelSpec spec, Request request) {
    requireNonNull(spec, "spec is null");
    requireNonNull(request, "request is null");
    return prices.price(spec.model()).map(price -> BudgetedModel.worstCase(request, price));
  }

  /** The totals of every call made through this stack so far. */
  public SpendSummary spend() {
    return spend.summary();
  }

  /** The shared budget. */
  public Budget budget() {
    return budget;
  }
}
