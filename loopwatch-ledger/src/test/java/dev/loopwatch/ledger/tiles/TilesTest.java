package dev.loopwatch.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.MerkleTree;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tile paths, tile sets, tiled proofs and entry bundles per c2sp.org/tlog-tiles. */
class TilesTest {
  @Test
  void path_specAndGoVectors_encodeAndParse() {
    // c2sp.org/tlog-tiles: index 1234067 is x001/x234/067.
    assertThat(Tile.encodeIndex(1234067)).isEqualTo("x001/x234/067");
    assertThat(new Tile(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
    // golang.org/x/mod sumdb/tlog/tile_test.go FuzzParseTilePath seeds, without the height element.
    assertThat(Tile.parse("tile/0/001")).isEqualTo(new Tile(0, 1, 256));
    assertThat(Tile.parse("tile/0/001.p/5")).isEqualTo(new Tile(0, 1, 5));
    assertThat(Tile.parse("tile/5/x123/x456/078")).isEqualTo(new Tile(5, 123456078, 256));
    assertThat(Tile.parse("tile/5/x123/x456/078.p/2")).isEqualTo(new Tile(5, 123456078, 2));
    assertThat(Tile.parse("tile/0/x003/x057/500")).isEqualTo(new Tile(0, 3057500, 256));
    assertThat(new Tile(5, 123456078, 2).path()).isEqualTo("tile/5/x123/x456/078.p/2");
    assertThat(Tile.parseEntries("tile/entries/x001/x234/067.p/7"))
        .isEqualTo(new Tile(0, 1234067, 7));
    assertThat(new Tile(0, 1234067, 7).entriesPath()).isEqualTo("tile/entries/x001/x234/067.p/7");
    assertThat(new Tile(0, 0, 256).path()).isEqualTo("tile/0/000");
  }

  @Test
  void parse_badPaths_rejected() {
    for (String path :
        List.of(
            "tile/5/123/456/078",
            "tile/-1/123/456/078",
            "tile/data/x003/x057/500",
            "tile/64/000",
            "tile/01/000",
            "tile/0/000.p/0",
            "tile/0/000.p/256",
            "tile/0/000.p/07",
            "tile/0/00",
            "tile/0/x000",
            "tile/0/../000",
            "tiles/0/000",
            "tile/0")) {
      assertThatThrownBy(() -> Tile.parse(path)).as(path).isInstanceOf(LoopwatchException.class);
    }
    assertThatThrownBy(() -> Tile.parse("tile/5/123/456/078"))
        .hasMessage(
            "invalid tile path \"tile/5/123/456/078\": index element \"123\" is not x and three digits");
  }

  @Test
  void tilesFor_specSeventyThousandExample_matchesExactly() {
    List<Tile> tiles = Tiles.tilesFor(70_000);
    Map<String, Long> counts =
        tiles.stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.level() + "/" + t.width(), TreeMap::new, Collectors.counting()));
    assertThat(counts)
        .containsExactly(
            Map.entry("0/112", 1L),
            Map.entry("0/256", 273L),
            Map.entry("1/17", 1L),
            Map.entry("1/256", 1L),
            Map.entry("2/1", 1L));
    assertThat(tiles).contains(new Tile(0, 273, 112), new Tile(1, 1, 17), new Tile(2, 0, 1));
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of
    // width 1".
    assertThat(Tiles.tilesFor(256)).containsExactly(new Tile(0, 0, 256), new Tile(1, 0, 1));
    assertThat(Tiles.tilesFor(0)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void tileHashReader_thousandLeavesInTiles_rootsAndProofsEqualMemoryTree(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    MerkleTree tree = new MerkleTree();
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      byte[] entry = new byte[random.nextInt(64)];
      random.nextBytes(entry);
      entries.add(entry);
      tree.appendData(entry);
    }
    Map<Tile, byte[]> store = new TreeMap<>(java.util.Comparator.comparing(Tile::path));
    for (Tile tile : Tiles.tilesFor(1000)) {
      store.put(tile, Tiles.data(tree, tile));
    }
    assertThat(store.get(new Tile(0, 0, 256))).hasSize(8192);
    TileHashReader reader =
        new TileHashReader(
            tile -> {
              byte[] data = store.get(tile);
              if (data == null) {
                throw LoopwatchException.userInput("no tile " + tile.path());
              }
              return data;
            },
            1000);
    assertThat(Proofs.root(reader, 1000)).as("seed %d", seed).isEqualTo(tree.root());
    for (int trial = 0; trial < 200; trial++) {
      long index = random.nextInt(1000);
      long size1 = 1 + random.nextInt(1000);
      assertThat(Proofs.inclusion(reader, index, 1000))
          .as("seed %d index %d", seed, index)
          .isEqualTo(tree.inclusionProof(index, 1000));
      assertThat(Proofs.consistency(reader, size1, 1000))
          .as("seed %d size1 %d", seed, size1)
          .isEqualTo(tree.consistencyProof(size1, 1000));
      Proofs.inclusion(reader, index, 1000)
          .verify(Rfc6962.leafHash(entries.get((int) index)), tree.root());
    }
    // Entry bundles hash to the level-0 tiles.
    byte[] bundle = EntryBundle.encode(entries.subList(768, 1000));
    List<byte[]> decoded = EntryBundle.decode(bundle);
    assertThat(decoded).hasSize(232);
    for (int i = 0; i < decoded.size(); i++) {
      assertThat(Rfc6962.leafHash(decoded.get(i))).isEqualTo(tree.node(0, 768 + i));
    }
  }

  @Test
  void tileHashReader_truncatedTile_rejectedWithPath() {
    TileHashReader reader = new TileHashReader(tile -> new byte[31 * 32], 300);
    assertThatThrownBy(() -> reader.node(0, 0))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("tile tile/0/000 is 992 bytes, expected 8192");
  }

  @Test
  void entryBundle_truncatedOrOversized_rejected() {
    assertThat(EntryBundle.encode(List.of(new byte[] {7}, new byte[0])))
        .containsExactly(0, 1, 7, 0, 0);
    assertThat(EntryBundle.decode(new byte[] {0, 1, 7, 0, 0})).hasSize(2);
    assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0, 2, 7}))
        .hasMessage("entry bundle is truncated in entry 0 (2 bytes declared)");
    assertThatThrownBy(() -> EntryBundle.decode(new byte[] {0, 1, 7, 0}))
        .hasMessage("entry bundle is truncated in the length of entry 1");
    assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[65536])))
        .hasMessage("entry is 65536 bytes, at most 65535 allowed");
    assertThat(EntryBundle.decode(EntryBundle.encode(List.of(new byte[65535]))).get(0))
        .hasSize(65535);
    assertThat(Hash.SIZE).isEqualTo(32);
  }
}
