package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading phases.toml: the bundled ladder, its hash, and faults naming the file and key. */
class PhasesTest {
  @TempDir Path temp;

  @Test
  void defaults_bundledLadder_fivePhasesEachThresholdWithSource() throws Exception {
    Phases phases = Phases.defaults();

    assertThat(phases.phases())
        .extracting(Phases.Phase::id)
        .containsExactly("P0", "P1", "P2", "P3", "P4");
    assertThat(phases.phases())
        .flatExtracting(Phases.Phase::thresholds)
        .allSatisfy(t -> assertThat(t.source()).isNotBlank());
    assertThat(phases.gate()).isEqualTo(new Phases.Gate(0.70, false, false, 2, 2));
    byte[] bytes;
    try (InputStream in = Phases.class.getResourceAsStream(Phases.RESOURCE)) {
      bytes = in.readAllBytes();
    }
    assertThat(phases.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  private Path write(String text) throws IOException {
    Path file = temp.resolve("phases.toml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void read_invalidToml_faultNamesFileAndLine() throws IOException {
    Path file = write("version = \"x\"\n[gate]\nmin-coverage = = 0.7\n");

    assertThatThrownBy(() -> Phases.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(file + ":3");
  }

  @Test
  void read_unknownIndicator_faultNamesKey() throws IOException {
    Path file =
        write(
            LadderTest.TWO_PHASES.replace(
                "indicator = \"human-turns-per-transcript\"", "indicator = \"vibes\""));

    assertThatThrownBy(() -> Phases.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("'.phase[1].threshold[1].indicator' names no known indicator: vibes");
  }

  @Test
  void read_thresholdWithoutSource_faultNamesKey() throws IOException {
    Path file = write(LadderTest.TWO_PHASES.replace("source = \"test: P1\"\n", ""));

    assertThatThrownBy(() -> Phases.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("'.phase[0].threshold[0].source' is missing");
  }

  @Test
  void read_badGate_faultNamesKey() throws IOException {
    Path file = write(LadderTest.TWO_PHASES.replace("enter-months = 2", "enter-months = 0"));

    assertThatThrownBy(() -> Phases.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("'.gate.enter-months' must be a whole number");
  }
}
