package dev.loopwatch.ledger.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.note.Note;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedAttestationTest {
  @Test
  void sign_declarantKey_noteTextIsCanonicalJsonAndOpens() {
    SignedAttestation signed =
        SignedAttestation.sign(Declarants.computeReport(), Declarants.signer(1));
    String serialized = new String(signed.bytes(), StandardCharsets.UTF_8);
    assertThat(serialized)
        .startsWith(Declarants.computeReport().canonicalJson() + "\n\n\u2014 lab.example/compute ");
    assertThat(serialized.lines().count()).isEqualTo(3);
    SignedAttestation opened = SignedAttestation.open(signed.bytes());
    assertThat(opened.attestation()).isEqualTo(Declarants.computeReport());
    assertThat(opened.bytes()).isEqualTo(signed.bytes());
  }

  @Test
  void sign_otherKey_rejectedNamingBothKeys() {
    assertThatThrownBy(
            () -> SignedAttestation.sign(Declarants.computeReport(), Declarants.signer(2)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("the signing key lab.example/compute+")
        .hasMessageEndingWith("named in the attestation");
  }

  @Test
  void open_tamperedText_badSignature() {
    byte[] bytes = SignedAttestation.sign(Declarants.computeReport(), Declarants.signer(1)).bytes();
    String tampered = new String(bytes, StandardCharsets.UTF_8).replace("\"run-7\"", "\"run-8\"");
    assertThatThrownBy(() -> SignedAttestation.open(tampered.getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith(
            "signed attestation: declarant lab.example/compute: invalid signature for key lab.example/compute+");
  }

  @Test
  void open_signedByOtherKeyOnly_noVerifiableSignature() {
    Note note =
        Note.sign(Declarants.computeReport().canonicalJson() + "\n", List.of(Declarants.signer(2)));
    assertThatThrownBy(() -> SignedAttestation.open(note.bytes()))
        .hasMessage(
            "signed attestation: declarant lab.example/compute: note has no verifiable signatures"
                + " (1 by unknown keys)");
  }

  @Test
  void open_nonCanonicalTextSignedByDeclarant_rejected() {
    String json = Declarants.computeReport().canonicalJson().replace("4096.5", "4096.50");
    Note note = Note.sign(json + "\n", List.of(Declarants.signer(1)));
    assertThatThrownBy(() -> SignedAttestation.open(note.bytes()))
        .hasMessageStartingWith("signed attestation: the note text is not in canonical JSON form");
  }

  @Test
  void open_twoLineText_rejected() {
    Note note =
        Note.sign(
            Declarants.computeReport().canonicalJson() + "\nmore\n", List.of(Declarants.signer(1)));
    assertThatThrownBy(() -> SignedAttestation.open(note.bytes()))
        .hasMessage("signed attestation: the note text must be one line of canonical JSON");
  }

  @Test
  void open_oversized_rejectedBeforeParsing() {
    assertThatThrownBy(() -> SignedAttestation.open(new byte[65_536]))
        .hasMessage("signed attestation: it is 65536 bytes; at most 65535 allowed");
  }

  @Test
  void open_notANote_malformed() {
    assertThatThrownBy(() -> SignedAttestation.open("{}\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessage(
            "signed attestation: malformed note: no blank line separates the text from the"
                + " signatures");
  }

  @Test
  void sign_tooLarge_rejected() {
    Attestation big =
        new Attestation(
            Declarants.verifierKey(1),
            StatementType.EVAL_RESULT,
            "run",
            Declarants.computeReport().period(),
            Declarants.computeReport().compute(),
            java.util.Map.of(),
            java.util.Collections.nCopies(
                80, new Evaluation("x".repeat(1000), "b", "m", java.math.BigDecimal.ONE)));
    assertThatThrownBy(() -> SignedAttestation.sign(big, Declarants.signer(1)))
        .hasMessageMatching("the signed attestation is \\d+ bytes; at most 65535 allowed");
  }
}
