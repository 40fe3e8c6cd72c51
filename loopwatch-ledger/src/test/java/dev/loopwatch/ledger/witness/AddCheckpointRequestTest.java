package dev.loopwatch.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.Note;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and encoding add-checkpoint request bodies. */
class AddCheckpointRequestTest {
  /** The example request body of c2sp.org/tlog-witness section "add-checkpoint". */
  static final String SPEC_REQUEST =
      "old 20852014\n"
          + "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
          + "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
          + "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
          + "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
          + "\n"
          + "example.com/behind-the-sofa\n"
          + "20852163\n"
          + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
          + "\n"
          + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
          + "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";

  @Test
  void parse_specExample_readsOldSizeProofAndCheckpoint() {
    byte[] body = SPEC_REQUEST.getBytes(StandardCharsets.UTF_8);
    AddCheckpointRequest request = AddCheckpointRequest.parse(body);
    assertThat(request.oldSize()).isEqualTo(20852014L);
    assertThat(request.proof())
        .extracting(Hash::base64)
        .containsExactly(
            "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=",
            "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=",
            "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=",
            "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=");
    Note note = Note.parse(request.checkpoint());
    assertThat(Checkpoint.parse(note.text()).size()).isEqualTo(20852163L);
    assertThat(note.signatures()).hasSize(2);
    assertThat(request.body()).isEqualTo(body);
  }

  @Test
  void parse_noProof_readsEmptyProof() {
    AddCheckpointRequest request =
        AddCheckpointRequest.parse("old 0\n\nx\n1\nroot\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(request.oldSize()).isZero();
    assertThat(request.proof()).isEmpty();
    assertThat(new String(request.checkpoint(), StandardCharsets.UTF_8))
        .isEqualTo("x\n1\nroot\n\n");
  }

  @Test
  void parse_malformedBodies_nameTheFault() {
    String hash = Hash.of(new byte[32]).base64() + "\n";
    assertMalformed("", "no old size line");
    assertMalformed("old 01\n\nx\n", "line 1 \"old 01\" is not 'old <size>' with a decimal size");
    assertMalformed("new 1\n\nx\n", "line 1 \"new 1\" is not 'old <size>' with a decimal size");
    assertMalformed(
        "old 99999999999999999999\n\nx\n",
        "line 1 \"old 99999999999999999999\" is" + " not 'old <size>' with a decimal size");
    assertMalformed("old 1\n" + hash, "no empty line before the checkpoint");
    assertMalformed("old 1\n\n", "no checkpoint after the empty line");
    assertMalformed("old 1\nAAAA\n\nx\n", "line 2 is not a base64 hash: ");
    assertMalformed(
        "old 1\n" + String.join("", Collections.nCopies(64, hash)) + "\nx\n",
        "more than 63 consistency proof lines");
    assertThat(
            AddCheckpointRequest.parse(
                    ("old 1\n" + String.join("", Collections.nCopies(63, hash)) + "\nx\n")
                        .getBytes(StandardCharsets.UTF_8))
                .proof())
        .hasSize(63);
  }

  @Test
  void body_roundTrips() {
    AddCheckpointRequest request =
        new AddCheckpointRequest(
            3, List.of(Hash.of(new byte[32])), "c\n".getBytes(StandardCharsets.UTF_8));
    assertThat(AddCheckpointRequest.parse(request.body()))
        .usingRecursiveComparison()
        .isEqualTo(request);
  }

  private static void assertMalformed(String body, String problem) {
    assertThatThrownBy(() -> AddCheckpointRequest.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("malformed add-checkpoint request: " + problem);
  }
}
