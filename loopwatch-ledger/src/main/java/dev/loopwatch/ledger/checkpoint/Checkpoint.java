package dev.loopwatch.ledger.checkpoint;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import java.util.Arrays;
import java.util.List;

/**
 * A checkpoint (c2sp.org/tlog-checkpoint): the note text a log signs to commit to its tree.
 *
 * @param origin the log's unique identity, non-empty
 * @param size the number of leaves
 * @param root the RFC 6962 root hash of the tree
 * @param extensions the optional extension lines, each non-empty
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
  /** Checks the fields: a non-empty single-line origin, a non-negative size, non-empty lines. */
  public Checkpoint {
    requireNonNull(origin, "origin is null");
    requireNonNull(root, "root is null");
    extensions = List.copyOf(requireNonNull(extensions, "extensions is null"));
    if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    for (String line : extensions) {
      if (line.isEmpty() || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("extension lines must be single non-empty lines");
      }
    }
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, long size, Hash root) {
    return new Checkpoint(origin, size, root, List.of());
  }

  /**
   * Parses a checkpoint from a note text (ending in a newline, without signatures).
   *
   * @throws LoopwatchException starting "malformed checkpoint:" and naming the line at fault
   */
  public static Checkpoint parse(String text) {
    requireNonNull(text, "text is null");
    if (!text.endsWith("\n")) {
      throw malformed("the text does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed("it has " + lines.length + " lines, at least 3 needed");
    }
    if (lines[0].isEmpty()) {
      throw malformed("line 1 (origin) is empty");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw malformed("line 2 (size) \"" + lines[1] + "\" is not a decimal without leading zeroes");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw malformed("line 2 (size) \"" + lines[1] + "\" is too large");
    }
    Hash root;
    try {
      root = Hash.fromBase64(lines[2]);
    } catch (LoopwatchException e) {
      throw malformed("line 3 (root hash): " + e.getMessage());
    }
    List<String> extensions = Arrays.asList(lines).subList(3, lines.length);
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).isEmpty()) {
        throw malformed("line " + (i + 4) + " (extension) is empty");
      }
    }
    return new Checkpoint(lines[0], size, root, extensions);
  }

  /** The note text: origin, size, base64 root and extension lines, each ending in a newline. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(origin).append('\n').append(size).append('\n').append(root.base64()).append('\n');
    extensions.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  private static LoopwatchException malformed(String problem) {
    return LoopwatchException.userInput("malformed checkpoint: " + problem);
  }
}
