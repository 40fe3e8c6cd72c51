package dev.loopwatch.ledger.log;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A tiled log stored in a folder in the c2sp.org/tlog-tiles layout: {@code checkpoint}, {@code
 * tile/<L>/<N>[.p/<W>]} and {@code tile/entries/<N>[.p/<W>]}, read-only.
 *
 * <p>Every path read is built from a {@link Tile} value (numbers only), so no caller can make it
 * read outside the folder. A missing partial tile is served by the full tile when that exists, as
 * {@link TileSource} allows, or else cut from the next wider stored partial (narrower partials are
 * garbage-collected after a grace period; see {@link TileLog}).
 */
public final class LogDirectory implements TileSource {
  /** The name of the checkpoint file in the log folder. */
  public static final String CHECKPOINT = "checkpoint";

  /**
   * The name of the latest checkpoint whose witness cosignatures reached the policy's quorum, which
   * a witnessed log ({@code ledger serve --witness-policy}) publishes instead of {@link
   * #CHECKPOINT}.
   */
  public static final String COSIGNED_CHECKPOINT = "checkpoint.cosigned";

  private final Path root;

  /** The log stored in {@code root}. */
  public LogDirectory(Path root) {
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
  }

  /** The log folder. */
  public Path root() {
    return root;
  }

  /**
   * The bytes of the signed checkpoint note.
   *
   * @throws LoopwatchException if the checkpoint file is missing or unreadable
   */
  public byte[] readCheckpoint() {
    return read(root.resolve(CHECKPOINT), "checkpoint").orElseThrow(() -> missing(CHECKPOINT));
  }

  /**
   * The bytes of the checkpoint the log publishes: {@value #COSIGNED_CHECKPOINT} when the log is
   * witnessed (that file exists), else {@value #CHECKPOINT}. The signed but not yet cosigned
   * checkpoint of a witnessed log is not published and readers must not rely on it.
   *
   * @throws LoopwatchException if the checkpoint file is missing or unreadable
   */
  public byte[] readPublishedCheckpoint() {
    Optional<byte[]> cosigned = read(root.resolve(COSIGNED_CHECKPOINT), COSIGNED_CHECKPOINT);
    return cosigned.isPresent() ? cosigned.get() : readCheckpoint();
  }

  /**
   * The hashes of a hash tile, exactly {@code 32 * width} bytes (or 8,192 when only the full tile
   * is stored).
   *
   * @throws LoopwatchException if the tile is missing, unreadable or of the wrong length
   */
  @Override
  public byte[] read(Tile tile) {
    requireNonNull(tile, "tile is null");
    Optional<byte[]> data = read(resolve(tile.path()), tile.path());
    if (data.isEmpty() && tile.isPartial()) {
      Tile full = new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH);
      data = read(resolve(full.path()), full.path());
      if (data.isEmpty()) {
        data =
            wider(full.path(), tile.width())
                .filter(bytes -> bytes.length >= tile.width() * Hash.SIZE)
                .map(bytes -> Arrays.copyOf(bytes, tile.width() * Hash.SIZE));
      }
    }
    byte[] bytes = data.orElseThrow(() -> missing(tile.path()));
    int expected = tile.width() * Hash.SIZE;
    if (bytes.length != expected && bytes.length != Tile.FULL_WIDTH * Hash.SIZE) {
      throw LoopwatchException.userInput(
          "tile "
              + root.resolve(tile.path())
              + " is "
              + bytes.length
              + " bytes, expected "
              + expected);
    }
    return bytes;
  }

  /**
   * The entry bundle matching a level-0 tile (the full bundle when only that is stored), undecoded.
   *
   * @throws LoopwatchException if the bundle is missing or unreadable
   */
  public byte[] readEntries(Tile tile) {
    requireNonNull(tile, "tile is null");
    Optional<byte[]> data = read(resolve(tile.entriesPath()), tile.entriesPath());
    if (data.isEmpty() && tile.isPartial()) {
      Tile full = new Tile(0, tile.index(), Tile.FULL_WIDTH);
      data = read(resolve(full.entriesPath()), full.entriesPath());
      if (data.isEmpty()) {
        data =
            wider(full.entriesPath(), tile.width())
                .map(EntryBundle::decode)
                .filter(entries -> entries.size() >= tile.width())
                .map(entries -> EntryBundle.encode(entries.subList(0, tile.width())));
      }
    }
    return data.orElseThrow(() -> missing(tile.entriesPath()));
  }

  /** The file of a path built by {@link Tile}, checked to stay inside the log folder. */
  Path resolve(String tilePath) {
    Path path = root.resolve(tilePath).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("tile path " + tilePath + " leaves the log folder");
    }
    return path;
  }

  /**
   * The narrowest stored partial of the tile whose full path is {@code fullPath} that is wider than
   * {@code width}: its first {@code width} hashes or entries are those of the narrower partial,
   * which may have been collected.
   */
  private Optional<byte[]> wider(String fullPath, int width) {
    Path folder = resolve(fullPath + ".p");
    for (int w = width + 1; w < Tile.FULL_WIDTH; w++) {
      if (!Files.isDirectory(folder)) {
        return Optional.empty();
      }
      String name = fullPath + ".p/" + w;
      Optional<byte[]> data = read(resolve(name), name);
      if (data.isPresent()) {
        return data;
      }
    }
    return Optional.empty();
  }

  private Optional<byte[]> read(Path path, String name) {
    try {
      return Optional.of(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot read " + name + " of log " + root + ": " + e.getMessage(), e);
    }
  }

  private LoopwatchException missing(String name) {
    return LoopwatchException.userInput("log " + root + " has no " + name);
  }
}
