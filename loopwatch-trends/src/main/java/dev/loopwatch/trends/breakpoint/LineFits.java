package dev.loopwatch.trends.breakpoint;

import java.util.Arrays;
import java.util.Optional;

/**
 * Least-squares fits over the first {@code n} entries of x (days) and y arrays. Fits return empty
 * when the data cannot determine them (fewer than two distinct days on a side).
 */
final class LineFits {
  private LineFits() {}

  /** The OLS line of y on x. */
  static Optional<Line> ols(double[] x, double[] y, int n) {
    return ols(x, y, n, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** The OLS line over the points with {@code low < x <= high}. */
  static Optional<Line> ols(double[] x, double[] y, int n, double low, double high) {
    double sumX = 0;
    double sumY = 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] > low && x[i] <= high) {
        sumX += x[i];
        sumY += y[i];
        m++;
      }
    }
    if (m < 2) {
      return Optional.empty();
    }
    double meanX = sumX / m;
    double meanY = sumY / m;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] > low && x[i] <= high) {
        sxx += (x[i] - meanX) * (x[i] - meanX);
        sxy += (x[i] - meanX) * (y[i] - meanY);
      }
    }
    if (sxx == 0) {
      return Optional.empty();
    }
    double slope = sxy / sxx;
    return Optional.of(new Line(meanY - slope * meanX, slope));
  }

  /** Two independent OLS lines, on the points up to and after {@code breakpoint}. */
  static Optional<BrokenLine> discontinuous(double[] x, double[] y, int n, double breakpoint) {
    Optional<Line> before = ols(x, y, n, Double.NEGATIVE_INFINITY, breakpoint);
    Optional<Line> after = ols(x, y, n, breakpoint, Double.POSITIVE_INFINITY);
    if (before.isEmpty() || after.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BrokenLine(breakpoint, before.get(), after.get(), false));
  }

  /**
   * The continuous broken line: least squares of y on {@code [1, u, max(0, u)]} with {@code u = x -
   * breakpoint}, so the right segment starts where the left one ends (Epoch's
   * fit_two_segments_fixed_breakpoint, fitted jointly).
   */
  static Optional<BrokenLine> continuous(double[] x, double[] y, int n, double breakpoint) {
    if (!distinctOnBothSides(x, n, breakpoint)) {
      return Optional.empty();
    }
    double[][] a = new double[3][4];
    for (int i = 0; i < n; i++) {
      double u = x[i] - breakpoint;
      double[] row = {1, u, Math.max(0, u)};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          a[r][c] += row[r] * row[c];
        }
        a[r][3] += row[r] * y[i];
      }
    }
    Optional<double[]> solved = solve(a);
    if (solved.isEmpty()) {
      return Optional.empty();
    }
    double level = solved.get()[0];
    double slopeBefore = solved.get()[1];
    double slopeAfter = slopeBefore + solved.get()[2];
    Line before = new Line(level - slopeBefore * breakpoint, slopeBefore);
    Line after = new Line(level - slopeAfter * breakpoint, slopeAfter);
    return Optional.of(new BrokenLine(breakpoint, before, after, true));
  }

  /** The broken line at {@code breakpoint}, continuous or not. */
  static Optional<BrokenLine> broken(
      double[] x, double[] y, int n, double breakpoint, boolean continuous) {
    return continuous ? continuous(x, y, n, breakpoint) : discontinuous(x, y, n, breakpoint);
  }

  /**
   * The broken line of least squared error over the whole days from the {@code minSegment}-th to
   * the {@code (n - minSegment)}-th smallest x; ties keep the earliest breakpoint.
   */
  static Optional<BrokenLine> search(
      double[] x, double[] y, int n, boolean continuous, int minSegment) {
    if (n < 2 * minSegment) {
      return Optional.empty();
    }
    double[] sorted = Arrays.copyOf(x, n);
    Arrays.sort(sorted);
    long first = (long) Math.ceil(sorted[minSegment - 1]);
    long last = (long) Math.floor(sorted[n - minSegment - 1]);
    Optional<BrokenLine> best = Optional.empty();
    double bestError = Double.POSITIVE_INFINITY;
    for (long day = first; day <= last; day++) {
      Optional<BrokenLine> fit = broken(x, y, n, day, continuous);
      if (fit.isPresent()) {
        double error = sse(fit.get(), x, y, n);
        if (error < bestError) {
          bestError = error;
          best = fit;
        }
      }
    }
    return best;
  }

  /** The sum of squared residuals of {@code line}. */
  static double sse(Line line, double[] x, double[] y, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - line.at(x[i]);
      sum += r * r;
    }
    return sum;
  }

  /** The sum of squared residuals of {@code line}. */
  static double sse(BrokenLine line, double[] x, double[] y, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - line.at(x[i]);
      sum += r * r;
    }
    return sum;
  }

  /** Whether at least two distinct x lie at or before, and two after, {@code breakpoint}. */
  static boolean distinctOnBothSides(double[] x, int n, double breakpoint) {
    double beforeA = Double.NaN;
    double afterA = Double.NaN;
    boolean before = false;
    boolean after = false;
    for (int i = 0; i < n; i++) {
      if (x[i] <= breakpoint) {
        if (Double.isNaN(beforeA)) {
          beforeA = x[i];
        } else if (x[i] != beforeA) {
          before = true;
        }
      } else if (Double.isNaN(afterA)) {
        afterA = x[i];
      } else if (x[i] != afterA) {
        after = true;
      }
    }
    return before && after;
  }

  /** Gauss-Jordan elimination with partial pivoting on an augmented 3x4 matrix. */
  private static Optional<double[]> solve(double[][] a) {
    int size = a.length;
    for (int col = 0; col < size; col++) {
      int pivot = col;
      for (int r = col + 1; r < size; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        return Optional.empty();
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int r = 0; r < size; r++) {
        if (r != col) {
          double factor = a[r][col] / a[col][col];
          for (int c = col; c <= size; c++) {
            a[r][c] -= factor * a[col][c];
          }
        }
      }
    }
    double[] solution = new double[size];
    for (int r = 0; r < size; r++) {
      solution[r] = a[r][size] / a[r][r];
    }
    return Optional.of(solution);
  }
}
