package dev.loopwatch.ledger.tiles;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.HashReader;
import dev.loopwatch.ledger.merkle.Rfc6962;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the complete-subtree hashes of a tree of a given size from its tiles: a node at Merkle
 * level {@code 8l + k} is the root of {@code 2^k} adjacent hashes of tile level {@code l}.
 *
 * <p>Keeps the most recently read tiles; not thread-safe.
 */
public final class TileHashReader implements HashReader {
  private static final int CACHED_TILES = 64;

  private final TileSource source;
  private final long treeSize;
  private final Map<Tile, byte[]> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Tile, byte[]> eldest) {
          return size() > CACHED_TILES;
        }
      };

  /** A reader of the tree of {@code treeSize} leaves whose tiles come from {@code source}. */
  public TileHashReader(TileSource source, long treeSize) {
    this.source = requireNonNull(source, "source is null");
    if (treeSize < 0) {
      throw new IllegalArgumentException("treeSize is negative: " + treeSize);
    }
    this.treeSize = treeSize;
  }

  @Override
  public Hash node(int level, long index) {
    int tileLevel = level / Tile.HEIGHT;
    int below = level % Tile.HEIGHT;
    long first = index << below;
    long count = 1L << below;
    if (((first + count) << (Tile.HEIGHT * tileLevel)) > treeSize || first < 0) {
      throw new IllegalArgumentException(
          "no complete subtree at level "
              + level
              + " index "
              + index
              + " in tree size "
              + treeSize);
    }
    Tile tile = Tiles.tileAt(tileLevel, first / Tile.FULL_WIDTH, treeSize);
    byte[] data = cache.computeIfAbsent(tile, this::readChecked);
    int offset = (int) (first % Tile.FULL_WIDTH);
    Hash[] hashes = new Hash[(int) count];
    for (int i = 0; i < count; i++) {
      int start = (offset + i) * Hash.SIZE;
      hashes[i] = Hash.of(Arrays.copyOfRange(data, start, start + Hash.SIZE));
    }
    for (int n = hashes.length; n > 1; n /= 2) {
      for (int i = 0; i < n / 2; i++) {
        hashes[i] = Rfc6962.nodeHash(hashes[2 * i], hashes[2 * i + 1]);
      }
    }
    return hashes[0];
  }

  private byte[] readChecked(Tile tile) {
    byte[] data = source.read(tile);
    int expected = tile.width() * Hash.SIZE;
    int fullSize = Tile.FULL_WIDTH * Hash.SIZE;
    if (data.length != expected && data.length != fullSize) {
      throw LoopwatchException.userInput(
          "tile " + tile.path() + " is " + data.length + " bytes, expected " + expected);
    }
    return data;
  }
}
