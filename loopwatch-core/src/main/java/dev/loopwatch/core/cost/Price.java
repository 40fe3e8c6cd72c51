package dev.loopwatch.core.cost;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * The price of one model's tokens, in US dollars per million tokens.
 *
 * @param model the model id as transcripts write it, such as {@code claude-sonnet-4-5-20250929}
 * @param input fresh input tokens
 * @param output output tokens
 * @param cacheWrite input tokens written to the prompt cache
 * @param cacheRead input tokens read from the prompt cache
 * @param source where the price was taken from
 * @param asOf the day the price was checked
 */
public record Price(
    String model,
    double input,
    double output,
    double cacheWrite,
    double cacheRead,
    String source,
    LocalDate asOf) {

  /** Checks for nulls and for negative or non-finite prices. */
  public Price {
    requireNonNull(model, "model is null");
    requireNonNull(source, "source is null");
    requireNonNull(asOf, "asOf is null");
    for (double price : new double[] {input, output, cacheWrite, cacheRead}) {
      if (!Double.isFinite(price) || price < 0) {
        throw new IllegalArgumentException("bad price for " + model + ": " + price);
      }
    }
  }

  /** Returns the cost of {@code usage} in US dollars. */
  public double cost(TokenCounts usage) {
    return (usage.input() * input
            + usage.output() * output
            + usage.cacheCreation() * cacheWrite
            + usage.cacheRead() * cacheRead)
        / 1_000_000.0;
  }
}
