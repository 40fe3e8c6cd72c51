package dev.loopwatch.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole folders of files. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code folder} and everything in it, deepest first, as far as it can; what cannot be
   * deleted stays. For scratch and staging folders, whose leftovers harm nothing: the work they
   * served has succeeded or failed already.
   */
  public static void deleteQuietly(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // Left behind; the rest is still deleted.
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // The walk itself failed (a folder vanished or cannot be read): nothing more to do.
    }
  }
}
