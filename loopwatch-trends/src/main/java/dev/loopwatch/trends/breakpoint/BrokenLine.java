package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

/**
 * Two line segments that change at a breakpoint: {@code before} for days up to and including the
 * breakpoint, {@code after} for later days.
 *
 * @param breakpoint the breakpoint, in days since 1970-01-01
 * @param before the segment up to the breakpoint
 * @param after the segment after the breakpoint; in a continuous fit it meets {@code before} there
 * @param continuous whether the segments were forced to meet at the breakpoint
 */
public record BrokenLine(double breakpoint, Line before, Line after, boolean continuous) {
  /** Checks the fields. */
  public BrokenLine {
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
  }

  /** The value at day {@code x}. */
  public double at(double x) {
    return x <= breakpoint ? before.at(x) : after.at(x);
  }

  /** The slope after the breakpoint divided by the slope before it. */
  public double slopeRatio() {
    return after.slope() / before.slope();
  }
}
