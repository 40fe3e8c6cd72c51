package dev.loopwatch.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.NoteSignature;
import dev.loopwatch.ledger.note.OpenedNote;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoints and cosignatures against c2sp.org/tlog-checkpoint and tlog-cosignature. */
class CheckpointTest {
  /** The example cosigned checkpoint at the top of c2sp.org/tlog-cosignature. */
  static final String SPEC_EXAMPLE =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
          + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
          + "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

  static final byte[] SEED =
      HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  @Test
  void parse_specCosignedExample_readsCheckpointAndTimestamp() {
    Note note = Note.parse(SPEC_EXAMPLE);
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(checkpoint.size()).isEqualTo(20852163L);
    assertThat(checkpoint.root().base64())
        .isEqualTo("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assertThat(checkpoint.extensions()).isEmpty();
    assertThat(checkpoint.text()).isEqualTo(note.text());
    NoteSignature witness = note.signatures().get(1);
    // The spec's signed-message example uses "time 1679315147" for this cosignature.
    assertThat(Cosignature.timestamp(witness)).isEqualTo(1679315147L);
    assertThat(witness.keyId()).isEqualTo(0x8d66cf3f);
  }

  @Test
  void parse_sumGolangOrgCheckpoint_readsFields() {
    Checkpoint checkpoint =
        Checkpoint.parse(
            "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n");
    assertThat(checkpoint.origin()).isEqualTo("go.sum database tree");
    assertThat(checkpoint.size()).isEqualTo(6476701L);
  }

  @Test
  void text_withExtensions_roundTrips() {
    Checkpoint checkpoint =
        new Checkpoint(
            "example.com/log",
            0,
            Hash.fromBase64("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
            List.of("ext one", "ext-two"));
    String text =
        "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next-two\n";
    assertThat(checkpoint.text()).isEqualTo(text);
    assertThat(Checkpoint.parse(text)).isEqualTo(checkpoint);
  }

  @Test
  void parse_malformedCheckpoints_rejectedWithLine() {
    String root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    assertMalformed("o\n1\n" + root, "the text does not end with a newline");
    assertMalformed("o\n1\n", "it has 2 lines, at least 3 needed");
    assertMalformed("\n1\n" + root + "\n", "line 1 (origin) is empty");
    assertMalformed(
        "o\n01\n" + root + "\n", "line 2 (size) \"01\" is not a decimal without leading zeroes");
    assertMalformed(
        "o\n-1\n" + root + "\n", "line 2 (size) \"-1\" is not a decimal without leading zeroes");
    assertMalformed(
        "o\n9999999999999999999\n" + root + "\n",
        "line 2 (size) \"9999999999999999999\" is too large");
    assertMalformed("o\n1\nAAAA\n", "line 3 (root hash): hash is 3 bytes, expected 32");
    assertMalformed("o\n1\n" + root + "\n\n", "line 4 (extension) is empty");
  }

  private static void assertMalformed(String text, String problem) {
    assertThatThrownBy(() -> Checkpoint.parse(text))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("malformed checkpoint: " + problem);
  }

  @Test
  void keyId_cosigner_isSha256OfNameNewlineType4AndKey() throws Exception {
    byte[] publicKey = Ed25519.publicKey(SEED);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update("witness.example/w1\n".getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0x04);
    digest.update(publicKey);
    int expected = ByteBuffer.wrap(digest.digest()).getInt();
    assertThat(Cosignature.keyId("witness.example/w1", publicKey)).isEqualTo(expected);
    assertThat(Cosignature.keyId("witness.example/w1", publicKey))
        .isNotEqualTo(NoteKeys.keyId("witness.example/w1", 0x01, publicKey));
    // RFC 8032 section 7.1 TEST 1: this seed's public key.
    assertThat(HexFormat.of().formatHex(publicKey))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  }

  @Test
  void cosign_fixedClock_producesSpecMessageAndVerifies() {
    String text = Checkpoint.parse(Note.parse(SPEC_EXAMPLE).text()).text();
    Signer cosigner = Cosignature.signer("witness.example/w1", SEED, () -> 1679315147L);
    Note cosigned = Note.sign(text, List.of(cosigner));
    byte[] payload = cosigned.signatures().get(0).signature();
    assertThat(payload).hasSize(72);
    assertThat(Arrays.copyOf(payload, 8))
        .containsExactly(0, 0, 0, 0, 0x64, 0x18, 0x50, (byte) 0xcb);
    byte[] expectedMessage =
        ("cosignature/v1\ntime 1679315147\n" + text).getBytes(StandardCharsets.UTF_8);
    assertThat(Arrays.copyOfRange(payload, 8, 72)).isEqualTo(Ed25519.sign(SEED, expectedMessage));

    String vkey = Cosignature.verifierKey("witness.example/w1", Ed25519.publicKey(SEED));
    Verifier verifier = Cosignature.verifier(vkey);
    OpenedNote opened = Note.open(cosigned.bytes(), List.of(verifier));
    assertThat(opened.verified()).hasSize(1);
    assertThat(Cosignature.timestamp(opened.verified().get(0))).isEqualTo(1679315147L);

    // The same key as a plain Ed25519 note verifier has another key ID, so the line is unknown.
    Verifier plain = NoteKeys.ed25519Verifier("witness.example/w1", Ed25519.publicKey(SEED));
    assertThatThrownBy(() -> Note.open(cosigned.bytes(), List.of(plain)))
        .hasMessageStartingWith("note has no verifiable signatures");
    // A timestamp changed in the payload breaks the signature.
    payload[7]++;
    byte[] line = ByteBuffer.allocate(76).putInt(verifier.keyId()).put(payload).array();
    String forged =
        text
            + "\n\u2014 witness.example/w1 "
            + java.util.Base64.getEncoder().encodeToString(line)
            + "\n";
    assertThatThrownBy(() -> Note.open(forged.getBytes(StandardCharsets.UTF_8), List.of(verifier)))
        .hasMessage(
            "invalid signature for key " + verifier.name() + "+" + NoteKeys.hex(verifier.keyId()));
  }

  @Test
  void verifier_ed25519TypeKey_rejectedAsCosigner() {
    assertThatThrownBy(() ->
            Cosignature.verifier(
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "invalid verifier key: PeterNeumann+c74f20a3 is not a 32-byte Ed25519 cosigner key of type 0x04");
    String skey = NoteKeys.signerKey("w", Cosignature.TYPE, SEED);
    assertThat(Cosignature.signer(skey, () -> 5L).keyId())
        .isEqualTo(Cosignature.keyId("w", Ed25519.publicKey(SEED)));
  }
}
