package dev.loopwatch.ledger.merkle;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The RFC 6962 section 2.1 hash functions over SHA-256. */
public final class Rfc6962 {
  private static final Hash EMPTY_ROOT = Hash.wrap(digest().digest());

  private Rfc6962() {}

  /** The Merkle Tree Hash of the empty tree, {@code SHA-256()}. */
  public static Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  /** The hash of a leaf with these data, {@code SHA-256(0x00 || data)}. */
  public static Hash leafHash(byte[] data) {
    requireNonNull(data, "data is null");
    MessageDigest digest = digest();
    digest.update((byte) 0x00);
    digest.update(data);
    return Hash.wrap(digest.digest());
  }

  /** The hash of an interior node, {@code SHA-256(0x01 || left || right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    byte[] input = new byte[1 + 2 * Hash.SIZE];
    input[0] = 0x01;
    left.copyTo(input, 1);
    right.copyTo(input, 1 + Hash.SIZE);
    return Hash.wrap(digest().digest(input));
  }

  /**
   * The root of the complete subtree whose leaf (or lower node) hashes are concatenated in {@code
   * hashes}, e.g. a full tile: {@code 2^k} hashes of 32 bytes, folded pairwise level by level with
   * {@link #nodeHash}.
   *
   * @throws IllegalArgumentException if {@code hashes} is not a power of two of 32-byte hashes
   */
  public static Hash subtreeRoot(byte[] hashes) {
    requireNonNull(hashes, "hashes is null");
    int count = hashes.length / Hash.SIZE;
    if (count == 0 || hashes.length % Hash.SIZE != 0 || Integer.bitCount(count) != 1) {
      throw new IllegalArgumentException(
          "a complete subtree needs a power of two of hashes, got " + hashes.length + " bytes");
    }
    byte[] level = hashes.clone();
    MessageDigest digest = digest();
    for (; count > 1; count /= 2) {
      for (int i = 0; i < count / 2; i++) {
        digest.update((byte) 0x01);
        digest.update(level, 2 * i * Hash.SIZE, 2 * Hash.SIZE);
        try {
          digest.digest(level, i * Hash.SIZE, Hash.SIZE);
        } catch (java.security.DigestException e) {
          throw new IllegalStateException("SHA-256 did not fit 32 bytes", e);
        }
      }
    }
    return Hash.wrap(java.util.Arrays.copyOf(level, Hash.SIZE));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
