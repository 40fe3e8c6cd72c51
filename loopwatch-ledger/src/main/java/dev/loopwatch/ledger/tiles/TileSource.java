package dev.loopwatch.ledger.tiles;

/** Where hash tiles are read from: a directory, an HTTP server, or memory. */
public interface TileSource {
  /**
   * The bytes of {@code tile} (a full tile may be returned in place of a partial one); a source
   * without the tile throws.
   *
   * @throws dev.loopwatch.core.error.LoopwatchException if the tile cannot be read
   */
  byte[] read(Tile tile);
}
