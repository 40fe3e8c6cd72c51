package dev.loopwatch.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void advance_enabledWithTotal_drawsBarCountRateAndEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(out, true, "scan repo", 200, "changes")) {
      progress.advance(50);
      assertThat(progress.done()).isEqualTo(50);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\rscan repo [######                  ] 50/200 changes")
        .contains("/s")
        .contains("ETA");
    assertThat(text).endsWith("\r\u001b[K");
  }

  @Test
  void advance_disabled_writesNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress progress =
        Progress.start(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "scan", 10, "changes")) {
      progress.advance(10);
    }
    assertThat(bytes.size()).isZero();
  }
}
