package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Sleeper;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries retryable failures up to the spec's {@code max-retries}: after the provider's {@code
 * retry-after} when it gave one (capped at 5 minutes), else after an exponential backoff of 0.5 s
 * doubling to at most 30 s with "equal jitter" (a uniform wait between half and all of it), so
 * workers that failed together do not retry together. Final failures and budget refusals pass at
 * once.
 */
final class RetryingModel implements Model {
  private static final System.Logger LOG = System.getLogger(RetryingModel.class.getName());
  private static final Duration BASE = Duration.ofMillis(500);
  private static final Duration CAP = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final Model inner;
  private final Sleeper sleeper;
  private final Spend spend;

  RetryingModel(Model inner, Sleeper sleeper, Spend spend) {
    this.inner = requireNonNull(inner, "inner is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.spend = requireNonNull(spend, "spend is null");
  }

  @Override
  public ModelSpec spec() {
    return inner.spec();
  }

  @Override
  public Response complete(Request request) {
    int retries = spec().maxRetries();
    for (int attempt = 0; ; attempt++) {
      try {
        return inner.complete(request);
      } catch (ModelException e) {
        if (!(e.error() instanceof ModelError.Retryable retryable) || attempt >= retries) {
          if (!(e.error() instanceof ModelError.OverBudget)) {
            spend.failure();
          }
          throw e;
        }
        spend.retry();
        Duration wait = wait(attempt, retryable);
        LOG.log(
            System.Logger.Level.DEBUG,
            "retry {0} of {1} in {2} ms after: {3}",
            attempt + 1,
            retries,
            wait.toMillis(),
            e.getMessage());
        sleeper.sleep(wait);
      }
    }
  }

  /** The wait before retry number {@code attempt + 1}. */
  static Duration wait(int attempt, ModelError.Retryable error) {
    if (error.retryAfter().isPresent()) {
      Duration asked = error.retryAfter().get();
      return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }
    long backoff = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt, 20));
    long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    return Duration.ofMillis(jittered);
  }
}
