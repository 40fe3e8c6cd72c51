package dev.loopwatch.git.repo;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * The objects a clone's history names but does not hold (a snapshot or damaged mirror), and
 * placeholders that let git read past them.
 *
 * <p>{@code git log --numstat} stops at the first blob it cannot read. A placeholder is a loose
 * object filed under the missing blob's id in a temporary folder that git searches after the
 * repository's own objects; its content holds a NUL byte, so git counts the file as binary and the
 * scan leaves it out as it leaves out every binary file. The repository itself is never written.
 *
 * @param missing the ids of the missing objects, in git's order
 * @param objects how many objects the history names in all (missing ones included)
 * @param partialClone whether the repository is a partial clone, whose missing blobs git fetches
 *     from its promisor remote when it can
 */
public record MissingBlobs(List<String> missing, long objects, boolean partialClone) {
  /** Above this share of missing objects the clone is not worth scanning with placeholders. */
  static final double MAX_MISSING_SHARE = 0.01;

  private static final byte[] PLACEHOLDER =
      "loopwatch: this blob is missing from the clone\0".getBytes(StandardCharsets.US_ASCII);

  public MissingBlobs {
    missing = List.copyOf(requireNonNull(missing, "missing is null"));
  }

  /** Lists the objects reachable from every ref of {@code git} that the clone lacks. */
  public static MissingBlobs find(Git git) {
    String listing = git.run(List.of("rev-list", "--objects", "--missing=print", "--all"));
    List<String> missing = new ArrayList<>();
    long objects = 0;
    for (String line : listing.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      objects++;
      if (line.charAt(0) == '?') {
        missing.add(line.substring(1).strip());
      }
    }
    // Older git records a partial clone in extensions.partialClone, newer in remote.NAME.promisor.
    boolean partial =
        git.tryRun(List.of("config", "--get", "extensions.partialclone")).exitCode() == 0
            || git.tryRun(List.of("config", "--get-regexp", "^remote\\..*\\.promisor$", "^true$"))
                    .exitCode()
                == 0;
    return new MissingBlobs(missing, objects, partial);
  }

  /**
   * Why placeholders would make the numbers wrong, if they would: a partial clone whose blobs could
   * not be fetched, or a clone missing more than 1% of its objects.
   */
  public Optional<String> refusal(Path repository) {
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    if (partialClone) {
      return Optional.of(
          repository
              + ": a partial (--filter) clone whose missing blobs git could not fetch ("
              + missing.size()
              + " missing); the scan needs every changed file: fetch them"
              + " (git fetch --refetch) or clone without --filter");
    }
    if (missing.size() > MAX_MISSING_SHARE * objects) {
      return Optional.of(
          repository
              + ": "
              + missing.size()
              + " of "
              + objects
              + " objects are missing from the clone (first: "
              + missing.getFirst()
              + "); check it with git fsck or clone it again");
    }
    return Optional.empty();
  }

  /**
   * Writes a placeholder object for each missing id into a new temporary folder, to be given to
   * {@link Git#withAlternateObjects}; the caller deletes it with {@link #delete}.
   */
  public Path writePlaceholders() {
    try {
      Path folder = Files.createTempDirectory("loopwatch-missing-blobs-");
      byte[] object = looseObject();
      for (String id : missing) {
        Path file = folder.resolve(id.substring(0, 2)).resolve(id.substring(2));
        Files.createDirectories(file.getParent());
        Files.write(file, object);
      }
      return folder;
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write missing-blob placeholders: " + e, e);
    }
  }

  /** Deletes a folder made by {@link #writePlaceholders}. */
  public static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(path -> {
            try {
              Files.delete(path);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind costs a few bytes; the scan's result stands.
    }
  }

  private static byte[] looseObject() {
    byte[] header = ("blob " + PLACEHOLDER.length + "\0").getBytes(StandardCharsets.US_ASCII);
    Deflater deflater = new Deflater();
    deflater.setInput(concat(header, PLACEHOLDER));
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[256];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
