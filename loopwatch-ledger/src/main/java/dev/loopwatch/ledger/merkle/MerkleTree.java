package dev.loopwatch.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory, append-only Merkle tree that stores the hash of every complete subtree, so roots
 * and proofs for any size up to {@link #size()} are computed from stored hashes.
 *
 * <p>Level {@code l} holds {@code floor(size / 2^l)} hashes; appending a leaf stores at most one
 * new hash per level. Not thread-safe.
 */
public final class MerkleTree implements HashReader {
  private final List<List<Hash>> levels = new ArrayList<>();

  /** An empty tree. */
  public MerkleTree() {}

  /** A tree of these leaf hashes, in order. */
  public static MerkleTree of(List<Hash> leafHashes) {
    MerkleTree tree = new MerkleTree();
    leafHashes.forEach(tree::append);
    return tree;
  }

  /** The Merkle Tree Hash of these leaf hashes. */
  public static Hash rootOf(List<Hash> leafHashes) {
    return of(leafHashes).root();
  }

  /** Appends a leaf by its hash and returns its index. */
  public long append(Hash leafHash) {
    requireNonNull(leafHash, "leafHash is null");
    long index = size();
    Hash hash = leafHash;
    for (int level = 0; ; level++) {
      if (levels.size() == level) {
        levels.add(new ArrayList<>());
      }
      List<Hash> nodes = levels.get(level);
      nodes.add(hash);
      if (nodes.size() % 2 != 0) {
        return index;
      }
      hash = Rfc6962.nodeHash(nodes.get(nodes.size() - 2), hash);
    }
  }

  /** Appends a leaf by its data, hashed per RFC 6962, and returns its index. */
  public long appendData(byte[] data) {
    return append(Rfc6962.leafHash(data));
  }

  /** The number of leaves. */
  public long size() {
    return levels.isEmpty() ? 0 : levels.get(0).size();
  }

  /** The Merkle Tree Hash of the whole tree. */
  public Hash root() {
    return Proofs.root(this, size());
  }

  /** The Merkle Tree Hash of the first {@code size} leaves. */
  public Hash root(long size) {
    checkSize(size);
    return Proofs.root(this, size);
  }

  /** The inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves. */
  public InclusionProof inclusionProof(long index, long size) {
    checkSize(size);
    return Proofs.inclusion(this, index, size);
  }

  /**
   * The consistency proof between the trees of the first {@code size1} and {@code size2} leaves.
   */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    checkSize(size2);
    return Proofs.consistency(this, size1, size2);
  }

  @Override
  public Hash node(int level, long index) {
    if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
      throw new IllegalArgumentException(
          "no complete subtree at level " + level + " index " + index + " in tree size " + size());
    }
    return levels.get(level).get((int) index);
  }

  private void checkSize(long size) {
    if (size < 0 || size > size()) {
      throw new IllegalArgumentException("size " + size + " is not within 0.." + size());
    }
  }
}
