package dev.loopwatch.ledger.equivocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.MerkleTree;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EquivocationProofTest {
  private static final String ORIGIN = "example.com/equivocating-log";

  private static byte[] seed(long value) {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(value).nextBytes(seed);
    return seed;
  }

  private static final Signer SIGNER =
      NoteKeys.signer(NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed(1)));
  private static final Verifier KEY =
      NoteKeys.verifier(
          NoteKeys.verifierKey(ORIGIN, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(1))));

  private static MerkleTree tree(int size, long salt) {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < size; i++) {
      tree.appendData(
          ("entry " + i + (i >= salt ? "" : "")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return tree;
  }

  private static MerkleTree forked(int size, int fork) {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < size; i++) {
      String data = i == fork ? "forked " + i : "entry " + i;
      tree.appendData(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return tree;
  }

  private static Note sign(long size, Hash root) {
    return Note.sign(Checkpoint.of(ORIGIN, size, root).text(), List.of(SIGNER));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void verify_forkedTrees_demonstratesEquivocation_consistentOnesDoNot(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size1 = 1 + random.nextInt(600);
    int size2 = size1 + 1 + random.nextInt(600);
    int fork = random.nextInt(size1);
    MerkleTree honest = tree(size2, 0);
    MerkleTree other = forked(size2, fork);
    Note smaller = sign(size1, honest.root(size1));
    Note larger = sign(size2, other.root(size2));
    EquivocationProof proof =
        EquivocationProof.build(larger, smaller, (level, index) -> other.node(level, index));
    EquivocationProof parsed =
        EquivocationProof.parse(proof.write().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(parsed.verify(List.of(KEY)))
        .as("seed %d: sizes %d, %d fork %d", seed, size1, size2, fork)
        .contains("signed size " + size1);

    Note consistentLarger = sign(size2, honest.root(size2));
    EquivocationProof consistent =
        EquivocationProof.build(
            smaller, consistentLarger, (level, index) -> honest.node(level, index));
    assertThatThrownBy(() -> consistent.verify(List.of(KEY)))
        .as("seed %d", seed)
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("the checkpoints are consistent");

    List<Hash> tampered = new ArrayList<>(proof.path());
    tampered.set(tampered.size() - 1, Hash.of(new byte[32]));
    assertThatThrownBy(() ->
            new EquivocationProof(proof.smaller(), proof.larger(), tampered).verify(List.of(KEY)))
        .as("seed %d", seed)
        .hasMessageContaining("proves nothing");
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {1, 2, 7, 256})
  void verify_equalSizesDifferentRoots_demonstratesEquivocation(int size) {
    Note a = sign(size, tree(size, 0).root());
    Note b = sign(size, forked(size, 0).root());
    EquivocationProof proof = new EquivocationProof(a, b, List.of());
    assertThat(proof.verify(List.of(KEY))).contains("two checkpoints of size " + size);
    assertThatThrownBy(() -> new EquivocationProof(a, a, List.of()).verify(List.of(KEY)))
        .hasMessage(
            "equivocation proof: both checkpoints have size " + size + " and the same root");
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {3})
  void verify_wrongLogKey_fails(int size) {
    Note a = sign(size, tree(size, 0).root());
    Note b = sign(size, forked(size, 0).root());
    Verifier other =
        NoteKeys.verifier(
            NoteKeys.verifierKey(ORIGIN, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(2))));
    assertThatThrownBy(() -> new EquivocationProof(a, b, List.of()).verify(List.of(other)))
        .hasMessageStartingWith("equivocation proof: the first checkpoint:");
  }
}
