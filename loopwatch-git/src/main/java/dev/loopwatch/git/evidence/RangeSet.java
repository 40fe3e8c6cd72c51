package dev.loopwatch.git.evidence;

import java.util.Arrays;

/**
 * A set of 1-based line numbers stored as sorted, disjoint, non-adjacent closed ranges. Immutable.
 */
public final class RangeSet {
  private static final RangeSet EMPTY = new RangeSet(new int[0]);

  /** Pairs start0, end0, start1, end1 ... sorted and disjoint. */
  private final int[] bounds;

  private RangeSet(int[] bounds) {
    this.bounds = bounds;
  }

  /** The empty set. */
  public static RangeSet empty() {
    return EMPTY;
  }

  /** A builder that accepts ranges in any order, overlapping or not. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses the notation {@link #toString} writes: comma-separated lines and ranges, e.g. {@code
   * 1,3-7}.
   *
   * @throws IllegalArgumentException naming the part that is not a line or range
   */
  public static RangeSet parse(String text) {
    Builder builder = new Builder();
    if (text.isEmpty()) {
      return EMPTY;
    }
    for (String part : text.split(",", -1)) {
      int dash = part.indexOf('-');
      try {
        if (dash < 0) {
          int line = Integer.parseInt(part);
          builder.add(line, line);
        } else {
          builder.add(
              Integer.parseInt(part.substring(0, dash)),
              Integer.parseInt(part.substring(dash + 1)));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "' is not a line or a range of lines", e);
      }
    }
    return builder.build();
  }

  /** The number of lines in the set. */
  public long count() {
    long count = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      count += (long) bounds[i + 1] - bounds[i] + 1;
    }
    return count;
  }

  /** Whether {@code line} is in the set. */
  public boolean contains(int line) {
    int low = 0;
    int high = bounds.length / 2 - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (line < bounds[2 * middle]) {
        high = middle - 1;
      } else if (line > bounds[2 * middle + 1]) {
        low = middle + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** The number of lines of {@code [start, end]} in the set. */
  public long countIn(int start, int end) {
    long count = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      int from = Math.max(start, bounds[i]);
      int to = Math.min(end, bounds[i + 1]);
      if (from <= to) {
        count += (long) to - from + 1;
      }
    }
    return count;
  }

  /** Whether the set is empty. */
  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** The union of this set and {@code other}. */
  public RangeSet union(RangeSet other) {
    Builder builder = new Builder();
    for (int i = 0; i < bounds.length; i += 2) {
      builder.add(bounds[i], bounds[i + 1]);
    }
    for (int i = 0; i < other.bounds.length; i += 2) {
      builder.add(other.bounds[i], other.bounds[i + 1]);
    }
    return builder.build();
  }

  /** The ranges in git-ai's notation, e.g. {@code 1,3-7}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        text.append(',');
      }
      text.append(bounds[i]);
      if (bounds[i + 1] != bounds[i]) {
        text.append('-').append(bounds[i + 1]);
      }
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RangeSet that && Arrays.equals(bounds, that.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  /** Collects ranges and merges them into a {@link RangeSet}. */
  public static final class Builder {
    private int[] pairs = new int[16];
    private int size;

    private Builder() {}

    /** Adds the closed range {@code [start, end]} of 1-based lines. */
    public Builder add(int start, int end) {
      if (start < 1 || end < start) {
        throw new IllegalArgumentException("bad line range " + start + "-" + end);
      }
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, size * 2);
      }
      pairs[size++] = start;
      pairs[size++] = end;
      return this;
    }

    /** The merged set. */
    public RangeSet build() {
      int count = size / 2;
      if (count == 0) {
        return EMPTY;
      }
      long[] packed = new long[count];
      for (int i = 0; i < count; i++) {
        packed[i] = ((long) pairs[2 * i] << 32) | (pairs[2 * i + 1] & 0xffffffffL);
      }
      Arrays.sort(packed);
      int[] merged = new int[size];
      int out = 0;
      for (long pair : packed) {
        int start = (int) (pair >>> 32);
        int end = (int) pair;
        if (out > 0 && start <= merged[out - 1] + 1) {
          merged[out - 1] = Math.max(merged[out - 1], end);
        } else {
          merged[out++] = start;
          merged[out++] = end;
        }
      }
      return new RangeSet(Arrays.copyOf(merged, out));
    }
  }
}
