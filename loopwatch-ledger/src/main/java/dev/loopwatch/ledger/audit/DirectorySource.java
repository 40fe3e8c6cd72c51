package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.tiles.Tile;

/** A log read from its local folder through {@link LogDirectory}. */
record DirectorySource(LogDirectory directory) implements LogSource {
  DirectorySource {
    requireNonNull(directory, "directory is null");
  }

  /** The published checkpoint: the cosigned one of a witnessed log, as its server would serve. */
  @Override
  public byte[] checkpoint() {
    return directory.readPublishedCheckpoint();
  }

  @Override
  public byte[] read(Tile tile) {
    return directory.read(tile);
  }

  @Override
  public byte[] entries(Tile tile) {
    return directory.readEntries(tile);
  }

  @Override
  public String location() {
    return directory.root().toString();
  }
}
