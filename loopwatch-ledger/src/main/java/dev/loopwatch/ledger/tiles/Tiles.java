package dev.loopwatch.ledger.tiles;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.HashReader;
import java.util.ArrayList;
import java.util.List;

/** Which tiles a tree has, and their contents. */
public final class Tiles {
  private Tiles() {}

  /**
   * Every tile of a tree of {@code treeSize} leaves, level by level, full tiles then the partial
   * one; a tree of 70,000 has 273 full and one 112-wide tile at level 0, one full and one 17-wide
   * at level 1, and one 1-wide at level 2.
   */
  public static List<Tile> tilesFor(long treeSize) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("treeSize is negative: " + treeSize);
    }
    List<Tile> tiles = new ArrayList<>();
    for (int level = 0; level < 8 && (treeSize >>> (Tile.HEIGHT * level)) > 0; level++) {
      long hashes = treeSize >>> (Tile.HEIGHT * level);
      long full = hashes / Tile.FULL_WIDTH;
      for (long index = 0; index < full; index++) {
        tiles.add(new Tile(level, index, Tile.FULL_WIDTH));
      }
      int partial = (int) (hashes % Tile.FULL_WIDTH);
      if (partial > 0) {
        tiles.add(new Tile(level, full, partial));
      }
    }
    return tiles;
  }

  /** The tile at {@code level} and {@code index} as it is in a tree of {@code treeSize}. */
  public static Tile tileAt(int level, long index, long treeSize) {
    long hashes = treeSize >>> (Tile.HEIGHT * level);
    long remaining = hashes - index * Tile.FULL_WIDTH;
    if (remaining <= 0) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " has no tile at level " + level + " index " + index);
    }
    return new Tile(level, index, (int) Math.min(Tile.FULL_WIDTH, remaining));
  }

  /** The bytes of {@code tile}: its hashes, 32 bytes each, read from the tree. */
  public static byte[] data(HashReader tree, Tile tile) {
    requireNonNull(tree, "tree is null");
    byte[] data = new byte[tile.width() * Hash.SIZE];
    long first = tile.index() * Tile.FULL_WIDTH;
    for (int i = 0; i < tile.width(); i++) {
      tree.node(Tile.HEIGHT * tile.level(), first + i).copyTo(data, i * Hash.SIZE);
    }
    return data;
  }
}
