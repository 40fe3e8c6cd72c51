package dev.loopwatch.trends.breakpoint;

/** What the model comparison and the slope-ratio interval together say about a trend break. */
public enum Verdict {
  /**
   * The broken line wins on both cross-validated error and BIC, the slope before the break is
   * positive and the whole ratio interval lies above 1.
   */
  ACCELERATED,
  /** As {@link #ACCELERATED}, but the whole ratio interval lies below 1. */
  DECELERATED,
  /**
   * No break shown: the single line wins at least one comparison, or the ratio interval includes 1,
   * or there is no interval (no bootstrap).
   */
  NOT_SHOWN
}
