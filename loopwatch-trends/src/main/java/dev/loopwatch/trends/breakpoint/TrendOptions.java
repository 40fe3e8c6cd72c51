package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a series is fitted.
 *
 * @param breakpoint a fixed breakpoint, or a search
 * @param continuous force the segments to meet at the breakpoint
 * @param log fit ln(value) instead of value
 * @param bootstrap the number of bootstrap resamples (0: no intervals, no verdict but NOT_SHOWN)
 * @param seed the bootstrap seed
 * @param minSegment the fewest points on each side of a breakpoint, at least 2
 * @param targets the values to project the reaching date of, each positive when {@code log}
 * @param level the confidence level of the intervals, in (0, 1)
 */
public record TrendOptions(
    Breakpoint breakpoint,
    boolean continuous,
    boolean log,
    int bootstrap,
    long seed,
    int minSegment,
    List<Double> targets,
    double level) {
  /** Horizon targets of 8 h, 40 h (a work week) and 167 h (a work month), in minutes. */
  public static final List<Double> HORIZON_TARGETS = List.of(480.0, 2400.0, 10020.0);

  /** Checks and copies the fields. */
  public TrendOptions {
    requireNonNull(breakpoint, "breakpoint is null");
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    if (bootstrap < 0) {
      throw new IllegalArgumentException("bootstrap must be non-negative: " + bootstrap);
    }
    if (minSegment < 2) {
      throw new IllegalArgumentException("minSegment must be at least 2: " + minSegment);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    for (double target : targets) {
      if (!Double.isFinite(target) || (log && !(target > 0))) {
        throw new IllegalArgumentException(
            "target must be finite, and positive with log: " + target);
      }
    }
  }

  /**
   * Defaults: a searched breakpoint, continuous segments, linear space, 1000 resamples with seed
   * 42, at least 3 points per segment, the horizon targets, 95% intervals.
   */
  public static TrendOptions defaults() {
    return new TrendOptions(
        new Breakpoint.Searched(), true, false, 1000, 42, 3, HORIZON_TARGETS, 0.95);
  }

  /** These options with another breakpoint. */
  public TrendOptions withBreakpoint(Breakpoint value) {
    return new TrendOptions(value, continuous, log, bootstrap, seed, minSegment, targets, level);
  }

  /** These options with continuous or independent segments. */
  public TrendOptions withContinuous(boolean value) {
    return new TrendOptions(breakpoint, value, log, bootstrap, seed, minSegment, targets, level);
  }

  /** These options in log space or not. */
  public TrendOptions withLog(boolean value) {
    return new TrendOptions(
        breakpoint, continuous, value, bootstrap, seed, minSegment, targets, level);
  }

  /** These options with another bootstrap size and seed. */
  public TrendOptions withBootstrap(int resamples, long newSeed) {
    return new TrendOptions(
        breakpoint, continuous, log, resamples, newSeed, minSegment, targets, level);
  }
}
