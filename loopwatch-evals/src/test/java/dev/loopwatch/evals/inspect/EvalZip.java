package dev.loopwatch.evals.inspect;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code .eval} test archives laid out as inspect_ai writes them (entry order as in the real
 * {@code tests/log/test_eval_log/log_formats.eval}: {@code _journal/start.json}, the samples,
 * {@code _journal/summaries/1.json}, {@code summaries.json}, {@code reductions.json}, {@code
 * header.json}). Deflated archives go through the JDK's {@link ZipOutputStream}; archives with
 * Zstandard entries (method 93, which the JDK cannot write) are laid out by hand here with
 * zstd-jni, the way Python's {@code zipfile} does with {@code zipfile_zstd}: version needed 63, no
 * data descriptor, sizes and CRC-32 in both headers.
 */
final class EvalZip {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  /** Adds entry {@code name} with {@code json} as its text. */
  EvalZip add(String name, String json) {
    entries.put(name, json.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The entries added, in order. */
  Map<String, byte[]> entries() {
    return entries;
  }

  /** Writes the archive with the JDK's zip writer, every entry deflated. */
  Path writeDeflated(Path file) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return file;
  }

  /**
   * Writes the archive by hand with each entry's method {@code methods.get(name)} (0 stored, 8
   * deflate, 93 zstd; default 93); a zstd entry whose text is longer than {@code frameBytes} is
   * split into several zstd frames, as Inspect splits entries over 200 MiB.
   */
  Path writeByHand(Path file, Map<String, Integer> methods, int frameBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[]> central = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      byte[] data = entry.getValue();
      int method = methods.getOrDefault(entry.getKey(), ZipArchive.ZSTD);
      byte[] stored =
          switch (method) {
            case ZipArchive.STORED -> data;
            case ZipArchive.DEFLATED -> deflate(data);
            default -> zstd(data, frameBytes);
          };
      CRC32 crc = new CRC32();
      crc.update(data);
      byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
      int version = method == ZipArchive.ZSTD ? 63 : 20;
      int offset = out.size();
      ByteBuffer local = little(30 + name.length);
      local.putInt(0x04034b50).putShort((short) version).putShort((short) 0);
      local.putShort((short) method).putShort((short) 0).putShort((short) 0x21);
      local.putInt((int) crc.getValue()).putInt(stored.length).putInt(data.length);
      local.putShort((short) name.length).putShort((short) 0).put(name);
      out.write(local.array());
      out.write(stored);
      ByteBuffer header = little(46 + name.length);
      header.putInt(0x02014b50).putShort((short) (0x0300 | version)).putShort((short) version);
      header.putShort((short) 0).putShort((short) method).putShort((short) 0);
      header.putShort((short) 0x21).putInt((int) crc.getValue()).putInt(stored.length);
      header.putInt(data.length).putShort((short) name.length).putShort((short) 0);
      header.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0x81A40000);
      header.putInt(offset).put(name);
      central.add(header.array());
    }
    int directoryOffset = out.size();
    for (byte[] header : central) {
      out.write(header);
    }
    int directorySize = out.size() - directoryOffset;
    ByteBuffer end = little(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) central.size()).putShort((short) central.size());
    end.putInt(directorySize).putInt(directoryOffset).putShort((short) 0);
    out.write(end.array());
    Files.write(file, out.toByteArray());
    return file;
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static byte[] zstd(byte[] data, int frameBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int start = 0; start < data.length || start == 0; start += frameBytes) {
      int end = Math.min(data.length, start + frameBytes);
      byte[] frame = Zstd.compress(java.util.Arrays.copyOfRange(data, start, end), 3);
      out.write(frame, 0, frame.length);
      if (data.length == 0) {
        break;
      }
    }
    return out.toByteArray();
  }
}
