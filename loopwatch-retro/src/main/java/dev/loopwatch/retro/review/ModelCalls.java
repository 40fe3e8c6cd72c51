package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What the language-model calls behind one review (or a judge's verdicts) used, for reports: the
 * retro counts them without depending on any model provider.
 *
 * @param calls calls a provider answered (billed)
 * @param cacheHits calls answered from the response cache (free)
 * @param inputTokens input tokens of the provider calls (fresh, cache writes and cache reads)
 * @param outputTokens output tokens of the provider calls
 * @param costUsd the cost of the provider calls whose cost is known
 * @param unknownCostCalls provider calls whose cost is unknown (no price, or no usage reported)
 * @param costAvoidedUsd what the cache hits would have cost, where known
 */
public record ModelCalls(
    long calls,
    long cacheHits,
    long inputTokens,
    long outputTokens,
    BigDecimal costUsd,
    long unknownCostCalls,
    BigDecimal costAvoidedUsd) {
  /** Nothing used. */
  public static final ModelCalls NONE =
      new ModelCalls(0, 0, 0, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO);

  /** Checks the amounts are present and no count is negative. */
  public ModelCalls {
    requireNonNull(costUsd, "costUsd is null");
    requireNonNull(costAvoidedUsd, "costAvoidedUsd is null");
    if (calls < 0
        || cacheHits < 0
        || inputTokens < 0
        || outputTokens < 0
        || unknownCostCalls < 0
        || costUsd.signum() < 0
        || costAvoidedUsd.signum() < 0) {
      throw new IllegalArgumentException("negative model call counts: " + calls + "/" + cacheHits);
    }
  }

  /** The sum of this and {@code other}. */
  public ModelCalls plus(ModelCalls other) {
    return new ModelCalls(
        calls + other.calls,
        cacheHits + other.cacheHits,
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        costUsd.add(other.costUsd),
        unknownCostCalls + other.unknownCostCalls,
        costAvoidedUsd.add(other.costAvoidedUsd));
  }

  /** The cost when every call's cost is known; empty when one is unknown (never counted as 0). */
  public Optional<BigDecimal> knownCostUsd() {
    return unknownCostCalls == 0 ? Optional.of(costUsd) : Optional.empty();
  }
}
