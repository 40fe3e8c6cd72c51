package dev.loopwatch.git.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads NUL-terminated tokens from a stream as UTF-8 (invalid bytes become U+FFFD), without loading
 * the stream.
 */
final class NulTokenReader {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] token = new byte[256];

  NulTokenReader(InputStream in) {
    this.in = in;
  }

  /** The next token, or empty at end of stream; a last token without a NUL is returned too. */
  Optional<String> next() throws IOException {
    int length = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return length == 0 ? Optional.empty() : Optional.of(decode(length));
        }
      }
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != 0) {
        end++;
      }
      int chunk = end - start;
      if (length + chunk > token.length) {
        token = Arrays.copyOf(token, Math.max(token.length * 2, length + chunk));
      }
      System.arraycopy(buffer, start, token, length, chunk);
      length += chunk;
      if (end < limit) {
        position = end + 1;
        return Optional.of(decode(length));
      }
      position = limit;
    }
  }

  private String decode(int length) {
    return new String(token, 0, length, StandardCharsets.UTF_8);
  }
}
