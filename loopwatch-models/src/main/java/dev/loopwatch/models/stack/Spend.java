package dev.loopwatch.models.stack;

import dev.loopwatch.models.Usage;
import java.util.Optional;

/** The running totals of a run's model calls; one lock, held briefly. */
final class Spend {
  private long calls;
  private long cacheHits;
  private long retries;
  private long failures;
  private long refused;
  private double cost;
  private long unknownCost;
  private double avoided;
  private long input;
  private long output;

  /** Counts one provider call with its usage and cost (empty: unknown). */
  synchronized void call(Optional<Usage> usage, Optional<Double> costUsd) {
    calls++;
    usage.ifPresent(u -> {
      input += u.input() + u.cacheCreation() + u.cacheRead();
      output += u.output();
    });
    if (costUsd.isPresent()) {
      cost += costUsd.get();
    } else {
      unknownCost++;
    }
  }

  /** Counts one cache hit and what it would have cost (empty: unknown). */
  synchronized void cacheHit(Optional<Double> costAvoidedUsd) {
    cacheHits++;
    costAvoidedUsd.ifPresent(value -> avoided += value);
  }

  /** Counts one retry. */
  synchronized void retry() {
    retries++;
  }

  /** Counts one call that failed for good. */
  synchronized void failure() {
    failures++;
  }

  /** Counts one call refused by the budget. */
  synchronized void refused() {
    refused++;
  }

  /** The totals so far. */
  synchronized SpendSummary summary() {
    return new SpendSummary(
        calls, cacheHits, retries, failures, refused, cost, unknownCost, avoided, input, output);
  }
}
