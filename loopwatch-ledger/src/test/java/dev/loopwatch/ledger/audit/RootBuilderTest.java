package dev.loopwatch.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Rfc6962;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RootBuilderTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void add_subtreeRootsOfFullChunks_sameRootAsLeafByLeaf(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int height = random.nextInt(0, 5);
    int chunk = 1 << height;
    int size = random.nextInt(0, 40 * chunk);
    byte[] hashes = new byte[size * Hash.SIZE];
    RootBuilder leaves = new RootBuilder();
    for (int i = 0; i < size; i++) {
      byte[] data = new byte[random.nextInt(0, 50)];
      random.nextBytes(data);
      Hash leaf = Rfc6962.leafHash(data);
      leaf.copyTo(hashes, i * Hash.SIZE);
      leaves.add(leaf);
    }
    RootBuilder chunks = new RootBuilder();
    int full = size / chunk * chunk;
    for (int i = 0; i < full; i += chunk) {
      byte[] subtree = new byte[chunk * Hash.SIZE];
      System.arraycopy(hashes, i * Hash.SIZE, subtree, 0, subtree.length);
      chunks.add(Rfc6962.subtreeRoot(subtree), height);
    }
    for (int i = full; i < size; i++) {
      byte[] leaf = new byte[Hash.SIZE];
      System.arraycopy(hashes, i * Hash.SIZE, leaf, 0, Hash.SIZE);
      chunks.add(Hash.of(leaf));
    }

    assertThat(chunks.root())
        .as("seed %d size %d height %d", seed, size, height)
        .isEqualTo(leaves.root());
  }

  @Test
  void add_subtreeAfterUnalignedSize_throws() {
    RootBuilder root = new RootBuilder();
    root.add(Rfc6962.emptyRoot());

    assertThatThrownBy(() -> root.add(Rfc6962.emptyRoot(), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a subtree of height 1 cannot follow 1 leaves");
  }

  @Test
  void subtreeRoot_threeHashes_throws() {
    assertThatThrownBy(() -> Rfc6962.subtreeRoot(new byte[3 * Hash.SIZE]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subtreeRoot_twoHashes_isTheirNodeHash() {
    Hash left = Rfc6962.leafHash(new byte[] {1});
    Hash right = Rfc6962.leafHash(new byte[] {2});
    byte[] both = new byte[2 * Hash.SIZE];
    left.copyTo(both, 0);
    right.copyTo(both, Hash.SIZE);

    assertThat(Rfc6962.subtreeRoot(both)).isEqualTo(Rfc6962.nodeHash(left, right));
  }
}
