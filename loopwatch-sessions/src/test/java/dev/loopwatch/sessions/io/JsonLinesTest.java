package dev.loopwatch.sessions.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Malformed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {

  @TempDir Path dir;

  private List<Long> read(Path file, int cap, List<Malformed> malformed) {
    List<Long> accepted = new ArrayList<>();
    JsonLines.read(file, cap, (line, node) -> accepted.add(line), malformed);
    return accepted;
  }

  @Test
  void read_lineOverCap_skippedAndReportedWithoutKeepingIt() throws IOException {
    Path file = dir.resolve("long.jsonl");
    String longLine = "{\"type\":\"user\",\"pad\":\"" + "x".repeat(200_000) + "\"}";
    Files.writeString(file, "{\"a\":1}\n" + longLine + "\n{\"b\":2}\n");
    List<Malformed> malformed = new ArrayList<>();
    assertThat(read(file, 1000, malformed)).containsExactly(1L, 3L);
    assertThat(malformed).extracting(Malformed::line).containsExactly(2L);
    assertThat(malformed.getFirst().reason()).isEqualTo("line longer than 1000 characters");
  }

  @Test
  void read_overlongTruncatedLastLine_reportedOnce() throws IOException {
    Path file = dir.resolve("tail.jsonl");
    Files.writeString(file, "{\"a\":1}\n" + "y".repeat(5000));
    List<Malformed> malformed = new ArrayList<>();
    assertThat(read(file, 100, malformed)).containsExactly(1L);
    assertThat(malformed).extracting(Malformed::line).containsExactly(2L);
  }

  @Test
  void read_blankCrlfAndNonObjectLines_blankSkippedOthersReported() throws IOException {
    Path file = dir.resolve("mixed.jsonl");
    Files.writeString(file, "{\"a\":1}\r\n\n   \n[1,2]\n42\n{\"a\":1} trailing\n{\"c\":3}");
    List<Malformed> malformed = new ArrayList<>();
    assertThat(read(file, 1000, malformed)).containsExactly(1L, 7L);
    assertThat(malformed).extracting(Malformed::line).containsExactly(4L, 5L, 6L);
    assertThat(malformed.get(0).reason()).isEqualTo("not a JSON object");
  }

  @Test
  void read_invalidUtf8_replacedNotThrown() throws IOException {
    Path file = dir.resolve("bytes.jsonl");
    Files.write(
        file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
    List<Malformed> malformed = new ArrayList<>();
    assertThat(read(file, 1000, malformed)).containsExactly(1L);
    assertThat(malformed).isEmpty();
  }

  @Test
  void read_handlerThrows_lineReportedAsUnexpectedStructure() throws IOException {
    Path file = dir.resolve("handler.jsonl");
    Files.writeString(file, "{\"a\":1}\n{\"a\":2}\n");
    List<Malformed> malformed = new ArrayList<>();
    JsonLines.read(
        file,
        1000,
        (line, node) -> {
          if (line == 2) {
            throw new IllegalArgumentException("boom");
          }
        },
        malformed);
    assertThat(malformed)
        .extracting(Malformed::toString)
        .containsExactly(file + ":2: unexpected structure: boom");
  }

  @Test
  void firstInstant_skipsLinesWithoutTimestamp() throws IOException {
    Path file = dir.resolve("first.jsonl");
    Files.writeString(
        file, "not json\n{\"type\":\"summary\"}\n{\"timestamp\":\"2026-01-02T03:04:05Z\"}\n");
    assertThat(JsonLines.firstInstant(file, "timestamp", 50, 1000))
        .contains(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(JsonLines.firstInstant(file, "timestamp", 2, 1000)).isEmpty();
  }
}
