package dev.loopwatch.ledger.log;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Durable, atomic replacement of a set of files: each is written to a temporary file in its own
 * folder and fsync'd, then every one is renamed over its target, then every folder touched (and the
 * parent of every folder created) is fsync'd, so one batch costs one set of fsyncs.
 *
 * <p>A crash leaves each target either absent, with its old content, or with its new content, never
 * partly written; leftover temporary files end in {@value #TEMP_SUFFIX} and are overwritten by the
 * next write of the same file.
 */
public final class AtomicFiles {
  /** The suffix of temporary files, which no tile or checkpoint path ends with. */
  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Writes every file of {@code files} (target path to content) durably and atomically.
   *
   * @throws dev.loopwatch.core.error.LoopwatchException naming the file that cannot be written
   */
  public static void writeAll(Map<Path, byte[]> files) {
    Set<Path> folders = new LinkedHashSet<>();
    List<Path[]> renames = new ArrayList<>(files.size());
    for (Map.Entry<Path, byte[]> file : files.entrySet()) {
      // Absolute, so a relative target in a folder still to be created has a parent chain.
      Path target = file.getKey().toAbsolutePath();
      Path folder = target.getParent();
      createFolders(folder, folders);
      Path temp = folder.resolve(target.getFileName() + TEMP_SUFFIX);
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(file.getValue());
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      } catch (IOException e) {
        throw LoopwatchException.external("cannot write " + temp + ": " + e.getMessage(), e);
      }
      renames.add(new Path[] {temp, target});
      folders.add(folder);
    }
    for (Path[] rename : renames) {
      try {
        Files.move(
            rename[0],
            rename[1],
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw LoopwatchException.external(
            "cannot rename " + rename[0] + " to " + rename[1] + ": " + e.getMessage(), e);
      }
    }
    folders.forEach(AtomicFiles::syncFolder);
  }

  /** Creates {@code folder} and its missing parents, adding each parent of a new one to sync. */
  private static void createFolders(Path folder, Set<Path> toSync) {
    if (Files.isDirectory(folder)) {
      return;
    }
    createFolders(folder.getParent(), toSync);
    try {
      Files.createDirectory(folder);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(folder)) {
        throw LoopwatchException.external(folder + " exists and is not a folder", e);
      }
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + folder + ": " + e.getMessage(), e);
    }
    toSync.add(folder.getParent());
  }

  /** Flushes a folder's entries (renames, new files) to disk. */
  static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot sync folder " + folder + ": " + e.getMessage(), e);
    }
  }
}
