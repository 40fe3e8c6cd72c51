package dev.loopwatch.ledger.merkle;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.List;

/**
 * An inclusion proof: the audit path of leaf {@code index} in the tree of size {@code treeSize},
 * bottom-up.
 *
 * @param index the leaf index
 * @param treeSize the size of the tree the proof is for
 * @param hashes the audit path, from the leaf's sibling up to the root's child
 */
public record InclusionProof(long index, long treeSize, List<Hash> hashes) {
  /** Checks the path is present and copies it. */
  public InclusionProof {
    hashes = List.copyOf(requireNonNull(hashes, "hashes is null"));
  }

  /**
   * Checks this proof shows {@code leafHash} at {@link #index()} in the tree with {@code root}, per
   * RFC 9162 section 2.1.3.2.
   *
   * @throws LoopwatchException naming what failed: an index outside the tree, a path of the wrong
   *     length or a root mismatch
   */
  public void verify(Hash leafHash, Hash root) {
    requireNonNull(root, "root is null");
    Hash calculated = rootFrom(leafHash);
    if (!calculated.equals(root)) {
      throw LoopwatchException.userInput(
          "inclusion proof for leaf "
              + index
              + " in tree size "
              + treeSize
              + " gives root "
              + calculated.base64()
              + ", expected "
              + root.base64());
    }
  }

  /**
   * The root this proof leads to from {@code leafHash}, per RFC 9162 section 2.1.3.2 steps 1 to 5
   * without the final root comparison.
   *
   * @throws LoopwatchException if the index is outside the tree or the path has the wrong length
   */
  public Hash rootFrom(Hash leafHash) {
    requireNonNull(leafHash, "leafHash is null");
    if (index < 0 || treeSize <= 0 || index >= treeSize) {
      throw LoopwatchException.userInput(
          "inclusion proof leaf index " + index + " is not within tree size " + treeSize);
    }
    long fn = index;
    long sn = treeSize - 1;
    Hash r = leafHash;
    for (Hash p : hashes) {
      if (sn == 0) {
        throw wrongLength();
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = Rfc6962.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw wrongLength();
    }
    return r;
  }

  private LoopwatchException wrongLength() {
    return LoopwatchException.userInput(
        "inclusion proof for leaf "
            + index
            + " in tree size "
            + treeSize
            + " has "
            + hashes.size()
            + " hashes, expected "
            + expectedLength(index, treeSize));
  }

  /** The audit path length for {@code index} in a tree of {@code size}. */
  static int expectedLength(long index, long size) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    return inner + Long.bitCount(index >>> inner);
  }
}
