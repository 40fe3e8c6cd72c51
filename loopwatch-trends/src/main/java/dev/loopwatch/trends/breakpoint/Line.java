package dev.loopwatch.trends.breakpoint;

import java.util.OptionalDouble;

/**
 * A straight line {@code y = intercept + slope * x}, x in days since 1970-01-01.
 *
 * @param intercept the value at day 0
 * @param slope the change per day
 */
public record Line(double intercept, double slope) {
  /** The value at day {@code x}. */
  public double at(double x) {
    return intercept + slope * x;
  }

  /** The day at which the line reaches {@code y}; empty when the line is flat. */
  public OptionalDouble reach(double y) {
    return slope == 0 ? OptionalDouble.empty() : OptionalDouble.of((y - intercept) / slope);
  }
}
