package dev.loopwatch.models.stack;

/**
 * What a run's model calls did, for reports.
 *
 * @param calls calls answered by a provider
 * @param cacheHits calls answered from the response cache
 * @param retries retries of failed attempts
 * @param failures calls that failed for good
 * @param refusedByBudget calls the budget refused ({@code stopped_by_budget})
 * @param costUsd the cost of the calls whose cost is known, in US dollars
 * @param unknownCostCalls calls whose cost is unknown (no price, or no usage reported)
 * @param costAvoidedUsd what the cache hits would have cost, where known
 * @param inputTokens input tokens of the provider calls (fresh, cache writes and cache reads)
 * @param outputTokens output tokens of the provider calls
 */
public record SpendSummary(
    long calls,
    long cacheHits,
    long retries,
    long failures,
    long refusedByBudget,
    double costUsd,
    long unknownCostCalls,
    double costAvoidedUsd,
    long inputTokens,
    long outputTokens) {

  /** Whether the budget stopped at least one call. */
  public boolean stoppedByBudget() {
    return refusedByBudget > 0;
  }
}
