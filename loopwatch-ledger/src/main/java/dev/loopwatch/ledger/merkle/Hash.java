package dev.loopwatch.ledger.merkle;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A SHA-256 hash of exactly 32 bytes, compared by content; immutable. */
public final class Hash {
  /** The length of every hash, in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The hash with these bytes (copied).
   *
   * @throws LoopwatchException if {@code bytes} is not exactly 32 bytes long
   */
  public static Hash of(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length != SIZE) {
      throw LoopwatchException.userInput("hash is " + bytes.length + " bytes, expected " + SIZE);
    }
    return new Hash(bytes.clone());
  }

  /** Wraps a freshly computed 32-byte array without copying it. */
  static Hash wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("hash is " + bytes.length + " bytes");
    }
    return new Hash(bytes);
  }

  /**
   * The hash whose standard, padded base64 encoding (RFC 4648 section 4) is {@code text}.
   *
   * @throws LoopwatchException if {@code text} is not canonical base64 of 32 bytes
   */
  public static Hash fromBase64(String text) {
    requireNonNull(text, "text is null");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw LoopwatchException.userInput("hash \"" + text + "\" is not valid base64");
    }
    if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw LoopwatchException.userInput("hash \"" + text + "\" is not canonical padded base64");
    }
    return of(decoded);
  }

  /**
   * The hash whose lowercase or uppercase hex encoding is {@code text}.
   *
   * @throws LoopwatchException if {@code text} is not 64 hex digits
   */
  public static Hash fromHex(String text) {
    requireNonNull(text, "text is null");
    try {
      return of(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      throw LoopwatchException.userInput("hash \"" + text + "\" is not valid hex");
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The byte at {@code index}, 0 to 31. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** The standard padded base64 encoding. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The lowercase hex encoding. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** Writes the 32 bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, SIZE);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash hash && Arrays.equals(bytes, hash.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The lowercase hex encoding. */
  @Override
  public String toString() {
    return hex();
  }
}
