package dev.loopwatch.research.task;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a gzip-compressed tar archive (POSIX ustar, as {@code npm pack}
 * writes): 512-byte headers with an octal size, the name split into prefix and name fields, and pax
 * extended headers ({@code x}) whose {@code path} record replaces the next entry's name.
 * Directories, links and global pax headers are skipped.
 */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /** Calls {@code onFile} with each regular file's path and bytes, in archive order. */
  static void read(InputStream compressed, BiConsumer<String, byte[]> onFile) throws IOException {
    InputStream in = new GZIPInputStream(compressed, 1 << 16);
    byte[] header = new byte[BLOCK];
    String paxPath = null;
    while (true) {
      if (!readBlock(in, header)) {
        return;
      }
      if (allZero(header)) {
        return;
      }
      String name = field(header, 0, 100);
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      if (size < 0 || size > Integer.MAX_VALUE - 16) {
        throw new IOException("tar entry " + name + " has an unusable size " + size);
      }
      byte[] data = in.readNBytes((int) size);
      if (data.length != size) {
        throw new EOFException("tar entry " + name + " is cut off");
      }
      long padding = (BLOCK - size % BLOCK) % BLOCK;
      in.skipNBytes(padding);
      switch (type) {
        case 'x' -> paxPath = paxPath(data);
        case '0', '\0' -> {
          onFile.accept(paxPath != null ? paxPath : name, data);
          paxPath = null;
        }
        default -> paxPath = null;
      }
    }
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int read = in.readNBytes(block, 0, BLOCK);
    if (read == 0) {
      return false;
    }
    if (read != BLOCK) {
      throw new EOFException("tar header cut off");
    }
    return true;
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) throws IOException {
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      byte b = header[i];
      if (b == 0 || b == ' ') {
        continue;
      }
      if (b < '0' || b > '7') {
        throw new IOException("tar header has a non-octal size field");
      }
      value = value * 8 + (b - '0');
    }
    return value;
  }

  /** The {@code path} record of a pax extended header ("LEN path=VALUE\n" records). */
  private static String paxPath(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int at = 0;
    while (at < text.length()) {
      int space = text.indexOf(' ', at);
      if (space < 0) {
        return null;
      }
      int length;
      try {
        length = Integer.parseInt(text.substring(at, space));
      } catch (NumberFormatException e) {
        return null;
      }
      if (length <= 0 || at + length > text.length()) {
        return null;
      }
      String record = text.substring(space + 1, at + length - 1);
      if (record.startsWith("path=")) {
        return record.substring(5);
      }
      at += length;
    }
    return null;
  }
}
