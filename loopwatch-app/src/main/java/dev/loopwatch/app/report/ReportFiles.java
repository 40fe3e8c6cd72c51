package dev.loopwatch.app.report;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Atomic file writes: the content goes to a temporary file in the target's folder, which is then
 * renamed over it.
 */
public final class ReportFiles {
  private ReportFiles() {}

  /** Something that writes the whole report to a stream. */
  @FunctionalInterface
  public interface Body {
    /** Writes the whole content to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code out} atomically: readers see the old file or the complete new one, never a
   * half-written one, and a crash leaves at most a stray {@code .*.tmp} file next to it.
   */
  public static void writeAtomically(Path out, Body body) {
    Path target = out.toAbsolutePath();
    Path folder = target.getParent();
    Path temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(folder);
      try (OutputStream stream =
          Files.newOutputStream(
              temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.writeTo(stream);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(temporary);
      throw LoopwatchException.external(
          "cannot replace " + target + " atomically: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temporary);
      if (e instanceof LoopwatchException loopwatch) {
        throw loopwatch;
      }
      throw LoopwatchException.external("cannot write report " + target + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // The original failure is the one to report.
    }
  }
}
