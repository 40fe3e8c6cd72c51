package dev.loopwatch.ledger.merkle;

/**
 * A source of the hashes of complete subtrees of one Merkle tree, from which {@link Proofs}
 * computes roots and proofs.
 *
 * <p>The node at {@code (level, index)} is the Merkle Tree Hash of the {@code 2^level} leaves
 * starting at leaf {@code index * 2^level}; level 0 holds the leaf hashes.
 */
public interface HashReader {
  /**
   * The hash of the complete subtree at {@code level} and {@code index}; callers ask only for
   * subtrees that lie entirely within the tree.
   *
   * @throws dev.loopwatch.core.error.LoopwatchException if the hash cannot be read
   */
  Hash node(int level, long index);
}
