package dev.loopwatch.research.task;

import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The Loopwatch cache of fetched datasets: {@code $LOOPWATCH_CACHE/datasets/}, else {@code
 * ~/.loopwatch/cache/datasets/}. A tarball is fetched once (under a file lock, so concurrent
 * processes fetch it once), written to a temporary file, verified against the SHA-256 pinned in the
 * task spec and only then moved into place; a cached copy is verified again on every use, so a
 * corrupted or replaced file is fetched anew rather than read. A copy fetched by other means (e.g.
 * {@code npm pack}) can be dropped into the folder under the URL's file name.
 */
public final class DatasetCache {
  /** The environment variable that moves the cache (tests and CI point it at a shared folder). */
  public static final String CACHE_ENV = "LOOPWATCH_CACHE";

  private static final System.Logger LOG = System.getLogger(DatasetCache.class.getName());

  private DatasetCache() {}

  /** The cache folder in use. */
  public static Path root() {
    String configured = System.getenv(CACHE_ENV);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return UserHome.path().resolve(".loopwatch").resolve("cache");
  }

  /** The verified tarball of {@code spec}, fetched into {@link #root()} if not there yet. */
  public static Path fetch(DatasetSpec spec) {
    return fetch(spec, root().resolve("datasets"));
  }

  /** The verified tarball of {@code spec} in {@code folder}, fetched if not there yet. */
  public static Path fetch(DatasetSpec spec, Path folder) {
    Path target = folder.resolve(spec.fileName());
    try {
      Files.createDirectories(folder);
      try (FileChannel lockFile =
          FileChannel.open(
              folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          if (Files.isRegularFile(target)) {
            String actual = sha256(target);
            if (actual.equals(spec.sha256())) {
              return target;
            }
            LOG.log(
                System.Logger.Level.WARNING,
                "{0}: SHA-256 {1} is not the pinned {2}; fetching it again",
                target,
                actual,
                spec.sha256());
          }
          download(spec, folder, target);
          return target;
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot fetch " + spec.source() + " into " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void download(DatasetSpec spec, Path folder, Path target) throws IOException {
    Path partial = Files.createTempFile(folder, spec.fileName(), ".part");
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
      HttpRequest request =
          HttpRequest.newBuilder(spec.url()).timeout(Duration.ofMinutes(10)).GET().build();
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching " + spec.url(), e);
      }
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException(spec.url() + " answered HTTP " + response.statusCode());
        }
        Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      String actual = sha256(partial);
      if (!actual.equals(spec.sha256())) {
        throw LoopwatchException.userInput(
            spec.url()
                + ": SHA-256 is "
                + actual
                + ", the task spec pins "
                + spec.sha256()
                + "; not used");
      }
      moveIntoPlace(partial, target);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Moves a fully written temporary file onto {@code target} in one step where the file system
   * allows it (readers see the old file or the new one, never half of one), else replaces it.
   */
  public static void moveIntoPlace(Path partial, Path target) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The SHA-256 of a file, lower-case hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
