package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import java.time.Clock;
import java.util.Optional;

/**
 * The outermost decorator: answers a request seen before (same provider, base URL, model and
 * request) from the {@link ResponseCache}, at no cost; what the call would have cost is counted as
 * cost avoided. Only successful answers are stored.
 */
final class CachingModel implements Model {
  private final Model inner;
  private final ResponseCache cache;
  private final Spend spend;
  private final Prices prices;
  private final Clock clock;

  CachingModel(Model inner, ResponseCache cache, Spend spend, Prices prices, Clock clock) {
    this.inner = requireNonNull(inner, "inner is null");
    this.cache = requireNonNull(cache, "cache is null");
    this.spend = requireNonNull(spend, "spend is null");
    this.prices = requireNonNull(prices, "prices is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public ModelSpec spec() {
    return inner.spec();
  }

  @Override
  public Response complete(Request request) {
    ModelSpec spec = spec();
    String key = CanonicalRequest.cacheKey(spec, request);
    Optional<Response> hit = cache.find(key, spec, spec.cacheExpiry(), clock.instant());
    if (hit.isPresent()) {
      spend.cacheHit(hit.get().usage().flatMap(usage -> prices.cost(spec.model(), usage)));
      return hit.get();
    }
    Response response = inner.complete(request);
    cache.put(key, spec, response, clock.instant());
    return response;
  }
}
