package dev.loopwatch.ledger.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.NoteSignature;
import dev.loopwatch.ledger.note.Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing witness policies and checking cosignatures against their quorum. */
class WitnessPolicyTest {
  static final String ORIGIN = "example.com/behind-the-sofa";

  /** The example cosigned checkpoint at the top of c2sp.org/tlog-cosignature. */
  static final String SPEC_EXAMPLE =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
          + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
          + "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

  static byte[] seed(long value) {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(value).nextBytes(seed);
    return seed;
  }

  static String logVkey() {
    return NoteKeys.verifierKey(ORIGIN, NoteKeys.TYPE_ED25519, Ed25519.publicKey(seed(100)));
  }

  /** The {@code name+keyid} part of a vkey. */
  static String label(String vkey) {
    return vkey.substring(0, vkey.indexOf('+', vkey.indexOf('+') + 1));
  }

  static Signer logSigner() {
    return NoteKeys.signer(NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed(100)));
  }

  /** The vkey of test witness {@code i}, named {@code witness.example/w<i>}. */
  static String witnessVkey(int i) {
    return Cosignature.verifierKey("witness.example/w" + i, Ed25519.publicKey(seed(i)));
  }

  static Signer cosigner(int i) {
    return Cosignature.signer("witness.example/w" + i, seed(i), () -> 1679315147L + i);
  }

  static String header(int witnesses) {
    StringBuilder text = new StringBuilder("log " + logVkey() + "\n");
    for (int i = 1; i <= witnesses; i++) {
      text.append("witness w").append(i).append(' ').append(witnessVkey(i)).append('\n');
    }
    return text.toString();
  }

  static byte[] checkpoint(int... cosigners) {
    Checkpoint checkpoint = Checkpoint.of(ORIGIN, 5, Hash.of(new byte[32]));
    List<Signer> signers = new ArrayList<>(List.of(logSigner()));
    for (int i : cosigners) {
      signers.add(cosigner(i));
    }
    return Note.sign(checkpoint.text(), signers).bytes();
  }

  @Test
  void parse_fullPolicy_readsLogsAndWitnessesInOrder() {
    String text =
        "# the test policy\n\n"
            + "log "
            + logVkey()
            + " https://log.example/\n"
            + "witness w1 "
            + witnessVkey(1)
            + " http://127.0.0.1:8791  # first\n"
            + "witness w2 "
            + witnessVkey(2)
            + "\n"
            + "group g 2 w1 w2\n"
            + "quorum g\n";
    WitnessPolicy policy = WitnessPolicy.parse(text, "p.txt");
    assertThat(policy.logs()).hasSize(1);
    assertThat(policy.logs().get(0).vkey()).isEqualTo(logVkey());
    assertThat(policy.logs().get(0).verifier().name()).isEqualTo(ORIGIN);
    assertThat(policy.logs().get(0).url()).contains(URI.create("https://log.example/"));
    assertThat(policy.witnesses())
        .extracting(WitnessPolicy.PolicyWitness::name)
        .containsExactly("w1", "w2");
    assertThat(policy.witnesses().get(0).url()).contains(URI.create("http://127.0.0.1:8791"));
    assertThat(policy.witnesses().get(1).url()).isEqualTo(Optional.empty());
    assertThat(policy.witnesses().get(1).verifier().name()).isEqualTo("witness.example/w2");
  }

  @Test
  void read_file_namesFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.txt");
    Files.writeString(file, header(1) + "quorum w1\nbogus\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> WitnessPolicy.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(file + ":4: unknown directive \"bogus\"");
    Files.writeString(file, header(1) + "quorum w1\n", StandardCharsets.UTF_8);
    assertThat(WitnessPolicy.read(file).witnesses()).hasSize(1);
  }

  static Stream<Arguments> invalidLines() {
    return Stream.of(
        Arguments.of("frobnicate x", "p:4: unknown directive \"frobnicate\""),
        Arguments.of("group g 1 w1 w9", "p:4: group g member \"w9\" is not defined"),
        Arguments.of("group g 1 w1 w1", "p:4: group g lists member \"w1\" twice"),
        Arguments.of("group g 3 w1 w2", "p:4: threshold 3 is outside 1..2"),
        Arguments.of("group g 0 w1 w2", "p:4: threshold 0 is outside 1..2"),
        Arguments.of("group g -1 w1", "p:4: threshold \"-1\" is not an integer, all or any"),
        Arguments.of("group g most w1", "p:4: threshold \"most\" is not an integer, all or any"),
        Arguments.of("group g 1", "p:4: expected 'group <name> <k|all|any> <member>...'"),
        Arguments.of("group w1 1 w2", "p:4: duplicate name \"w1\""),
        Arguments.of("group none 1 w2", "p:4: the name \"none\" is reserved"),
        Arguments.of("witness w1", "p:4: expected 'witness <name> <vkey> [<url>]'"),
        Arguments.of("log", "p:4: expected 'log <vkey> [<url>]'"),
        Arguments.of("quorum", "p:4: expected 'quorum <name>|none'"),
        Arguments.of("quorum w9", "p:4: quorum \"w9\" is not a defined witness or group"),
        Arguments.of("quorum w1", "p:5: second quorum line (the first is line 4)"),
        Arguments.of(
            "witness w3 nonsense",
            "p:4: invalid verifier key: it must have three parts name+keyid+key separated by '+'"),
        Arguments.of(
            "witness w3 w1+00000000+AQ==", "p:4: invalid verifier key: the key material is empty"));
  }

  @ParameterizedTest
  @MethodSource("invalidLines")
  void parse_invalidLine_namesSourceLineAndProblem(String line, String message) {
    assertThatThrownBy(() -> WitnessPolicy.parse(header(2) + line + "\nquorum w1\n", "p"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(message);
  }

  @Test
  void parse_duplicateWitnessKey_rejected() {
    String text = header(1) + "witness w2 " + witnessVkey(1) + "\nquorum w1\n";
    String label = label(witnessVkey(1));
    assertThatThrownBy(() -> WitnessPolicy.parse(text, "p"))
        .hasMessage("p:3: duplicate key " + label + " (already on line 2)");
  }

  @Test
  void parse_duplicateLogKey_rejected() {
    String text = "log " + logVkey() + "\nlog " + logVkey() + "\nquorum none\n";
    String label = label(logVkey());
    assertThatThrownBy(() -> WitnessPolicy.parse(text, "p"))
        .hasMessage("p:2: duplicate key " + label + " (already on line 1)");
  }

  @Test
  void parse_witnessKeyOfLogType_rejected() {
    String text = "log " + logVkey() + "\nwitness w1 " + logVkey() + "\nquorum none\n";
    String label = label(logVkey());
    assertThatThrownBy(() -> WitnessPolicy.parse(text, "p"))
        .hasMessage(
            "p:2: invalid verifier key: "
                + label
                + " is not a 32-byte Ed25519 cosigner key of type 0x04");
  }

  @Test
  void parse_badUrl_rejected() {
    String text = header(0) + "witness w1 " + witnessVkey(1) + " ftp://x/\nquorum none\n";
    assertThatThrownBy(() -> WitnessPolicy.parse(text, "p"))
        .hasMessage("p:2: URL \"ftp://x/\" is not http or https");
  }

  @Test
  void parse_missingQuorum_rejected() {
    assertThatThrownBy(() -> WitnessPolicy.parse(header(1), "p")).hasMessage("p: no quorum line");
  }

  @Test
  void parse_missingLog_rejected() {
    assertThatThrownBy(() -> WitnessPolicy.parse("quorum none\n", "p"))
        .hasMessage("p: no log line");
  }

  @Test
  void satisfied_quorumNone_alwaysTrue() {
    WitnessPolicy policy = WitnessPolicy.parse(header(2) + "quorum none\n", "p");
    assertThat(policy.satisfied(Set.of())).isTrue();
    assertThat(policy.quorumMet(checkpoint())).isTrue();
  }

  @Test
  void satisfied_singleWitness_needsThatWitness() {
    WitnessPolicy policy = WitnessPolicy.parse(header(2) + "quorum w2\n", "p");
    assertThat(policy.satisfied(Set.of("w1"))).isFalse();
    assertThat(policy.satisfied(Set.of("w2"))).isTrue();
  }

  @Test
  void satisfied_kOfN_countsMembers() {
    WitnessPolicy policy =
        WitnessPolicy.parse(header(4) + "group g 3 w1 w2 w3 w4\nquorum g\n", "p");
    assertThat(policy.satisfied(Set.of("w1", "w2"))).isFalse();
    assertThat(policy.satisfied(Set.of("w1", "w2", "w4"))).isTrue();
    assertThat(policy.satisfied(Set.of("w1", "w2", "w3", "w4"))).isTrue();
    assertThat(policy.satisfied(Set.of("w1", "w2", "unknown"))).isFalse();
  }

  @Test
  void satisfied_anyAndAll_meanOneAndEvery() {
    WitnessPolicy any = WitnessPolicy.parse(header(3) + "group g any w1 w2 w3\nquorum g\n", "p");
    WitnessPolicy all = WitnessPolicy.parse(header(3) + "group g all w1 w2 w3\nquorum g\n", "p");
    assertThat(any.satisfied(Set.of())).isFalse();
    assertThat(any.satisfied(Set.of("w3"))).isTrue();
    assertThat(all.satisfied(Set.of("w1", "w3"))).isFalse();
    assertThat(all.satisfied(Set.of("w1", "w2", "w3"))).isTrue();
  }

  @Test
  void satisfied_nestedGroups_evaluateRecursively() {
    // Two operators, each running two witnesses: one witness of each operator must cosign.
    String text =
        header(4)
            + "group east any w1 w2\n"
            + "group west any w3 w4\n"
            + "group both all east west\n"
            + "quorum both\n";
    WitnessPolicy policy = WitnessPolicy.parse(text, "p");
    assertThat(policy.satisfied(Set.of("w1", "w2"))).isFalse();
    assertThat(policy.satisfied(Set.of("w3", "w4"))).isFalse();
    assertThat(policy.satisfied(Set.of("w2", "w3"))).isTrue();
    assertThat(policy.satisfied(Set.of("w1", "w4"))).isTrue();
  }

  @Test
  void cosigners_validCosignatures_namesWitnessesSorted() {
    WitnessPolicy policy = WitnessPolicy.parse(header(3) + "group g 2 w1 w2 w3\nquorum g\n", "p");
    assertThat(policy.cosigners(checkpoint(3, 1))).containsExactly("w1", "w3");
    assertThat(policy.cosigners(checkpoint())).isEmpty();
    assertThat(policy.quorumMet(checkpoint(3, 1))).isTrue();
    assertThat(policy.quorumMet(checkpoint(2))).isFalse();
  }

  @Test
  void cosigners_unknownKeys_ignored() {
    WitnessPolicy policy = WitnessPolicy.parse(header(1) + "quorum w1\n", "p");
    // Cosigned by witness 2, which the policy does not list, and by the spec's unknown witness.
    assertThat(policy.cosigners(checkpoint(2))).isEmpty();
    assertThat(policy.cosigners(SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(policy.quorumMet(checkpoint(2))).isFalse();
  }

  @Test
  void cosigners_tamperedCosignature_namesWitness() {
    WitnessPolicy policy = WitnessPolicy.parse(header(2) + "group g any w1 w2\nquorum g\n", "p");
    Note note = Note.parse(checkpoint(1, 2));
    List<NoteSignature> signatures = new ArrayList<>(note.signatures());
    NoteSignature original = signatures.get(2);
    byte[] raw = Base64.getDecoder().decode(original.base64());
    raw[raw.length - 1] ^= 1;
    signatures.set(
        2,
        new NoteSignature(
            original.name(), original.keyId(), Base64.getEncoder().encodeToString(raw)));
    byte[] tampered = new Note(note.text(), signatures).bytes();
    String label = label(witnessVkey(2));
    assertThatThrownBy(() -> policy.cosigners(tampered))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("invalid cosignature by witness w2 (" + label + ")");
  }

  @Test
  void cosigners_cosignatureOnOtherCheckpoint_rejected() {
    WitnessPolicy policy = WitnessPolicy.parse(header(1) + "quorum w1\n", "p");
    Note signed = Note.parse(checkpoint(1));
    String otherText = Checkpoint.of(ORIGIN, 6, Hash.of(new byte[32])).text();
    byte[] moved = new Note(otherText, signed.signatures()).bytes();
    assertThatThrownBy(() -> policy.cosigners(moved))
        .hasMessageStartingWith("invalid cosignature by witness w1 (");
  }
}
