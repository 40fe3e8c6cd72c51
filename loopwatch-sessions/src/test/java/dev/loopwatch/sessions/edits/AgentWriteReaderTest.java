package dev.loopwatch.sessions.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.core.error.LoopwatchException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentWriteReaderTest {
  private static Path fixtures() throws URISyntaxException {
    return Path.of(AgentWriteReaderTest.class.getResource("/dev/loopwatch/sessions/edits").toURI());
  }

  @Test
  void read_claudeAndCodexFixtures_keepsOnlyConfirmedWritesOnce() throws Exception {
    AgentWriteReader.Result result = new AgentWriteReader().read(fixtures());

    List<AgentWrite> writes = result.writes();
    assertThat(writes)
        .extracting(w -> w.agent() + " " + w.file() + " " + w.lines().size())
        .containsExactly(
            "claude-code /home/dev/shop/src/price.js 3",
            "claude-code /home/dev/shop/src/cart.js 2",
            "codex /home/dev/api/src/limits.rs 1",
            "codex /home/dev/api/src/main_lib.rs 1",
            "codex /home/dev/api/src/errors.rs 1");
    assertThat(writes.get(0).model()).contains("claude-sonnet-4-5-20250929");
    assertThat(writes.get(0).session()).isEqualTo("7c1d2e3f-0a1b-4c2d-9e3f-112233445566");
    assertThat(writes.get(2).model()).contains("gpt-5-codex");
    assertThat(writes.get(2).session()).isEqualTo("0195c3d4-2e3f-7a4b-8c5d-6e7f8a9b0c1d");
    assertThat(
            writes
                .get(1)
                .lines()
                .contains(LineFingerprints.of("return formatPrice(total);").getAsLong()))
        .isTrue();
    assertThat(result.malformed()).hasSize(1);
    assertThat(result.malformed().get(0).line()).isEqualTo(9);
  }

  @Test
  void patchWrites_updateWithMove_creditsTheNewPath() {
    var files =
        AgentWriteReader.patchWrites(
            "*** Begin Patch\n*** Update File: a.rs\n*** Move to: b.rs\n@@\n+let moved_line = 1;\n"
                + "*** End Patch\n",
            "/w");

    assertThat(files).hasSize(1);
    assertThat(files.get(0).file()).isEqualTo(Path.of("/w/b.rs"));
  }

  @Test
  void read_notADirectory_userInputError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("x.jsonl"), "{}");

    assertThatThrownBy(() -> new AgentWriteReader().read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("not a directory: " + file);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void read_randomlyDamagedFixtures_neverThrows(long seed, @TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    for (String name :
        List.of(
            "claude/7c1d2e3f-0a1b-4c2d-9e3f-112233445566.jsonl",
            "codex/rollout-2026-03-21T08-00-00-0195c3d4-2e3f-7a4b-8c5d-6e7f8a9b0c1d.jsonl")) {
      byte[] bytes = Files.readAllBytes(fixtures().resolve(name));
      for (int i = 0; i < 40; i++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      int cut = random.nextInt(bytes.length);
      Path target = dir.resolve(name.replace('/', '-'));
      Files.write(target, java.util.Arrays.copyOf(bytes, cut));
    }

    AgentWriteReader.Result result = new AgentWriteReader().read(dir);

    assertThat(result.writes().size()).as("seed %d", seed).isLessThanOrEqualTo(5);
    assertThat(result.writes()).allMatch(w -> w.file().isAbsolute() && w.model() != null);
  }
}
