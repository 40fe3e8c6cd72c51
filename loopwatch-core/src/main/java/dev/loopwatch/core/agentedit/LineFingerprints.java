package dev.loopwatch.core.agentedit;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A set of line fingerprints: 64-bit FNV-1a hashes of lines with surrounding whitespace removed.
 *
 * <p>Trivial lines (fewer than {@value #MIN_SIGNIFICANT} letters or digits, such as {@code }} or
 * {@code ) {}) get no fingerprint: any author writes them, so matching them would credit the
 * agent with lines it cannot be shown to have written.
 */
public final class LineFingerprints {
  /** The fewest letters or digits a line needs to get a fingerprint. */
  public static final int MIN_SIGNIFICANT = 4;

  private static final LineFingerprints EMPTY = new LineFingerprints(new long[0]);
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final long[] sorted;

  private LineFingerprints(long[] sorted) {
    this.sorted = sorted;
  }

  /** The empty set. */
  public static LineFingerprints empty() {
    return EMPTY;
  }

  /** The fingerprints of the non-trivial lines of {@code text} (split at {@code \n}). */
  public static LineFingerprints ofText(String text) {
    String[] lines = text.split("\n", -1);
    long[] hashes = new long[lines.length];
    int count = 0;
    for (String line : lines) {
      OptionalLong hash = of(line);
      if (hash.isPresent()) {
        hashes[count++] = hash.getAsLong();
      }
    }
    return ofHashes(Arrays.copyOf(hashes, count));
  }

  /** A set holding these fingerprints (duplicates collapse). */
  public static LineFingerprints ofHashes(long[] hashes) {
    long[] copy = hashes.clone();
    Arrays.sort(copy);
    int distinct = 0;
    for (int i = 0; i < copy.length; i++) {
      if (i == 0 || copy[i] != copy[i - 1]) {
        copy[distinct++] = copy[i];
      }
    }
    return distinct == 0 ? EMPTY : new LineFingerprints(Arrays.copyOf(copy, distinct));
  }

  /** The fingerprint of one line, or empty for a trivial line. */
  public static OptionalLong of(String line) {
    String trimmed = line.strip();
    int significant = 0;
    for (int i = 0; i < trimmed.length() && significant < MIN_SIGNIFICANT; i++) {
      if (Character.isLetterOrDigit(trimmed.charAt(i))) {
        significant++;
      }
    }
    if (significant < MIN_SIGNIFICANT) {
      return OptionalLong.empty();
    }
    long hash = FNV_OFFSET;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      hash = (hash ^ (c & 0xff)) * FNV_PRIME;
      hash = (hash ^ (c >>> 8)) * FNV_PRIME;
    }
    return OptionalLong.of(hash);
  }

  /** Whether the set holds this fingerprint. */
  public boolean contains(long fingerprint) {
    return Arrays.binarySearch(sorted, fingerprint) >= 0;
  }

  /** How many of this set's fingerprints at least one of {@code others} holds (no merging). */
  public int countInAny(List<LineFingerprints> others) {
    int count = 0;
    for (long fingerprint : sorted) {
      for (LineFingerprints other : others) {
        if (other.contains(fingerprint)) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /** The fingerprints, ascending and distinct (a copy: {@link #ofHashes} makes the set again). */
  public long[] hashes() {
    return sorted.clone();
  }

  /** How many distinct fingerprints the set holds. */
  public int size() {
    return sorted.length;
  }

  /** The union of this set and {@code other}. */
  public LineFingerprints union(LineFingerprints other) {
    long[] both = Arrays.copyOf(sorted, sorted.length + other.sorted.length);
    System.arraycopy(other.sorted, 0, both, sorted.length, other.sorted.length);
    return ofHashes(both);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LineFingerprints that && Arrays.equals(sorted, that.sorted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sorted);
  }

  @Override
  public String toString() {
    return "LineFingerprints[" + sorted.length + "]";
  }
}
