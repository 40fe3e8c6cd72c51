package dev.loopwatch.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileHashReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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

  @Test
  void append_singleEntriesWithZeroGrace_onlyNewestPartialsKeptAndOldCheckpointsProvable()
      throws IOException {
    List<Checkpoint> checkpoints = new ArrayList<>();
    long entryBytes = 0;
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(2), Duration.ZERO)) {
      for (int i = 0; i < 600; i++) {
        byte[] entry = TestKeys.entry(i);
        entryBytes += entry.length;
        checkpoints.add(log.append(List.of(entry)).checkpoint());
      }
    }
    assertThat(files())
        .containsExactly(
            "checkpoint",
            "tile/0/000",
            "tile/0/001",
            "tile/0/002.p/88",
            "tile/1/000.p/2",
            "tile/entries/000",
            "tile/entries/001",
            "tile/entries/002.p/88");
    // Tiles hold 32 bytes per entry and bundles 2 bytes of length; nothing else grows.
    assertThat(bytesOnDisk()).isLessThan(entryBytes + 600 * (32 + 2) + 1024);
    LogDirectory directory = new LogDirectory(root);
    for (Checkpoint old : checkpoints) {
      TileHashReader reader = new TileHashReader(directory, old.size());
      assertThat(Proofs.root(reader, old.size())).as("size %d", old.size()).isEqualTo(old.root());
    }
    List<byte[]> first = EntryBundle.decode(directory.readEntries(new Tile(0, 2, 7)));
    assertThat(first).hasSize(7);
    assertThat(first.get(6)).isEqualTo(TestKeys.entry(518));
  }

  @Test
  void open_partialsSupersededLongerThanGrace_deletedOthersKept() throws IOException {
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(3))) {
      for (int i = 0; i < 10; i++) {
        log.append(List.of(TestKeys.entry(i)));
      }
    }
    // Within the default grace period every superseded partial is still there.
    assertThat(files()).contains("tile/0/000.p/1", "tile/entries/000.p/1", "tile/0/000.p/9");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(path, old);
      }
    }
    // Width 7 was superseded by width 8 just now: it stays for the grace period.
    Files.setLastModifiedTime(root.resolve("tile/0/000.p/8"), FileTime.from(Instant.now()));
    try (TileLog log = TileLog.open(root, TestKeys.verifier(3), TestKeys.signer(3))) {
      assertThat(log.size()).isEqualTo(10);
    }
    assertThat(files())
        .containsExactly(
            "checkpoint", "tile/0/000.p/10", "tile/0/000.p/7", "tile/entries/000.p/10");
  }

  @Test
  void append_afterFailedWriteWhenCauseRemoved_recoversWithoutReopen() throws IOException {
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(4))) {
      log.append(List.of(TestKeys.entry(0)));
      // A file where the bundle folder must go: the next append cannot create tile/entries/000.p/2
      // (a real I/O failure that root cannot override, unlike permission bits).
      Path blocker = root.resolve("tile/entries/000.p");
      Files.move(blocker, root.resolve("moved-away"));
      Files.writeString(blocker, "not a folder");
      assertThatThrownBy(() -> log.append(List.of(TestKeys.entry(1))))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("tile/entries/000.p");
      assertThat(log.appendFailure())
          .get()
          .satisfies(failure -> assertThat(failure.message()).contains("tile/entries/000.p"));
      assertThatThrownBy(() -> log.append(List.of(TestKeys.entry(1))))
          .isInstanceOf(LoopwatchException.class);
      assertThat(log.size()).isEqualTo(1);

      Files.delete(blocker);
      Files.move(root.resolve("moved-away"), blocker);
      AppendResult result = log.append(List.of(TestKeys.entry(1), TestKeys.entry(2)));
      assertThat(result.firstIndex()).isEqualTo(1);
      assertThat(log.appendFailure()).isEmpty();
      assertThat(log.size()).isEqualTo(3);
    }
    try (TileLog log = TileLog.open(root, TestKeys.verifier(4), TestKeys.signer(4))) {
      assertThat(log.size()).isEqualTo(3);
      List<byte[]> stored = EntryBundle.decode(log.directory().readEntries(new Tile(0, 0, 3)));
      assertThat(stored.get(2)).isEqualTo(TestKeys.entry(2));
    }
  }

  /** The log's files (the lock file aside), relative, in path order. */
  private List<String> files() throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(Files::isRegularFile)
          .map(path -> root.relativize(path).toString())
          .filter(name -> !name.equals(TileLog.LOCK))
          .sorted()
          .toList();
    }
  }

  private long bytesOnDisk() throws IOException {
    long total = 0;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        total += Files.size(path);
      }
    }
    return total;
  }
}
