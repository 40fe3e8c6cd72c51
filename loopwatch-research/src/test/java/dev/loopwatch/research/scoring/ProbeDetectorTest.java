package dev.loopwatch.research.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeDetectorTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static int[] base() {
    int[] predictions = new int[200];
    for (int i = 0; i < predictions.length; i += 3) {
      predictions[i] = 1;
    }
    return predictions;
  }

  private static int[] flipped(int... positions) {
    int[] predictions = base();
    for (int position : positions) {
      predictions[position] = 1 - predictions[position];
    }
    return predictions;
  }

  private static List<String> kinds(List<ProbeFlag> flags) {
    return flags.stream().map(ProbeFlag::kind).toList();
  }

  @Test
  void check_honestAgentRepeatsAProbersBase_notFlaggedAgainstTheProbersFlip() {
    ProbeDetector detector = new ProbeDetector(0);
    detector.check("s1", "prober", T0, 0, base(), true, true);
    List<ProbeFlag> probe =
        detector.check("s2", "prober", T0.plusSeconds(1), 0, flipped(7), true, true);

    List<ProbeFlag> honest =
        detector.check("s3", "honest", T0.plusSeconds(2), 0, base(), true, true);

    assertThat(kinds(probe)).containsExactly("few_flips");
    assertThat(honest).isEmpty();
  }

  @Test
  void check_flipOfAnotherAgentsSubmission_flaggedWithThatAgentAsEvidence() {
    ProbeDetector detector = new ProbeDetector(0);
    detector.check("s1", "a1", T0, 0, base(), true, true);

    List<ProbeFlag> flags =
        detector.check("s2", "a2", T0.plusSeconds(1), 0, flipped(3, 9), true, true);

    assertThat(kinds(flags)).containsExactly("few_flips");
    assertThat(flags.get(0).evidence())
        .isEqualTo(new ProbeFlag.FewFlips("s1", "a1", 2, List.of(3, 9)));
  }

  @Test
  void check_identicalResubmissions_neverABurst() {
    ProbeDetector detector = new ProbeDetector(0);
    for (int i = 0; i < 5; i++) {
      assertThat(detector.check("s" + i, "a1", T0.plusSeconds(i), 0, base(), true, true)).isEmpty();
    }
  }

  @Test
  void check_threeNearDuplicatesOfItsOwn_oneBurst() {
    ProbeDetector detector = new ProbeDetector(0);
    detector.check("s0", "a1", T0, 0, base(), true, true);
    // Ten flips each: over the few-flips threshold, within the near-duplicate distance.
    List<String> raised = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      raised.addAll(
          kinds(
              detector.check(
                  "s" + i,
                  "a1",
                  T0.plusSeconds(i),
                  0,
                  flipped(IntStream.range(i * 10, i * 10 + 10).toArray()),
                  true,
                  true)));
    }
    assertThat(raised).containsExactly("near_duplicate_burst");
  }
}
