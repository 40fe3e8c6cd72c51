package dev.loopwatch.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a crash leaves past the checkpoint, and superseded partial tiles, in a real folder. */
class TileLogCleanupTest {
  @TempDir Path root;

  @Test
  void open_filesBeyondCheckpointAfterCrash_deletedAndLaterAppendReadsCorrectBytes()
      throws IOException {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(TestKeys.entry(i));
    }
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1))) {
      log.append(entries.subList(0, 3));
    }
    // What a crash in the middle of an append of other entries can leave behind.
    List<Path> leftovers =
        List.of(
            root.resolve("tile/0/000.p/5"),
            root.resolve("tile/entries/000.p/5"),
            root.resolve("tile/0/000"),
            root.resolve("tile/entries/000"),
            root.resolve("tile/1/000.p/1"),
            root.resolve("tile/0/000.p/4.tmp"));
    for (Path leftover : leftovers) {
      Files.createDirectories(leftover.getParent());
      Files.write(leftover, new byte[leftover.endsWith("000") ? 8192 : 5 * Hash.SIZE]);
    }
    Files.write(
        root.resolve("tile/entries/000.p/5"),
        EntryBundle.encode(
            List.of(
                new byte[] {9}, new byte[] {9}, new byte[] {9}, new byte[] {9}, new byte[] {9})));

    try (TileLog log = TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1))) {
      assertThat(leftovers).allSatisfy(leftover -> assertThat(leftover).doesNotExist());
      assertThat(root.resolve("tile/0/000.p/3")).exists();
      assertThat(root.resolve("tile/entries/000.p/3")).exists();
      // One batch of three goes from width 3 to 6 without ever writing width 5.
      log.append(entries.subList(3, 6));
    }
    LogDirectory directory = new LogDirectory(root);
    assertThat(root.resolve("tile/0/000.p/5")).doesNotExist();
    assertThat(root.resolve("tile/entries/000.p/5")).doesNotExist();
    byte[] expected = new byte[6 * Hash.SIZE];
    for (int i = 0; i < 6; i++) {
      Rfc6962.leafHash(entries.get(i)).copyTo(expected, i * Hash.SIZE);
    }
    assertThat(directory.read(new Tile(0, 0, 6))).isEqualTo(expected);
    List<byte[]> stored = EntryBundle.decode(directory.readEntries(new Tile(0, 0, 6)));
    assertThat(stored).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(Arrays.equals(stored.get(i), entries.get(i))).as("entry %d", i).isTrue();
    }
  }
}
