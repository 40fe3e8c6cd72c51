package dev.loopwatch.evals.inspect;

import static java.util.Objects.requireNonNull;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A read-only zip archive read from its central directory, with entries stored, deflated (method 8)
 * or Zstandard-compressed (method 93, APPNOTE.TXT 4.4.5), the three an Inspect {@code .eval} log
 * can hold.
 *
 * <p>The JDK's {@code java.util.zip} rejects method 93, so this class reads the end of central
 * directory record (and its Zip64 form, 4.3.14-4.3.16), the central directory headers (4.3.12, with
 * the Zip64 extra field 4.5.3) and each local header (4.3.7) itself. A Zstandard entry may hold
 * several frames (Inspect caps each frame at 200 MiB of input); the decoder reads them all. Every
 * entry's CRC-32 and length are checked once it has been read to its end. When a name occurs twice
 * the later entry wins, as with Python's {@code zipfile} (Inspect re-logs a requeued sample under
 * the same name). Errors name the file and the entry.
 */
final class ZipArchive implements AutoCloseable {
  static final int STORED = 0;
  static final int DEFLATED = 8;
  static final int ZSTD = 93;

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int END_OF_DIRECTORY = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int END_SIZE = 22;
  private static final int MAX_COMMENT = 0xFFFF;

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final Map<String, Entry> entries;
  private final long wholeEntryLimit;

  /**
   * One entry of the central directory.
   *
   * @param name the entry name
   * @param method the compression method
   * @param flags the general purpose bit flags
   * @param crc the CRC-32 of the uncompressed data
   * @param compressedSize bytes stored
   * @param size bytes once decompressed
   * @param localHeaderOffset where the entry's local header starts
   */
  record Entry(
      String name,
      int method,
      int flags,
      long crc,
      long compressedSize,
      long size,
      long localHeaderOffset) {
    Entry {
      requireNonNull(name, "name is null");
    }
  }

  private ZipArchive(
      Path file, FileChannel channel, long size, Map<String, Entry> entries, long wholeEntryLimit) {
    this.file = file;
    this.channel = channel;
    this.size = size;
    this.entries = entries;
    this.wholeEntryLimit = wholeEntryLimit;
  }

  /** Opens {@code file} and reads its central directory. */
  static ZipArchive open(Path file) {
    return open(file, WHOLE_ENTRY_LIMIT);
  }

  /**
   * Opens {@code file}; Zstandard entries up to {@code wholeEntryLimit} bytes (compressed and not)
   * are decompressed in one call, larger ones streamed.
   */
  static ZipArchive open(Path file, long wholeEntryLimit) {
    requireNonNull(file, "file is null");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput(file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      long size = channel.size();
      Map<String, Entry> entries = readDirectory(file, channel, size);
      return new ZipArchive(file, channel, size, entries, wholeEntryLimit);
    } catch (IOException e) {
      close(channel);
      throw LoopwatchException.external("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  /** The entries by name, in central directory order (a repeated name keeps its first place). */
  Map<String, Entry> entries() {
    return entries;
  }

  /** The entry named {@code name}, if present. */
  Optional<Entry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /**
   * The decompressed bytes of {@code entry} as a stream that checks the CRC-32 and length when it
   * reaches its end; the caller closes it.
   */
  InputStream open(Entry entry) {
    try {
      ByteBuffer header = read(entry.localHeaderOffset(), 30, entry);
      if (header.getInt(0) != LOCAL_HEADER) {
        throw bad(entry, "no local file header at offset " + entry.localHeaderOffset());
      }
      long data =
          entry.localHeaderOffset()
              + 30
              + Short.toUnsignedInt(header.getShort(26))
              + Short.toUnsignedInt(header.getShort(28));
      if (data + entry.compressedSize() > size) {
        throw bad(entry, "truncated: its data runs past the end of the file");
      }
      InputStream raw = new ChannelStream(channel, data, entry.compressedSize());
      InputStream decoded =
          switch (entry.method()) {
            case STORED -> raw;
            case DEFLATED ->
                new InflaterInputStream(new BufferedInputStream(raw), new Inflater(true), 8192) {
                  @Override
                  public void close() throws IOException {
                    super.close();
                    inf.end();
                  }
                };
            case ZSTD -> zstd(raw, entry);
            default ->
                throw bad(
                    entry,
                    "unknown compression method "
                        + entry.method()
                        + " (an Inspect log uses 0 stored, 8 deflate or 93 zstd)");
          };
      return new CheckedStream(decoded, entry);
    } catch (IOException e) {
      throw bad(entry, e.getMessage());
    }
  }

  /**
   * A Zstandard entry: one native call over the whole entry when it is small (most sample entries;
   * the decoder reads concatenated frames either way), a stream otherwise, so memory stays bounded.
   */
  private InputStream zstd(InputStream raw, Entry entry) throws IOException {
    if (entry.size() > wholeEntryLimit || entry.compressedSize() > wholeEntryLimit) {
      return new ZstdInputStream(new BufferedInputStream(raw));
    }
    byte[] compressed = raw.readNBytes((int) entry.compressedSize());
    try {
      return new ByteArrayInputStream(Zstd.decompress(compressed, (int) entry.size()));
    } catch (RuntimeException e) {
      throw bad(entry, "cannot decompress: " + message(e));
    }
  }

  /**
   * Entries up to this size (16 MiB) are decompressed in one call: 3,000 zstd sample entries (73 MB
   * of JSON) read in a median 171 ms that way against 426 ms streamed (docs/BENCHMARKS.md).
   */
  static final long WHOLE_ENTRY_LIMIT = 16 << 20;

  /** A one-line input error naming the file and {@code entry}. */
  LoopwatchException bad(Entry entry, String problem) {
    return LoopwatchException.userInput(file + ": entry " + entry.name() + ": " + problem);
  }

  @Override
  public void close() {
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Read-only: nothing was written that closing could lose.
    }
  }

  private ByteBuffer read(long position, int length, Entry entry) throws IOException {
    if (position + length > size) {
      throw bad(entry, "truncated: its local header runs past the end of the file");
    }
    return readFully(channel, position, length);
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return buffer.flip();
  }

  private static Map<String, Entry> readDirectory(Path file, FileChannel channel, long size)
      throws IOException {
    if (size < 4) {
      throw notZip(file, channel, size);
    }
    int tail = (int) Math.min(size, END_SIZE + MAX_COMMENT);
    ByteBuffer end = readFully(channel, size - tail, tail);
    int at = -1;
    for (int i = tail - END_SIZE; i >= 0; i--) {
      if (end.getInt(i) == END_OF_DIRECTORY) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      throw notZip(file, channel, size);
    }
    long endOffset = size - tail + at;
    long count = Short.toUnsignedInt(end.getShort(at + 10));
    long directorySize = Integer.toUnsignedLong(end.getInt(at + 12));
    long directoryOffset = Integer.toUnsignedLong(end.getInt(at + 16));
    if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
      if (endOffset < 20) {
        throw truncated(file, "its Zip64 end of central directory locator is missing");
      }
      ByteBuffer locator = readFully(channel, endOffset - 20, 20);
      if (locator.getInt(0) != ZIP64_LOCATOR) {
        throw truncated(file, "its Zip64 end of central directory locator is missing");
      }
      long zip64End = locator.getLong(8);
      if (zip64End < 0 || zip64End + 56 > size) {
        throw truncated(file, "its Zip64 end of central directory record is missing");
      }
      ByteBuffer record = readFully(channel, zip64End, 56);
      if (record.getInt(0) != ZIP64_END) {
        throw truncated(file, "its Zip64 end of central directory record is missing");
      }
      count = record.getLong(32);
      directorySize = record.getLong(40);
      directoryOffset = record.getLong(48);
    }
    if (directoryOffset < 0
        || directorySize < 0
        || directorySize > Integer.MAX_VALUE
        || directoryOffset + directorySize > endOffset) {
      throw truncated(file, "its central directory lies outside the file");
    }
    ByteBuffer directory = readFully(channel, directoryOffset, (int) directorySize);
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    int position = 0;
    for (long i = 0; i < count; i++) {
      if (position + 46 > directorySize || directory.getInt(position) != CENTRAL_HEADER) {
        throw truncated(file, "central directory entry " + (i + 1) + " of " + count + " is cut");
      }
      int flags = Short.toUnsignedInt(directory.getShort(position + 8));
      int method = Short.toUnsignedInt(directory.getShort(position + 10));
      long crc = Integer.toUnsignedLong(directory.getInt(position + 16));
      long compressed = Integer.toUnsignedLong(directory.getInt(position + 20));
      long uncompressed = Integer.toUnsignedLong(directory.getInt(position + 24));
      int nameLength = Short.toUnsignedInt(directory.getShort(position + 28));
      int extraLength = Short.toUnsignedInt(directory.getShort(position + 30));
      int commentLength = Short.toUnsignedInt(directory.getShort(position + 32));
      long offset = Integer.toUnsignedLong(directory.getInt(position + 42));
      int next = position + 46 + nameLength + extraLength + commentLength;
      if (next > directorySize) {
        throw truncated(file, "central directory entry " + (i + 1) + " of " + count + " is cut");
      }
      byte[] nameBytes = new byte[nameLength];
      directory.get(position + 46, nameBytes);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      // Zip64 extended information (APPNOTE 4.5.3): only the fields that overflowed, in order.
      int extra = position + 46 + nameLength;
      int extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        int id = Short.toUnsignedInt(directory.getShort(extra));
        int length = Short.toUnsignedInt(directory.getShort(extra + 2));
        if (id == 0x0001) {
          int field = extra + 4;
          int fieldEnd = Math.min(extraEnd, field + length);
          if (uncompressed == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
            uncompressed = directory.getLong(field);
            field += 8;
          }
          if (compressed == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
            compressed = directory.getLong(field);
            field += 8;
          }
          if (offset == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
            offset = directory.getLong(field);
          }
        }
        extra += 4 + length;
      }
      if ((flags & 1) != 0) {
        throw LoopwatchException.userInput(
            file + ": entry " + name + ": encrypted entries are not supported");
      }
      if (offset < 0 || compressed < 0 || offset >= directoryOffset) {
        throw truncated(file, "entry " + name + " starts outside the archive's data");
      }
      Entry entry = new Entry(name, method, flags, crc, compressed, uncompressed, offset);
      if (entries.put(name, entry) == null) {
        order.add(name);
      }
      position = next;
    }
    Map<String, Entry> ordered = new LinkedHashMap<>();
    for (String name : order) {
      ordered.put(name, entries.get(name));
    }
    return ordered;
  }

  private static LoopwatchException notZip(Path file, FileChannel channel, long size)
      throws IOException {
    if (size >= 4) {
      ByteBuffer start = readFully(channel, 0, 4);
      if (start.getInt(0) == LOCAL_HEADER) {
        return truncated(file, "no end of central directory record");
      }
    }
    return LoopwatchException.userInput(
        file + ": not a zip archive (an Inspect .eval log is a zip file starting with PK)");
  }

  private static LoopwatchException truncated(Path file, String problem) {
    return LoopwatchException.userInput(file + ": truncated or damaged zip archive: " + problem);
  }

  /** A stream read in blocks, whose single-byte read is a one-byte block. */
  private abstract static class BlockStream extends InputStream {
    @Override
    public final int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }
  }

  /** Reads {@code length} bytes of the channel from {@code position}, without moving it. */
  private static final class ChannelStream extends BlockStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    ChannelStream(FileChannel channel, long position, long length) {
      this.channel = channel;
      this.position = position;
      this.remaining = length;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n =
          channel.read(
              ByteBuffer.wrap(buffer, offset, (int) Math.min(length, remaining)), position);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      position += n;
      remaining -= n;
      return n;
    }
  }

  /** Passes bytes through and, at their end, checks their CRC-32 and count against the entry. */
  private final class CheckedStream extends BlockStream {
    private final InputStream in;
    private final Entry entry;
    private final CRC32 crc = new CRC32();
    private long count;
    private boolean checked;

    CheckedStream(InputStream in, Entry entry) {
      this.in = in;
      this.entry = entry;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (IOException | RuntimeException e) {
        throw bad(entry, "cannot decompress: " + message(e));
      }
      if (n < 0) {
        check();
        return -1;
      }
      crc.update(buffer, offset, n);
      count += n;
      return n;
    }

    private void check() {
      if (checked) {
        return;
      }
      checked = true;
      if (count != entry.size()) {
        throw bad(
            entry,
            "decompressed to "
                + count
                + " bytes, the directory says "
                + entry.size()
                + " (damaged)");
      }
      if (crc.getValue() != entry.crc()) {
        throw bad(entry, "CRC-32 mismatch (damaged)");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
