package dev.loopwatch.ledger.tiles;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Entry bundles: up to 256 log entries, each prefixed by its big-endian uint16 length. */
public final class EntryBundle {
  /** The largest entry a bundle can hold, in bytes. */
  public static final int MAX_ENTRY_SIZE = 65535;

  private EntryBundle() {}

  /** Encodes entries into a bundle. */
  public static byte[] encode(List<byte[]> entries) {
    requireNonNull(entries, "entries is null");
    if (entries.size() > Tile.FULL_WIDTH) {
      throw new IllegalArgumentException(
          "a bundle holds at most 256 entries, got " + entries.size());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] entry : entries) {
      if (entry.length > MAX_ENTRY_SIZE) {
        throw new IllegalArgumentException(
            "entry is " + entry.length + " bytes, at most " + MAX_ENTRY_SIZE + " allowed");
      }
      out.write(entry.length >>> 8);
      out.write(entry.length & 0xff);
      out.writeBytes(entry);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a bundle into its entries.
   *
   * @throws LoopwatchException if the bundle is truncated or holds more than 256 entries
   */
  public static List<byte[]> decode(byte[] bundle) {
    requireNonNull(bundle, "bundle is null");
    List<byte[]> entries = new ArrayList<>();
    int position = 0;
    while (position < bundle.length) {
      if (entries.size() == Tile.FULL_WIDTH) {
        throw LoopwatchException.userInput("entry bundle holds more than 256 entries");
      }
      if (position + 2 > bundle.length) {
        throw LoopwatchException.userInput(
            "entry bundle is truncated in the length of entry " + entries.size());
      }
      int length = ((bundle[position] & 0xff) << 8) | (bundle[position + 1] & 0xff);
      position += 2;
      if (position + length > bundle.length) {
        throw LoopwatchException.userInput(
            "entry bundle is truncated in entry "
                + entries.size()
                + " ("
                + length
                + " bytes declared)");
      }
      entries.add(java.util.Arrays.copyOfRange(bundle, position, position + length));
      position += length;
    }
    return entries;
  }
}
