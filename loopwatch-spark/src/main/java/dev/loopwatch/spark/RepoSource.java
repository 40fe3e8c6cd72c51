package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One repository of the job's list: a URL to clone or a local path to mine in place.
 *
 * @param location the URL, or the path made absolute
 * @param url whether {@code location} is a URL (cloned blobless into scratch space)
 * @param weight the cost given in the list (a commit count, a pack size), 0 when none was
 */
record RepoSource(String location, boolean url, long weight) implements Serializable {
  private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@[^/:]+:.+");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  RepoSource {
    requireNonNull(location, "location is null");
    if (weight < 0) {
      throw new IllegalArgumentException("weight must not be negative: " + weight);
    }
  }

  /** Whether {@code text} names a repository to clone rather than a local path. */
  static boolean isUrl(String text) {
    return text.contains("://") || SCP_LIKE.matcher(text).matches();
  }

  /** The repository's short name: the last part of its location, without {@code .git}. */
  String name() {
    String trimmed = location.replaceAll("[/\\\\]+$", "");
    String last =
        trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1);
    if (last.endsWith(".git") && last.length() > 4) {
      last = last.substring(0, last.length() - 4);
    }
    return last.isEmpty() ? "repository" : last;
  }

  /**
   * The repository's folder name under the job's output and state folders: its name made safe, then
   * the first 12 hex digits of the SHA-256 of its location, so two repositories of the same name
   * stay apart and a rerun finds the same folder.
   */
  String key() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
      return UNSAFE.matcher(name()).replaceAll("_")
          + "-"
          + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
