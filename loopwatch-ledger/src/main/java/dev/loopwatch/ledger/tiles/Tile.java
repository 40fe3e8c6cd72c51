package dev.loopwatch.ledger.tiles;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinates of one hash tile: its level, its index within the level and its width (256 for a
 * full tile, 1 to 255 for a partial one).
 *
 * @param level the tile level, 0 to 63; tile level {@code l} holds Merkle level {@code 8 * l}
 * @param index the tile's index within its level
 * @param width the number of hashes, 1 to 256
 */
public record Tile(int level, long index, int width) {
  /** The number of Merkle levels one tile spans. */
  public static final int HEIGHT = 8;

  /** The number of hashes in a full tile. */
  public static final int FULL_WIDTH = 256;

  /** Checks the coordinates are in range. */
  public Tile {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("tile level must be 0..63, got " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index is negative: " + index);
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("tile width must be 1..256, got " + width);
    }
  }

  /** Whether the tile has fewer than 256 hashes. */
  public boolean isPartial() {
    return width < FULL_WIDTH;
  }

  /** The hash tile's path, {@code tile/<L>/<N>[.p/<W>]}. */
  public String path() {
    return "tile/" + level + "/" + encodeIndex(index) + widthSuffix();
  }

  /** The path of the entry bundle matching this level-0 tile, {@code tile/entries/<N>[.p/<W>]}. */
  public String entriesPath() {
    if (level != 0) {
      throw new IllegalStateException("only level-0 tiles have entry bundles");
    }
    return "tile/entries/" + encodeIndex(index) + widthSuffix();
  }

  private String widthSuffix() {
    return isPartial() ? ".p/" + width : "";
  }

  /** The index in zero-padded 3-digit path elements, e.g. 1234067 as {@code x001/x234/067}. */
  public static String encodeIndex(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("tile index is negative: " + index);
    }
    long n = index;
    StringBuilder path = new StringBuilder(String.format("%03d", n % 1000));
    while (n >= 1000) {
      n /= 1000;
      path.insert(0, String.format("x%03d/", n % 1000));
    }
    return path.toString();
  }

  /**
   * Parses a hash tile path {@code tile/<L>/<N>[.p/<W>]}.
   *
   * @throws LoopwatchException naming the path and its fault
   */
  public static Tile parse(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 3 || !parts[0].equals("tile") || !parts[1].matches("0|[1-9][0-9]?")) {
      throw badPath(path, "it does not start with tile/<level>/");
    }
    int level = Integer.parseInt(parts[1]);
    if (level > 63) {
      throw badPath(path, "level " + level + " is above 63");
    }
    return parseRest(path, level, parts);
  }

  /**
   * Parses an entry bundle path {@code tile/entries/<N>[.p/<W>]} into its level-0 tile.
   *
   * @throws LoopwatchException naming the path and its fault
   */
  public static Tile parseEntries(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 3 || !parts[0].equals("tile") || !parts[1].equals("entries")) {
      throw badPath(path, "it does not start with tile/entries/");
    }
    return parseRest(path, 0, parts);
  }

  private static Tile parseRest(String path, int level, String[] parts) {
    List<String> elements = new ArrayList<>(List.of(parts).subList(2, parts.length));
    int width = FULL_WIDTH;
    int last = elements.size() - 1;
    if (last >= 1 && elements.get(last - 1).endsWith(".p")) {
      String w = elements.get(last);
      if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) > 255) {
        throw badPath(path, "partial width \"" + w + "\" is not 1..255 without leading zeroes");
      }
      width = Integer.parseInt(w);
      elements.remove(last);
      String element = elements.remove(last - 1);
      elements.add(element.substring(0, element.length() - 2));
    }
    if (elements.size() > 7) {
      throw badPath(path, "the index has too many elements");
    }
    long index = 0;
    for (int i = 0; i < elements.size(); i++) {
      String element = elements.get(i);
      boolean isLast = i == elements.size() - 1;
      if (!element.matches(isLast ? "[0-9]{3}" : "x[0-9]{3}")) {
        throw badPath(
            path,
            "index element \""
                + element
                + "\" is not "
                + (isLast ? "" : "x and ")
                + "three digits");
      }
      index = Math.multiplyExact(index, 1000) + Integer.parseInt(element.substring(isLast ? 0 : 1));
    }
    return new Tile(level, index, width);
  }

  private static LoopwatchException badPath(String path, String problem) {
    return LoopwatchException.userInput("invalid tile path \"" + path + "\": " + problem);
  }
}
