package dev.loopwatch.core.cost;

/**
 * Token counts as providers bill them: fresh input, output, input written to the prompt cache and
 * input read from it. Sessions' usage and model responses both implement it so one price table
 * costs both.
 */
public interface TokenCounts {
  /** Input tokens not read from or written to the prompt cache. */
  long input();

  /** Output tokens. */
  long output();

  /** Input tokens written to the prompt cache. */
  long cacheCreation();

  /** Input tokens read from the prompt cache. */
  long cacheRead();

  /** All four counts added together. */
  default long total() {
    return input() + output() + cacheCreation() + cacheRead();
  }
}
