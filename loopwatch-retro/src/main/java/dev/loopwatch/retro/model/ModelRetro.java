package dev.loopwatch.retro.model;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.stack.ModelStack;
import dev.loopwatch.retro.Judge;
import dev.loopwatch.retro.review.ModelCalls;
import dev.loopwatch.retro.review.Reviewer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models of one retro run ({@code model:NAME} reviewers and judge): one {@link ModelStack}, so
 * they share the response cache, the budget and the spend, and one budget stop: once the budget
 * refuses a call, every later model call of the run is skipped as {@code stopped_by_budget}, so
 * "the rest was not reviewed" is exact even when a smaller call would still have fitted.
 */
public final class ModelRetro {
  /** The prefix of a model reviewer or judge: {@code model:NAME}. */
  public static final String PREFIX = "model:";

  private final ModelsConfig config;
  private final ModelStack stack;
  private final Prices prices;
  private final AtomicReference<String> stopped = new AtomicReference<>();

  /**
   * The models of a run: {@code config} names them, {@code stack} opens them (with the run's cache
   * and budget), {@code prices} costs their answers.
   */
  public ModelRetro(ModelsConfig config, ModelStack stack, Prices prices) {
    this.config = requireNonNull(config, "config is null");
    this.stack = requireNonNull(stack, "stack is null");
    this.prices = requireNonNull(prices, "prices is null");
  }

  /** Whether {@code spec} names a model ({@code model:NAME}). */
  public static boolean names(String spec) {
    return spec.strip().startsWith(PREFIX);
  }

  /**
   * The reviewer {@code spec} ({@code model:NAME}) names, called {@code name} when given and else
   * after the model; user-input errors are raised here, before any request.
   */
  public Reviewer reviewer(String spec, Optional<String> name) {
    Model model = open(spec, "--reviewer");
    return new ModelReviewer(name.orElse(model.spec().name()), model, this);
  }

  /**
   * The judge {@code spec} ({@code model:NAME}) names; user-input errors are raised here, before
   * any request.
   */
  public Judge judge(String spec) {
    return new ModelJudge(open(spec, "--judge"), this);
  }

  /**
   * Opens the model {@code spec} names ({@code model:NAME}); user-input errors (unknown name, unset
   * key, no price under --max-cost) are raised here, before any request.
   */
  private Model open(String spec, String option) {
    String name = spec.strip().substring(PREFIX.length()).strip();
    if (name.isEmpty()) {
      throw LoopwatchException.userInput(
          option + " " + spec + ": name a [models.NAME] table of loopwatch.toml after model:");
    }
    return stack.open(config.spec(name));
  }

  /** The reason the budget stopped the run, once it has. */
  Optional<String> stopped() {
    return Optional.ofNullable(stopped.get());
  }

  /** Records that the budget refused a call; later calls are skipped. */
  void stop(String reason) {
    stopped.compareAndSet(null, reason);
  }

  /**
   * What one answer cost: a provider call with its tokens and cost (unknown without a price or
   * usage), or a cache hit costing 0 with what it would have cost as cost avoided.
   */
  ModelCalls calls(ModelSpec spec, Response response) {
    Optional<BigDecimal> cost =
        response.usage().flatMap(usage -> prices.cost(spec.model(), usage)).map(ModelRetro::usd);
    if (response.fromCache()) {
      return new ModelCalls(0, 1, 0, 0, BigDecimal.ZERO, 0, cost.orElse(BigDecimal.ZERO));
    }
    long input =
        response.usage().map(u -> u.input() + u.cacheCreation() + u.cacheRead()).orElse(0L);
    long output = response.usage().map(u -> u.output()).orElse(0L);
    return new ModelCalls(
        1,
        0,
        input,
        output,
        cost.orElse(BigDecimal.ZERO),
        cost.isPresent() ? 0 : 1,
        BigDecimal.ZERO);
  }

  /**
   * A failure that no later call can pass (a bad key, a model the provider does not know): the
   * whole run stops with a one-line user-input error, as {@code models check} does.
   */
  static void requireUsable(ModelException e) {
    if (e.error() instanceof ModelError.Rejected rejected
        && (rejected.status() == 401 || rejected.status() == 403 || rejected.status() == 404)) {
      throw LoopwatchException.userInput(e.getMessage());
    }
  }

  private static BigDecimal usd(double value) {
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
  }
}
