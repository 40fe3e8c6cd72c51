package dev.loopwatch.ledger.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The garbage collector of superseded partial tiles and entry bundles: deletes a partial file once
 * the file that superseded it (the next wider partial of the same tile, or the full tile) has been
 * on disk for the grace period.
 *
 * <p>Every append writes a wider partial next to the narrower ones, which readers of older
 * checkpoints may still fetch (c2sp.org/tlog-tiles lets a client fetch the partial tile named by a
 * checkpoint it saw), so without collection a log under light traffic keeps one file per checkpoint
 * per tile. The age of a partial's successor is the time since that partial stopped being the
 * newest, measured from the successor's modification time so that it survives restarts. The newest
 * partial of a tile without a full tile is never deleted. Files are deleted without a folder sync:
 * a deletion a crash undoes is simply repeated later.
 *
 * <p>With a grace period G, what a log keeps beyond its full tiles is, per tile level, the current
 * partial plus the partials superseded within the last G (as of the last append); a {@link
 * LogDirectory} reader asking for a collected width gets the same bytes cut from a wider partial or
 * the full tile.
 */
final class SupersededPartials {
  private static final System.Logger LOGGER = System.getLogger(SupersededPartials.class.getName());

  private final LogDirectory directory;
  private final Duration grace;

  /** Full-tile paths ({@code tile/0/000}) whose {@code .p} folder may hold superseded partials. */
  private final TreeSet<String> pending = new TreeSet<>();

  SupersededPartials(LogDirectory directory, Duration grace) {
    this.directory = requireNonNull(directory, "directory is null");
    this.grace = requireNonNull(grace, "grace is null");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace period is negative: " + grace);
    }
  }

  /** Adds every tile of the folder that has partial files, as after a restart. */
  void scan() {
    Path tiles = directory.root().resolve("tile");
    if (!Files.isDirectory(tiles)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(tiles)) {
      paths
          .filter(Files::isDirectory)
          .map(path -> relative(path))
          .filter(name -> name.endsWith(".p"))
          .forEach(name -> pending.add(name.substring(0, name.length() - 2)));
    } catch (IOException | UncheckedIOException e) {
      LOGGER.log(
          System.Logger.Level.WARNING,
          "cannot list the partial tiles of " + directory.root() + ": " + e.getMessage());
    }
  }

  /** Marks the tile whose full path is {@code fullPath} as one whose partials may be superseded. */
  void touched(String fullPath) {
    pending.add(requireNonNull(fullPath, "fullPath is null"));
  }

  /**
   * Deletes the partials of the pending tiles that were superseded at least the grace period before
   * {@code now}; tiles with nothing left to collect leave the pending set.
   *
   * @return the files deleted, in path order
   */
  List<Path> collect(Instant now) {
    List<Path> deleted = new ArrayList<>();
    Iterator<String> tiles = pending.iterator();
    while (tiles.hasNext()) {
      try {
        if (collectTile(tiles.next(), now, deleted)) {
          tiles.remove();
        }
      } catch (IOException | UncheckedIOException e) {
        LOGGER.log(
            System.Logger.Level.WARNING,
            "cannot collect superseded partial tiles in " + directory.root() + ": " + e);
      }
    }
    return deleted;
  }

  /** Collects one tile's partials; true once none is left waiting for its grace period. */
  private boolean collectTile(String fullPath, Instant now, List<Path> deleted) throws IOException {
    Path full = directory.resolve(fullPath);
    Path folder = directory.resolve(fullPath + ".p");
    if (!Files.isDirectory(folder)) {
      return true;
    }
    TreeMap<Integer, Path> partials = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.forEach(file -> {
        String name = file.getFileName().toString();
        if (name.matches("[1-9][0-9]{0,2}") && Integer.parseInt(name) < 256) {
          partials.put(Integer.parseInt(name), file);
        }
      });
    }
    boolean hasFull = Files.isRegularFile(full);
    boolean waiting = false;
    for (var partial : partials.entrySet()) {
      var successor = partials.higherEntry(partial.getKey());
      Path next = successor != null ? successor.getValue() : hasFull ? full : null;
      if (next == null) {
        continue;
      }
      Instant superseded;
      try {
        superseded = Files.getLastModifiedTime(next).toInstant();
      } catch (NoSuchFileException e) {
        waiting = true;
        continue;
      }
      if (superseded.plus(grace).isAfter(now)) {
        waiting = true;
        continue;
      }
      if (Files.deleteIfExists(partial.getValue())) {
        deleted.add(partial.getValue());
      }
    }
    if (hasFull && !waiting) {
      try (Stream<Path> left = Files.list(folder)) {
        if (left.findAny().isEmpty()) {
          Files.deleteIfExists(folder);
        }
      }
    }
    return !waiting;
  }

  private String relative(Path path) {
    return directory
        .root()
        .relativize(path)
        .toString()
        .replace(path.getFileSystem().getSeparator(), "/");
  }
}
