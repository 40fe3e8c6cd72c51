package dev.loopwatch.evals.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads zip entries in one call and streamed, stored, deflated and zstd. */
class ZipArchiveTest {
  @TempDir Path temp;

  private static final String TEXT = "{\"text\": \"" + "abc".repeat(5000) + "\"}";

  @ParameterizedTest
  @ValueSource(longs = {0, ZipArchive.WHOLE_ENTRY_LIMIT})
  void open_zstdOfManyFrames_readsTheSameTextWholeOrStreamed(long limit) throws IOException {
    Path file =
        new EvalZip()
            .add("a.json", TEXT)
            .add("empty.json", "")
            .writeByHand(temp.resolve("z.eval"), Map.of(), 1000);
    try (ZipArchive zip = ZipArchive.open(file, limit)) {
      assertThat(zip.entries().keySet()).containsExactly("a.json", "empty.json");
      assertThat(text(zip, "a.json")).isEqualTo(TEXT);
      assertThat(text(zip, "empty.json")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, ZipArchive.WHOLE_ENTRY_LIMIT})
  void open_damagedZstdFrame_namesTheEntry(long limit) throws IOException {
    Path file =
        new EvalZip().add("a.json", TEXT).writeByHand(temp.resolve("d.eval"), Map.of(), 1000);
    byte[] bytes = Files.readAllBytes(file);
    // Past the local header (30 bytes + "a.json") and the first frame's header: damage the data.
    for (int i = 60; i < 90; i++) {
      bytes[i] ^= (byte) 0x5A;
    }
    Files.write(file, bytes);
    try (ZipArchive zip = ZipArchive.open(file, limit)) {
      assertThatThrownBy(() -> text(zip, "a.json"))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageStartingWith(file + ": entry a.json: ");
    }
  }

  @Test
  void open_storedAndDeflated_readBack() throws IOException {
    Path file =
        new EvalZip()
            .add("s.json", TEXT)
            .add("d.json", TEXT)
            .writeByHand(
                temp.resolve("sd.eval"),
                Map.of("s.json", ZipArchive.STORED, "d.json", ZipArchive.DEFLATED),
                1000);
    try (ZipArchive zip = ZipArchive.open(file)) {
      assertThat(text(zip, "s.json")).isEqualTo(TEXT);
      assertThat(text(zip, "d.json")).isEqualTo(TEXT);
    }
  }

  @Test
  void open_moreThan65535Entries_readsTheZip64Directory() throws IOException {
    // The JDK's writer switches to the Zip64 end of central directory record past 65,535 entries
    // (the 16-bit count in the classic record then reads 0xFFFF), as Python's zipfile does.
    Path file = temp.resolve("many.eval");
    int count = 65_600;
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < count; i++) {
        out.putNextEntry(new ZipEntry("samples/" + i + "_epoch_1.json"));
        out.write(("{\"id\": " + i + "}").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    try (ZipArchive zip = ZipArchive.open(file)) {
      assertThat(zip.entries()).hasSize(count);
      assertThat(text(zip, "samples/65599_epoch_1.json")).isEqualTo("{\"id\": 65599}");
    }
  }

  private static String text(ZipArchive zip, String name) throws IOException {
    try (InputStream in = zip.open(zip.entry(name).orElseThrow())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
