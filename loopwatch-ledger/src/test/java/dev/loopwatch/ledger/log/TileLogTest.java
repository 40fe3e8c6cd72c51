package dev.loopwatch.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.MerkleTree;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileHashReader;
import dev.loopwatch.ledger.tiles.Tiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tiled file-system log: layout, durability bookkeeping, reopening and its failures. */
class TileLogTest {
  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void append_randomBatches_storedTilesEqualMemoryTree(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    MerkleTree tree = new MerkleTree();
    List<Checkpoint> checkpoints = new ArrayList<>();
    int total = 1 + random.nextInt(3000);
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(seed))) {
      while (tree.size() < total) {
        int count =
            (int) Math.min(total - tree.size(), 1 + random.nextInt(random.nextBoolean() ? 5 : 400));
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          batch.add(TestKeys.entry(tree.size() + i));
        }
        long first = tree.size();
        batch.forEach(tree::appendData);
        AppendResult result = log.append(batch);
        assertThat(result.firstIndex()).as("seed %d", seed).isEqualTo(first);
        assertThat(result.indexes()).as("seed %d", seed).hasSize(count).startsWith(first);
        assertThat(result.checkpoint())
            .as("seed %d", seed)
            .isEqualTo(Checkpoint.of(TestKeys.ORIGIN, tree.size(), tree.root()));
        checkpoints.add(result.checkpoint());
      }
    }
    assertLogEquals(tree, total, "seed " + seed);
    // Every earlier checkpoint is provable from the stored tiles, including its partial tiles.
    for (Checkpoint old : checkpoints) {
      TileHashReader reader = new TileHashReader(new LogDirectory(root), old.size());
      assertThat(Proofs.root(reader, old.size())).as("seed %d", seed).isEqualTo(old.root());
    }
    try (TileLog log = TileLog.open(root, TestKeys.verifier(seed), TestKeys.signer(seed))) {
      assertThat(log.checkpoint().size()).isEqualTo(total);
      assertThat(log.append(List.of(TestKeys.entry(total))).checkpoint().size())
          .isEqualTo(total + 1);
    }
  }

  @Test
  void append_seventyThousandEntries_specTileSetAndRoot() {
    MerkleTree tree = new MerkleTree();
    long start = System.nanoTime();
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1))) {
      for (int batch = 0; batch < 70; batch++) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          byte[] entry = ("entry " + tree.size()).getBytes(StandardCharsets.UTF_8);
          tree.appendData(entry);
          entries.add(entry);
        }
        log.append(entries);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(
        "sanity: 70,000 entries in batches of 1,000: %.0f entries/s%n", 70_000 / seconds);
    assertLogEquals(tree, 70_000, "70000");
    assertThat(Files.exists(root.resolve("tile/0/273.p/112"))).isTrue();
    assertThat(Files.exists(root.resolve("tile/1/001.p/17"))).isTrue();
    assertThat(Files.exists(root.resolve("tile/2/000.p/1"))).isTrue();
    assertThat(Files.exists(root.resolve("tile/entries/273.p/112"))).isTrue();
  }

  @Test
  void append_oversizedEntry_rejectedAndNothingWritten() {
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1))) {
      log.append(List.of(new byte[] {1}));
      assertThatThrownBy(() -> log.append(List.of(new byte[3], new byte[65_536])))
          .isInstanceOf(LoopwatchException.class)
          .hasMessage("entry 1 of the batch is 65536 bytes; log entries are at most 65535 bytes");
      assertThat(log.size()).isEqualTo(1);
      AppendResult result = log.append(List.of(new byte[65_535]));
      assertThat(result.indexes()).containsExactly(1L);
    }
    assertThat(Files.exists(root.resolve("tile/0/000.p/2"))).isTrue();
    assertThat(EntryBundle.decode(read("tile/entries/000.p/2")).get(1)).hasSize(65_535);
  }

  @Test
  void append_emptyBatch_returnsCurrentCheckpoint() {
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1))) {
      AppendResult result = log.append(List.of());
      assertThat(result.count()).isZero();
      assertThat(result.checkpoint())
          .isEqualTo(Checkpoint.of(TestKeys.ORIGIN, 0, Rfc6962.emptyRoot()));
    }
  }

  @Test
  void create_existingLog_rejected() {
    TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1)).close();
    assertThatThrownBy(() -> TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("already holds a log");
  }

  @Test
  void open_whileOpen_rejectedAsSecondWriter() {
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1))) {
      assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageEndingWith("is already open by another writer");
      assertThat(log.size()).isZero();
    }
    TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)).close();
  }

  @Test
  void open_otherLogKey_rejectedNamingCheckpoint() {
    seed300();
    assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(2), TestKeys.signer(2)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("checkpoint of log")
        .hasMessageContaining("note has no verifiable signatures (1 by unknown keys)");
  }

  @Test
  void open_missingPartialTile_rejectedNamingTile() throws IOException {
    seed300();
    Files.delete(root.resolve("tile/0/001.p/44"));
    assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageEndingWith("has no tile/0/001.p/44");
  }

  @Test
  void open_truncatedTile_rejectedWithLength() throws IOException {
    seed300();
    Path tile = root.resolve("tile/1/000.p/1");
    Files.write(tile, Arrays.copyOf(Files.readAllBytes(tile), 31));
    assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageEndingWith("tile/1/000.p/1 is 31 bytes, expected 32");
  }

  @Test
  void open_alteredTileHash_rejectedAsRootMismatch() throws IOException {
    seed300();
    Path tile = root.resolve("tile/1/000.p/1");
    byte[] data = Files.readAllBytes(tile);
    data[0] ^= 1;
    Files.write(tile, data);
    assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("give root")
        .hasMessageContaining("for size 300 but the checkpoint says");
  }

  @Test
  void open_alteredEntry_rejectedNamingEntry() throws IOException {
    seed300();
    Path bundle = root.resolve("tile/entries/001.p/44");
    byte[] data = Files.readAllBytes(bundle);
    data[data.length - 1] ^= 1;
    Files.write(bundle, data);
    assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("entry 299 in ")
        .hasMessageEndingWith("does not match its leaf hash in tile/0/001.p/44");
  }

  @Test
  void open_tamperedCheckpoint_rejected() throws IOException {
    seed300();
    Path checkpoint = root.resolve("checkpoint");
    String text = Files.readString(checkpoint).replace("\n300\n", "\n299\n");
    Files.writeString(checkpoint, text);
    assertThatThrownBy(() -> TileLog.open(root, TestKeys.verifier(1), TestKeys.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("invalid signature for key " + TestKeys.ORIGIN);
  }

  @Test
  void directory_readEntries_servesFullBundleForMissingPartial() {
    seed300();
    LogDirectory directory = new LogDirectory(root);
    assertThat(EntryBundle.decode(directory.readEntries(new Tile(0, 0, 10)))).hasSize(256);
    assertThat(directory.read(new Tile(0, 0, 10))).hasSize(8192);
    assertThat(Note.parse(directory.readCheckpoint()).text())
        .startsWith(TestKeys.ORIGIN + "\n300\n");
  }

  private void seed300() {
    try (TileLog log = TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(1))) {
      List<byte[]> entries = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        entries.add(TestKeys.entry(i));
      }
      log.append(entries);
    }
  }

  private void assertLogEquals(MerkleTree tree, long size, String description) {
    LogDirectory directory = new LogDirectory(root);
    for (Tile tile : Tiles.tilesFor(size)) {
      assertThat(read(tile.path()))
          .as("%s %s", description, tile.path())
          .isEqualTo(Tiles.data(tree, tile));
      if (tile.level() == 0) {
        List<byte[]> entries = EntryBundle.decode(read(tile.entriesPath()));
        assertThat(entries).as("%s %s", description, tile.entriesPath()).hasSize(tile.width());
        for (int i = 0; i < entries.size(); i++) {
          long index = tile.index() * Tile.FULL_WIDTH + i;
          assertThat(Rfc6962.leafHash(entries.get(i)))
              .as("%s entry %d", description, index)
              .isEqualTo(tree.node(0, index));
        }
      }
    }
    Note note = Note.parse(directory.readCheckpoint());
    assertThat(Checkpoint.parse(note.text()))
        .as(description)
        .isEqualTo(Checkpoint.of(TestKeys.ORIGIN, size, tree.root()));
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private byte[] read(String path) {
    try {
      return Files.readAllBytes(root.resolve(path));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
