package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Holds calls back to the configured requests and tokens per minute: two token buckets, each
 * holding a minute's allowance and refilled continuously, so a burst of up to a minute's allowance
 * goes at once and the rate over any longer span stays at the limit. A call's tokens are its input
 * estimate plus {@code max_tokens}; a call larger than a whole minute's allowance waits for a full
 * bucket and then goes alone.
 */
final class RateLimitedModel implements Model {
  private final Model inner;
  private final Bucket requests;
  private final Bucket tokens;
  private final Sleeper sleeper;

  RateLimitedModel(Model inner, Sleeper sleeper) {
    this(inner, sleeper, System::nanoTime);
  }

  /** A limiter reading time from {@code nanoTime}, for tests whose sleeper moves a fake clock. */
  RateLimitedModel(Model inner, Sleeper sleeper, LongSupplier nanoTime) {
    this.inner = requireNonNull(inner, "inner is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    requireNonNull(nanoTime, "nanoTime is null");
    ModelSpec spec = inner.spec();
    this.requests =
        spec.requestsPerMinute().isPresent()
            ? new Bucket(spec.requestsPerMinute().getAsInt(), nanoTime)
            : null;
    this.tokens =
        spec.tokensPerMinute().isPresent()
            ? new Bucket(spec.tokensPerMinute().getAsLong(), nanoTime)
            : null;
  }

  @Override
  public ModelSpec spec() {
    return inner.spec();
  }

  @Override
  public Response complete(Request request) {
    if (requests != null) {
      requests.take(1, sleeper);
    }
    if (tokens != null) {
      tokens.take(request.estimatedInputTokens() + request.maxTokens(), sleeper);
    }
    return inner.complete(request);
  }

  /** One token bucket of a per-minute allowance. */
  static final class Bucket {
    private final double capacity;
    private final LongSupplier nanoTime;
    private double level;
    private long updated;

    Bucket(double perMinute, LongSupplier nanoTime) {
      this.capacity = perMinute;
      this.nanoTime = nanoTime;
      this.level = perMinute;
      this.updated = nanoTime.getAsLong();
    }

    void take(double amount, Sleeper sleeper) {
      double wanted = Math.min(amount, capacity);
      while (true) {
        Duration wait;
        synchronized (this) {
          long now = nanoTime.getAsLong();
          level = Math.min(capacity, level + (now - updated) / 60e9 * capacity);
          updated = now;
          if (level >= wanted) {
            level -= wanted;
            return;
          }
          wait = Duration.ofNanos((long) Math.ceil((wanted - level) / capacity * 60e9));
        }
        sleeper.sleep(wait);
      }
    }
  }
}
