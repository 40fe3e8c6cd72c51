package dev.loopwatch.models;

import dev.loopwatch.core.cost.TokenCounts;

/**
 * The tokens one response used, as the provider billed them.
 *
 * @param input input tokens neither read from nor written to the prompt cache
 * @param output output tokens
 * @param cacheCreation input tokens written to the prompt cache
 * @param cacheRead input tokens read from the prompt cache
 */
public record Usage(long input, long output, long cacheCreation, long cacheRead)
    implements TokenCounts {
  /** Checks that no count is negative. */
  public Usage {
    if (input < 0 || output < 0 || cacheCreation < 0 || cacheRead < 0) {
      throw new IllegalArgumentException(
          "negative token count: " + input + "/" + output + "/" + cacheCreation + "/" + cacheRead);
    }
  }
}
