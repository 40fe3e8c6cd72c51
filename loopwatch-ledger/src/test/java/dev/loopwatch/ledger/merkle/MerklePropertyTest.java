package dev.loopwatch.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property tests over seeded random trees: proofs verify, and any mutation fails. */
class MerklePropertyTest {
  private static final int MAX_SIZE = 300;

  static List<Hash> randomLeaves(SplittableRandom random, int count) {
    List<Hash> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[random.nextInt(40)];
      random.nextBytes(data);
      leaves.add(Rfc6962.leafHash(data));
    }
    return leaves;
  }

  /** The RFC 6962 section 2.1 definition, recursively, as an independent reference. */
  static Hash referenceRoot(List<Hash> leaves) {
    if (leaves.isEmpty()) {
      return Rfc6962.emptyRoot();
    }
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return Rfc6962.nodeHash(
        referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, leaves.size())));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void root_everySizeUpTo300_equalsRecursiveDefinition(long seed) {
    List<Hash> leaves = randomLeaves(new SplittableRandom(seed), MAX_SIZE);
    MerkleTree tree = MerkleTree.of(leaves);
    for (int size = 0; size <= MAX_SIZE; size++) {
      assertThat(tree.root(size))
          .as("seed %d size %d", seed, size)
          .isEqualTo(referenceRoot(leaves.subList(0, size)));
    }
  }

  @Test
  void proofs_everyIndexAndSizePairUpTo300_verify() {
    long seed = 42;
    List<Hash> leaves = randomLeaves(new SplittableRandom(seed), MAX_SIZE);
    MerkleTree tree = MerkleTree.of(leaves);
    List<Hash> roots = new ArrayList<>();
    for (int size = 0; size <= MAX_SIZE; size++) {
      roots.add(tree.root(size));
    }
    int checked = 0;
    for (int size = 1; size <= MAX_SIZE; size++) {
      for (int index = 0; index < size; index++) {
        InclusionProof inclusion = tree.inclusionProof(index, size);
        assertThat(inclusion.hashes())
            .as("seed %d index %d size %d", seed, index, size)
            .hasSize(InclusionProof.expectedLength(index, size));
        inclusion.verify(leaves.get(index), roots.get(size));
        int size1 = index + 1;
        tree.consistencyProof(size1, size).verify(roots.get(size1), roots.get(size));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(MAX_SIZE * (MAX_SIZE + 1) / 2);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void verifyInclusion_mutatedProofRootOrIndex_fails(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Hash> leaves = randomLeaves(random, MAX_SIZE);
    MerkleTree tree = MerkleTree.of(leaves);
    for (int trial = 0; trial < 50; trial++) {
      int size = 2 + random.nextInt(MAX_SIZE - 1);
      int index = random.nextInt(size);
      InclusionProof proof = tree.inclusionProof(index, size);
      Hash root = tree.root(size);
      String where = "seed " + seed + " index " + index + " size " + size;
      proof.verify(leaves.get(index), root);
      assertRejects(() -> proof.verify(leaves.get(index), flip(root, random)), where + " root");
      assertRejects(() -> proof.verify(flip(leaves.get(index), random), root), where + " leaf");
      int other = (index + 1 + random.nextInt(size - 1)) % size;
      assertRejects(
          () -> new InclusionProof(other, size, proof.hashes()).verify(leaves.get(index), root),
          where + " other index " + other);
      if (!proof.hashes().isEmpty()) {
        List<Hash> mutated = new ArrayList<>(proof.hashes());
        int at = random.nextInt(mutated.size());
        mutated.set(at, flip(mutated.get(at), random));
        assertRejects(
            () -> new InclusionProof(index, size, mutated).verify(leaves.get(index), root),
            where + " hash " + at);
        List<Hash> shorter = proof.hashes().subList(0, proof.hashes().size() - 1);
        assertRejects(
            () -> new InclusionProof(index, size, shorter).verify(leaves.get(index), root),
            where + " truncated");
      }
      List<Hash> longer = new ArrayList<>(proof.hashes());
      longer.add(root);
      assertRejects(
          () -> new InclusionProof(index, size, longer).verify(leaves.get(index), root),
          where + " extended");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void verifyConsistency_mutatedProofOrRoots_fails(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Hash> leaves = randomLeaves(random, MAX_SIZE);
    MerkleTree tree = MerkleTree.of(leaves);
    for (int trial = 0; trial < 50; trial++) {
      int size2 = 2 + random.nextInt(MAX_SIZE - 1);
      int size1 = 1 + random.nextInt(size2 - 1);
      ConsistencyProof proof = tree.consistencyProof(size1, size2);
      Hash root1 = tree.root(size1);
      Hash root2 = tree.root(size2);
      String where = "seed " + seed + " sizes " + size1 + " -> " + size2;
      proof.verify(root1, root2);
      assertRejects(() -> proof.verify(flip(root1, random), root2), where + " root1");
      assertRejects(() -> proof.verify(root1, flip(root2, random)), where + " root2");
      assertRejects(() -> proof.verify(root2, root1), where + " swapped roots");
      List<Hash> mutated = new ArrayList<>(proof.hashes());
      int at = random.nextInt(mutated.size());
      mutated.set(at, flip(mutated.get(at), random));
      assertRejects(
          () -> new ConsistencyProof(size1, size2, mutated).verify(root1, root2),
          where + " hash " + at);
      assertRejects(
          () ->
              new ConsistencyProof(size1, size2, proof.hashes().subList(1, proof.hashes().size()))
                  .verify(root1, root2),
          where + " first hash dropped");
    }
  }

  @Test
  void hashOf_wrongLength_rejectedWithLength() {
    assertThatThrownBy(() -> Hash.of(new byte[31]))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("hash is 31 bytes, expected 32");
    assertThatThrownBy(() -> Hash.fromBase64("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("not canonical padded base64");
  }

  private static Hash flip(Hash hash, SplittableRandom random) {
    byte[] bytes = hash.bytes();
    int bit = random.nextInt(256);
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    return Hash.of(bytes);
  }

  private static void assertRejects(Runnable verification, String description) {
    assertThatThrownBy(verification::run).as(description).isInstanceOf(LoopwatchException.class);
  }
}
