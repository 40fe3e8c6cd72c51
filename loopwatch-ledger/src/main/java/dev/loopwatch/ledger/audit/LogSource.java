package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A tiled log to read from: its signed checkpoint, hash tiles and entry bundles
 * (c2sp.org/tlog-tiles), from a local folder or an {@code http(s)} URL prefix. Nothing read is
 * trusted: the auditor checks every byte against the signed checkpoint.
 */
public interface LogSource extends TileSource {
  /** How long an HTTP source waits to connect, and for each response. */
  Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The signed checkpoint note, as served.
   *
   * @throws LoopwatchException naming the file or URL that cannot be read
   */
  byte[] checkpoint();

  /**
   * The entry bundle of level-0 tile {@code tile} (the full bundle may stand in for a partial one).
   *
   * @throws LoopwatchException naming the file or URL that cannot be read
   */
  byte[] entries(Tile tile);

  /** Where the log is read from, for messages. */
  String location();

  /**
   * The log at {@code location}: an {@code http://} or {@code https://} URL prefix (the URL of
   * {@code /checkpoint} without that suffix), or else a local log folder.
   *
   * @throws LoopwatchException if the URL is malformed or the folder does not exist
   */
  static LogSource open(String location) {
    requireNonNull(location, "location is null");
    if (location.startsWith("http://") || location.startsWith("https://")) {
      try {
        return new HttpLogSource(new URI(location), HTTP_TIMEOUT);
      } catch (URISyntaxException e) {
        throw LoopwatchException.userInput(
            "log URL " + location + " is malformed: " + e.getMessage());
      }
    }
    Path folder;
    try {
      folder = Path.of(location);
    } catch (InvalidPathException e) {
      throw LoopwatchException.userInput("log " + location + " is not a folder or an http(s) URL");
    }
    if (!Files.isDirectory(folder)) {
      throw LoopwatchException.userInput("log " + location + " is not a folder or an http(s) URL");
    }
    return directory(folder);
  }

  /** The log stored in {@code folder}. */
  static LogSource directory(Path folder) {
    return new DirectorySource(new LogDirectory(folder));
  }

  /** The log served under {@code prefix}, e.g. {@code http://127.0.0.1:8790}. */
  static LogSource http(URI prefix) {
    return new HttpLogSource(prefix, HTTP_TIMEOUT);
  }
}
