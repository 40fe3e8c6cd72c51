package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.command.CommandModel;
import dev.loopwatch.models.http.AnthropicModel;
import dev.loopwatch.models.http.OpenAiModel;
import dev.loopwatch.models.replay.ReplayModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Opens configured models wrapped in their decorators, outermost first: response cache (when a
 * cache is given and the spec allows it), retries, rate limits, budget, then the provider. Every
 * check that can fail on the user's input (the API key's variable, a dollar budget for a model
 * without a price, a replay file) runs here, before any request is sent. One stack is shared by the
 * models of a run so they share the budget and the spend totals.
 */
public final class ModelStack {
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
    if (budget.limitsCost() && prices.price(spec.model()).isEmpty()) {
      throw LoopwatchException.userInput(
          "model '"
              + spec.name()
              + "' ("
              + spec.model()
              + ") has no price, so --max-cost cannot bound it; add a row to the [prices] file"
              + " (docs/CONFIG.md) or use --max-calls");
    }
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

  /** The cost of {@code response} in US dollars: 0 from the cache, empty when unknown. */
  public Optional<Double> cost(ModelSpec spec, Response response) {
    if (response.fromCache()) {
      return Optional.of(0.0);
    }
    return response.usage().flatMap(usage -> prices.cost(spec.model(), usage));
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
