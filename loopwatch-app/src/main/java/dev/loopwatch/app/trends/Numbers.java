package dev.loopwatch.app.trends;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers in significant figures, so that small horizons do not print as 0.0. */
final class Numbers {
  private static final MathContext THREE = new MathContext(3);

  private Numbers() {}

  /**
   * {@code value} to three significant figures in plain notation, trailing zeros dropped (0.00123,
   * 2.4, 59.2, 312, 1200); {@code nan} or {@code unbounded} when not finite.
   */
  static String significant(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return "unbounded";
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(value).round(THREE).stripTrailingZeros().toPlainString();
  }
}
