package dev.loopwatch.ledger.merkle;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.List;

/**
 * A consistency proof that the tree of size {@code size1} is a prefix of the tree of size {@code
 * size2}.
 *
 * @param size1 the older, smaller tree size
 * @param size2 the newer, larger tree size
 * @param hashes the proof nodes as RFC 6962 section 2.1.2 orders them
 */
public record ConsistencyProof(long size1, long size2, List<Hash> hashes) {
  /** Checks the proof is present and copies it. */
  public ConsistencyProof {
    hashes = List.copyOf(requireNonNull(hashes, "hashes is null"));
  }

  /**
   * Checks this proof shows the tree with {@code root1} at {@link #size1()} is a prefix of the tree
   * with {@code root2} at {@link #size2()}, per RFC 9162 section 2.1.4.2.
   *
   * <p>As in RFC 9162 (which requires {@code 0 < first}) and transparency-dev/merkle, a proof from
   * size 0 is rejected as meaningless; equal sizes need an empty proof and equal roots.
   *
   * @throws LoopwatchException naming what failed
   */
  public void verify(Hash root1, Hash root2) {
    requireNonNull(root1, "root1 is null");
    requireNonNull(root2, "root2 is null");
    if (size1 < 0 || size2 < size1) {
      throw fail("sizes must satisfy 0 <= size1 <= size2");
    }
    if (size1 == 0) {
      throw fail("a consistency proof from an empty tree is meaningless");
    }
    if (size1 == size2) {
      if (!hashes.isEmpty()) {
        throw fail("equal sizes need an empty proof, got " + hashes.size() + " hashes");
      }
      if (!root1.equals(root2)) {
        throw fail("equal sizes have different roots " + root1.base64() + " and " + root2.base64());
      }
      return;
    }
    if (hashes.isEmpty()) {
      throw fail("the proof is empty");
    }
    List<Hash> path = new ArrayList<>(hashes.size() + 1);
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(hashes);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    Hash fr = path.get(0);
    Hash sr = path.get(0);
    for (Hash c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw fail("the proof has too many hashes (" + hashes.size() + ")");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw fail("the proof has too few hashes (" + hashes.size() + ")");
    }
    if (!fr.equals(root1)) {
      throw fail("the proof gives old root " + fr.base64() + ", expected " + root1.base64());
    }
    if (!sr.equals(root2)) {
      throw fail("the proof gives new root " + sr.base64() + ", expected " + root2.base64());
    }
  }

  private LoopwatchException fail(String problem) {
    return LoopwatchException.userInput(
        "consistency proof from tree size " + size1 + " to " + size2 + ": " + problem);
  }
}
