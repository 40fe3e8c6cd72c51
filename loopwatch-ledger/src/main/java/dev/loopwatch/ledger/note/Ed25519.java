package dev.loopwatch.ledger.note;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Ed25519 (RFC 8032) over raw 32-byte seeds and public keys; signatures are deterministic, so they
 * match other implementations byte for byte.
 *
 * <p>Uses Bouncy Castle's RFC 8032 code rather than the JDK provider: verifying is the ledger's
 * bottleneck (one declarant signature per entry, on append and in every audit), and Bouncy Castle
 * verifies about eight times faster on our 2-core machine (docs/BENCHMARKS.md). {@code
 * Ed25519CrossCheckTest} pins that both accept and reject exactly the same signatures.
 */
public final class Ed25519 {
  /** The length of seeds (private keys) and public keys, in bytes. */
  public static final int KEY_SIZE = 32;

  /** The length of signatures, in bytes. */
  public static final int SIGNATURE_SIZE = 64;

  static {
    // Builds the precomputed tables once, not inside the first request a server answers.
    org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
  }

  private Ed25519() {}

  /** A fresh random 32-byte seed. */
  public static byte[] generateSeed() {
    byte[] seed = new byte[KEY_SIZE];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /** The public key of the private key with this 32-byte seed. */
  public static byte[] publicKey(byte[] seed) {
    checkLength(seed, KEY_SIZE, "seed");
    byte[] publicKey = new byte[KEY_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  /** The 64-byte signature of {@code message} by the private key with this seed. */
  public static byte[] sign(byte[] seed, byte[] message) {
    checkLength(seed, KEY_SIZE, "seed");
    requireNonNull(message, "message is null");
    byte[] signature = new byte[SIGNATURE_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        seed, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} by {@code publicKey}; false
   * for a malformed key or signature (a non-canonical S, an undecodable point, a public key of
   * small order).
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    checkLength(publicKey, KEY_SIZE, "publicKey");
    requireNonNull(message, "message is null");
    requireNonNull(signature, "signature is null");
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signature, 0, publicKey, 0, message, 0, message.length);
  }

  /**
   * Decodes a 32-byte public key once, for verifying many signatures by it: {@link
   * #verify(PublicKey, byte[], byte[])} then skips the point decompression that {@link
   * #verify(byte[], byte[], byte[])} repeats on every call, and accepts exactly the same
   * signatures.
   */
  public static PublicKey decodePublicKey(byte[] publicKey) {
    checkLength(publicKey, KEY_SIZE, "publicKey");
    // The same checks verify(byte[], ...) makes on the key (canonical encoding, not of small
    // order, on the curve); a key that fails them verifies nothing.
    return new PublicKey(
        Optional.ofNullable(
            org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(publicKey, 0)));
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} by {@code publicKey}; the
   * same answer as {@link #verify(byte[], byte[], byte[])} for the key's bytes.
   */
  public static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
    requireNonNull(publicKey, "publicKey is null");
    requireNonNull(message, "message is null");
    requireNonNull(signature, "signature is null");
    if (signature.length != SIGNATURE_SIZE || publicKey.point.isEmpty()) {
      return false;
    }
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signature, 0, publicKey.point.get(), message, 0, message.length);
  }

  /** A public key decoded by {@link #decodePublicKey}; empty when the key can verify nothing. */
  public static final class PublicKey {
    private final Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> point;

    private PublicKey(Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> point) {
      this.point = point;
    }
  }

  private static void checkLength(byte[] bytes, int length, String what) {
    requireNonNull(bytes, what + " is null");
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + " is " + bytes.length + " bytes, expected " + length);
    }
  }
}
