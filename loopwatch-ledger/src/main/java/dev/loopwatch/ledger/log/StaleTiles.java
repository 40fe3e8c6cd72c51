package dev.loopwatch.ledger.log;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.tiles.Tile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the tile and entry bundle files of a log folder that no checkpoint commits to: files a
 * crash or a failed append left beyond the stored checkpoint, and temporary files.
 *
 * <p>Such files must go before the log is served or appended to again: a later append may commit
 * the same tile path (a partial width it skips in one batch) without rewriting it, and it would
 * then be served, as immutable, with content no checkpoint ever covered.
 */
final class StaleTiles {
  private StaleTiles() {}

  /**
   * Deletes every tile and bundle beyond a log of {@code size} entries, and every leftover
   * temporary file, then syncs the folders touched.
   *
   * @return the deleted files, sorted
   * @throws LoopwatchException naming the file that cannot be listed or deleted
   */
  static List<Path> removeBeyond(LogDirectory directory, long size) {
    Path tiles = directory.root().resolve("tile");
    if (!Files.isDirectory(tiles)) {
      return List.of();
    }
    TreeSet<Path> stale = new TreeSet<>();
    try (Stream<Path> files = Files.walk(tiles)) {
      files
          .filter(Files::isRegularFile)
          .filter(file -> isStale(directory.root(), file, size))
          .forEach(stale::add);
    } catch (IOException | UncheckedIOException e) {
      throw LoopwatchException.external(
          "cannot list the tiles of log " + directory.root() + ": " + e.getMessage(), e);
    }
    TreeSet<Path> folders = new TreeSet<>();
    for (Path file : stale) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw LoopwatchException.external(
            "cannot delete "
                + file
                + ", which lies beyond the checkpoint of log "
                + directory.root()
                + ": "
                + e.getMessage(),
            e);
      }
      folders.add(file.getParent());
    }
    folders.forEach(AtomicFiles::syncFolder);
    return new ArrayList<>(stale);
  }

  /** Whether a tile of a log of {@code size} entries is not committed by its checkpoint. */
  static boolean isBeyond(Tile tile, long size) {
    int shift = Tile.HEIGHT * tile.level();
    long hashes = shift >= Long.SIZE ? 0 : size >>> shift;
    return tile.width() > hashes || tile.index() > (hashes - tile.width()) / Tile.FULL_WIDTH;
  }

  private static boolean isStale(Path root, Path file, long size) {
    String name =
        root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
      return true;
    }
    Tile tile;
    try {
      tile = name.startsWith("tile/entries/") ? Tile.parseEntries(name) : Tile.parse(name);
    } catch (LoopwatchException | ArithmeticException | IllegalArgumentException e) {
      return false;
    }
    return isBeyond(tile, size);
  }
}
