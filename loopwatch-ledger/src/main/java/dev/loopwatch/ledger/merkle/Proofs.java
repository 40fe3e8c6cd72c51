package dev.loopwatch.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Roots and proofs of a Merkle tree read through a {@link HashReader}.
 *
 * <p>Follows RFC 6962 section 2.1: the Merkle Tree Hash splits {@code n} leaves at the largest
 * power of two {@code k < n}; the audit path ({@code PATH(m, D[n])}, section 2.1.1) and the
 * consistency proof ({@code PROOF(m, D[n])} built from {@code SUBPROOF}, section 2.1.2) are
 * computed iteratively top-down and returned bottom-up. Every subtree hash is assembled from at
 * most {@code log2(n)} complete-subtree reads, so a proof costs {@code O(log^2 n)} reads.
 */
public final class Proofs {
  private Proofs() {}

  /** The Merkle Tree Hash of the first {@code size} leaves. */
  public static Hash root(HashReader reader, long size) {
    requireNonNull(reader, "reader is null");
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    return size == 0 ? Rfc6962.emptyRoot() : subtreeHash(reader, 0, size);
  }

  /**
   * The inclusion proof (audit path) of leaf {@code index} in the tree of the first {@code size}
   * leaves.
   */
  public static InclusionProof inclusion(HashReader reader, long index, long size) {
    requireNonNull(reader, "reader is null");
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not within tree size " + size);
    }
    List<Hash> topDown = new ArrayList<>();
    long low = 0;
    long high = size;
    while (high - low > 1) {
      long split = low + largestPowerOfTwoBelow(high - low);
      if (index < split) {
        topDown.add(subtreeHash(reader, split, high));
        high = split;
      } else {
        topDown.add(subtreeHash(reader, low, split));
        low = split;
      }
    }
    Collections.reverse(topDown);
    return new InclusionProof(index, size, topDown);
  }

  /**
   * The consistency proof between the trees of the first {@code size1} and {@code size2} leaves;
   * empty when {@code size1} is 0 or equal to {@code size2}.
   */
  public static ConsistencyProof consistency(HashReader reader, long size1, long size2) {
    requireNonNull(reader, "reader is null");
    if (size1 < 0 || size2 < size1) {
      throw new IllegalArgumentException(
          "consistency sizes must satisfy 0 <= size1 <= size2, got " + size1 + " and " + size2);
    }
    List<Hash> topDown = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      long m = size1;
      long low = 0;
      long high = size2;
      boolean complete = true;
      while (true) {
        long n = high - low;
        if (m == n) {
          if (!complete) {
            topDown.add(subtreeHash(reader, low, high));
          }
          break;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
          topDown.add(subtreeHash(reader, low + k, high));
          high = low + k;
        } else {
          topDown.add(subtreeHash(reader, low, low + k));
          m -= k;
          low += k;
          complete = false;
        }
      }
    }
    Collections.reverse(topDown);
    return new ConsistencyProof(size1, size2, topDown);
  }

  /**
   * The Merkle Tree Hash of leaves {@code [low, high)}, where {@code low} is a multiple of the
   * largest power of two not above {@code high - low}, as in every range RFC 6962 recursion visits.
   */
  static Hash subtreeHash(HashReader reader, long low, long high) {
    long n = high - low;
    List<Hash> pieces = new ArrayList<>(Long.bitCount(n));
    long position = low;
    for (int level = 63 - Long.numberOfLeadingZeros(n); level >= 0; level--) {
      if ((n & (1L << level)) != 0) {
        if (position % (1L << level) != 0) {
          throw new IllegalArgumentException(
              "range [" + low + ", " + high + ") is not aligned to complete subtrees");
        }
        pieces.add(reader.node(level, position >> level));
        position += 1L << level;
      }
    }
    Hash hash = pieces.get(pieces.size() - 1);
    for (int i = pieces.size() - 2; i >= 0; i--) {
      hash = Rfc6962.nodeHash(pieces.get(i), hash);
    }
    return hash;
  }

  /** The largest power of two strictly below {@code n}, for {@code n >= 2}. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
