package dev.loopwatch.sessions;

import dev.loopwatch.core.cost.TokenCounts;

/**
 * Token counts of one assistant message or a sum of them: fresh input, output, cache writes and
 * cache reads, as the providers bill them.
 *
 * @param input input tokens not read from the cache
 * @param output output tokens
 * @param cacheCreation input tokens written to the prompt cache
 * @param cacheRead input tokens read from the prompt cache
 */
public record Usage(long input, long output, long cacheCreation, long cacheRead)
    implements TokenCounts {

  /** No tokens. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  /** Checks that no count is negative. */
  public Usage {
    if (input < 0 || output < 0 || cacheCreation < 0 || cacheRead < 0) {
      throw new IllegalArgumentException(
          "negative token count: " + input + "/" + output + "/" + cacheCreation + "/" + cacheRead);
    }
  }

  /** Returns the sum of this usage and {@code other}. */
  public Usage plus(Usage other) {
    return new Usage(
        input + other.input,
        output + other.output,
        cacheCreation + other.cacheCreation,
        cacheRead + other.cacheRead);
  }

  /** Returns all four counts added together. */
  public long total() {
    return input + output + cacheCreation + cacheRead;
  }
}
