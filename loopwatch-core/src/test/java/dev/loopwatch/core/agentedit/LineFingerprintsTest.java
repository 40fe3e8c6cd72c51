package dev.loopwatch.core.agentedit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineFingerprintsTest {
  @Test
  void of_surroundingWhitespace_sameFingerprint() {
    assertThat(LineFingerprints.of("  return total;\t"))
        .isEqualTo(LineFingerprints.of("return total;"));
  }

  @Test
  void of_trivialLines_noFingerprint() {
    assertThat(LineFingerprints.of("}")).isEmpty();
    assertThat(LineFingerprints.of("  ) {")).isEmpty();
    assertThat(LineFingerprints.of("end")).isEmpty();
    assertThat(LineFingerprints.of("else")).isPresent();
  }

  @Test
  void of_differentLines_differentFingerprints() {
    assertThat(LineFingerprints.of("int a = 1;")).isNotEqualTo(LineFingerprints.of("int a = 2;"));
    assertThat(LineFingerprints.of("caf\u00e9 = true"))
        .isNotEqualTo(LineFingerprints.of("cafe = true"));
  }

  @Test
  void ofText_duplicatesAndTrivialLines_collapse() {
    LineFingerprints set = LineFingerprints.ofText("int a = 1;\n}\nint a = 1;\n  int b = 2;\n");

    assertThat(set.size()).isEqualTo(2);
    assertThat(set.contains(LineFingerprints.of("int b = 2;").getAsLong())).isTrue();
    assertThat(set.contains(LineFingerprints.of("int c = 3;").getAsLong())).isFalse();
  }

  @Test
  void union_overlappingSets_holdsEachOnce() {
    LineFingerprints a = LineFingerprints.ofText("alpha one\nbeta two");
    LineFingerprints b = LineFingerprints.ofText("beta two\ngamma three");

    assertThat(a.union(b)).isEqualTo(LineFingerprints.ofText("alpha one\nbeta two\ngamma three"));
    assertThat(a.union(LineFingerprints.empty())).isEqualTo(a);
  }
}
