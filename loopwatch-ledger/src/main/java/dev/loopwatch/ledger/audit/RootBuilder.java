package dev.loopwatch.ledger.audit;

import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 6962 root of a tree built one leaf hash at a time, keeping only the roots of its complete
 * subtrees (at most one per bit of the size).
 */
final class RootBuilder {
  private final List<Hash> stack = new ArrayList<>();
  private long size;

  /** Appends a leaf hash. */
  void add(Hash leaf) {
    add(leaf, 0);
  }

  /**
   * Appends the root of a complete subtree of {@code 2^height} leaves; the leaves so far must be a
   * multiple of {@code 2^height}.
   */
  void add(Hash subtree, int height) {
    long leaves = 1L << height;
    if (size % leaves != 0) {
      throw new IllegalStateException(
          "a subtree of height " + height + " cannot follow " + size + " leaves");
    }
    stack.add(subtree);
    size += leaves;
    for (long n = size >>> height; (n & 1) == 0; n >>>= 1) {
      Hash right = stack.remove(stack.size() - 1);
      Hash left = stack.remove(stack.size() - 1);
      stack.add(Rfc6962.nodeHash(left, right));
    }
  }

  /** The root of the leaves added so far. */
  Hash root() {
    if (stack.isEmpty()) {
      return Rfc6962.emptyRoot();
    }
    Hash root = stack.get(stack.size() - 1);
    for (int i = stack.size() - 2; i >= 0; i--) {
      root = Rfc6962.nodeHash(stack.get(i), root);
    }
    return root;
  }
}
