package dev.loopwatch.ledger.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.tiles.TileHashReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Offline tlog-proof@v1 proofs built from a stored 1000-entry log. */
class TlogProofTest {
  private static final String ORIGIN = "example.com/proof-log";
  private static final int SIZE = 1000;

  @TempDir Path root;

  private final List<byte[]> entries = new ArrayList<>();
  private Verifier logKey;
  private Note signedCheckpoint;
  private TileHashReader tree;

  @BeforeEach
  void storeLog() {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(99).nextBytes(seed);
    Signer signer = NoteKeys.signer(NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed));
    logKey = NoteKeys.ed25519Verifier(ORIGIN, Ed25519.publicKey(seed));
    SplittableRandom random = new SplittableRandom(5);
    try (TileLog log = TileLog.create(root, ORIGIN, signer)) {
      while (entries.size() < SIZE) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = random.nextInt(1, 200); i > 0 && entries.size() + batch.size() < SIZE; i--) {
          batch.add(
              ("statement " + (entries.size() + batch.size())).getBytes(StandardCharsets.UTF_8));
        }
        log.append(batch);
        entries.addAll(batch);
      }
      signedCheckpoint = log.signedCheckpoint();
    }
    tree = new TileHashReader(new LogDirectory(root), SIZE);
  }

  @Test
  void verify_everyIndexOfStoredLog_writtenParsedAndVerified() {
    Checkpoint expected = Checkpoint.parse(signedCheckpoint.text());
    for (int index = 0; index < SIZE; index++) {
      TlogProof proof = TlogProof.build(tree, signedCheckpoint, index);
      String text = proof.write();
      TlogProof parsed = TlogProof.parse(text);
      assertThat(parsed).as("index %d", index).isEqualTo(proof);
      assertThat(parsed.write()).as("index %d", index).isEqualTo(text);
      assertThat(parsed.verify(entries.get(index), List.of(logKey)))
          .as("index %d", index)
          .isEqualTo(expected);
    }
  }

  @Test
  void write_specLayout_exactText() {
    TlogProof proof = TlogProof.build(tree, signedCheckpoint, 999).withExtra(new byte[] {1, 2, 3});
    String text = proof.write();
    List<String> lines = List.of(text.split("\n", -1));
    assertThat(lines.subList(0, 3))
        .containsExactly("c2sp.org/tlog-proof@v1", "extra AQID", "index 999");
    // Leaf 999 of 1000: siblings at levels 0..2 form one piece ([992, 1000) has 8 leaves: 996-999
    // pairs), so the path is 3 hashes inside [992, 1000) plus the left subtrees 512, 256, 128, 64,
    // 32.
    assertThat(proof.inclusion()).hasSize(8);
    assertThat(lines.get(11)).isEmpty();
    assertThat(text.substring(text.indexOf("\n\n") + 2)).isEqualTo(signedCheckpoint.serialize());
    assertThat(TlogProof.parse(text).extra())
        .hasValueSatisfying(e -> assertThat(e).containsExactly(1, 2, 3));
    assertThat(TlogProof.parse(text).verify(entries.get(999), List.of(logKey)).size())
        .isEqualTo(1000);
  }

  @Test
  void verify_witnessCosignedCheckpoint_ignoresUnknownCosignature() {
    byte[] witnessSeed = new byte[Ed25519.KEY_SIZE];
    Note cosigned =
        signedCheckpoint.signedBy(
            List.of(Cosignature.signer("witness.example", witnessSeed, () -> 1_700_000_000L)));
    TlogProof proof = TlogProof.parse(TlogProof.build(tree, cosigned, 7).write());
    assertThat(proof.checkpoint().signatures()).hasSize(2);
    assertThat(proof.verifyLeaf(Rfc6962.leafHash(entries.get(7)), List.of(logKey)).size())
        .isEqualTo(1000);
  }

  @Test
  void verify_wrongEntry_rejectedNamingLeaf() {
    TlogProof proof = TlogProof.build(tree, signedCheckpoint, 10);
    assertThatThrownBy(() -> proof.verify(entries.get(11), List.of(logKey)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("tlog-proof for index 10: the entry (leaf hash ")
        .hasMessageContaining("inclusion proof for leaf 10 in tree size 1000 gives root");
  }

  @Test
  void verify_otherLogKey_rejectedAsUnverifiable() {
    TlogProof proof = TlogProof.build(tree, signedCheckpoint, 10);
    Verifier other = NoteKeys.ed25519Verifier(ORIGIN, Ed25519.publicKey(new byte[32]));
    assertThatThrownBy(() -> proof.verify(entries.get(10), List.of(other)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "tlog-proof for index 10: checkpoint signature: note has no verifiable signatures (1 by"
                + " unknown keys)");
  }

  @Test
  void verify_indexBeyondTree_rejected() {
    TlogProof proof = TlogProof.of(1000, List.of(), signedCheckpoint);
    assertThatThrownBy(() -> proof.verify(new byte[0], List.of(logKey)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "tlog-proof for index 1000: the index is not within the checkpoint's tree of size 1000");
  }

  @Test
  void verify_droppedHash_rejectedWithExpectedLength() {
    TlogProof proof = TlogProof.build(tree, signedCheckpoint, 3);
    TlogProof shorter =
        TlogProof.of(
            3, proof.inclusion().subList(0, proof.inclusion().size() - 1), signedCheckpoint);
    assertThatThrownBy(() -> shorter.verify(entries.get(3), List.of(logKey)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageEndingWith(
            "inclusion proof for leaf 3 in tree size 1000 has 9 hashes, expected 10");
  }

  @Test
  void verify_alteredCheckpointRoot_rejectedAsBadSignature() {
    String text = TlogProof.build(tree, signedCheckpoint, 3).write();
    Checkpoint checkpoint = Checkpoint.parse(signedCheckpoint.text());
    String forged =
        text.replace(checkpoint.root().base64(), Rfc6962.leafHash(new byte[0]).base64());
    assertThat(forged).isNotEqualTo(text);
    assertThatThrownBy(() -> TlogProof.parse(forged).verify(entries.get(3), List.of(logKey)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "tlog-proof for index 3: checkpoint signature: invalid signature for key "
                + ORIGIN
                + "+"
                + NoteKeys.hex(logKey.keyId()));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void verify_anySingleCharacterChanged_rejected(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n.-";
    for (int trial = 0; trial < 100; trial++) {
      int index = random.nextInt(SIZE);
      String text = TlogProof.build(tree, signedCheckpoint, index).write();
      int position = random.nextInt(text.length());
      char replacement;
      do {
        replacement = alphabet.charAt(random.nextInt(alphabet.length()));
      } while (replacement == text.charAt(position));
      String tampered = text.substring(0, position) + replacement + text.substring(position + 1);
      byte[] entry = entries.get(index);
      Throwable thrown =
          catchThrowable(() -> TlogProof.parse(tampered).verify(entry, List.of(logKey)));
      assertThat(thrown)
          .as("seed %d trial %d: position %d of\n%s", seed, trial, position, tampered)
          .isInstanceOf(LoopwatchException.class);
    }
  }

  @Test
  void parse_malformedProofs_rejectedNamingLine() {
    String good = TlogProof.build(tree, signedCheckpoint, 5).write();
    String hash = Rfc6962.emptyRoot().base64();
    assertMalformed(
        good.replace("tlog-proof@v1", "tlog-proof@v2"),
        "malformed tlog-proof: line 1 is \"c2sp.org/tlog-proof@v2\", expected \"c2sp.org/tlog-proof@v1\"");
    assertMalformed(
        good.replace("index 5\n", "index 05\n"),
        "malformed tlog-proof: line 2 (index) \"05\" is not a decimal without leading zeroes");
    assertMalformed(
        good.replace("index 5\n", "index -5\n"),
        "malformed tlog-proof: line 2 (index) \"-5\" is not a decimal without leading zeroes");
    assertMalformed(
        good.replace("index 5\n", "index 99999999999999999999\n"),
        "malformed tlog-proof: line 2 (index) \"99999999999999999999\" is not a decimal without leading zeroes");
    assertMalformed(
        good.replace("index 5\n", "index 5\nextra AQID\n"),
        "malformed tlog-proof: line 3 (inclusion proof hash) is not valid base64");
    assertMalformed(
        good.replace("index 5\n", "extra \nindex 5\n"),
        "malformed tlog-proof: line 2 (extra) has no data");
    assertMalformed(
        good.replace("index 5\n", ""),
        "malformed tlog-proof: line 2 is \""
            + shortened(good.split("\n")[2])
            + "\", expected \"index <n>\"");
    assertMalformed(
        good.replace("index 5\n", "index 5\n" + hash.replace("=", "") + "\n"),
        "malformed tlog-proof: line 3 (inclusion proof hash) is not canonical padded base64");
    assertMalformed(
        good.replace("index 5\n", "index 5\nAAAA\n"),
        "malformed tlog-proof: line 3 (inclusion proof hash) is 3 bytes, expected 32");
    assertMalformed(
        "c2sp.org/tlog-proof@v1\nindex 5\n",
        "malformed tlog-proof: no empty line separates the proof from the checkpoint");
    assertMalformed(
        good.replace(
            "index 5\n", "index 5\n" + String.join("", Collections.nCopies(60, hash + "\n"))),
        "malformed tlog-proof: the inclusion proof has more than 63 hashes");
    String unsigned = good.substring(0, good.indexOf("\n\n") + 2) + signedCheckpoint.text();
    assertThatThrownBy(() -> TlogProof.parse(unsigned))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("malformed tlog-proof: checkpoint after line 13: malformed note:");
    assertThatThrownBy(() -> TlogProof.parse(new byte[] {(byte) 0xff, '\n', '\n'}))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("malformed tlog-proof: it is not valid UTF-8");
    Hash.fromBase64(hash);
  }

  private static String shortened(String line) {
    return line.length() <= 40 ? line : line.substring(0, 40) + "...";
  }

  private static void assertMalformed(String text, String message) {
    assertThatThrownBy(() -> TlogProof.parse(text))
        .as(message)
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(message);
  }
}
