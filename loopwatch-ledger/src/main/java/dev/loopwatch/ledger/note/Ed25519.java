package dev.loopwatch.ledger.note;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) over raw 32-byte seeds and public keys, with the JDK's "Ed25519" provider;
 * signatures are deterministic, so they match other implementations byte for byte.
 */
public final class Ed25519 {
  /** The length of seeds (private keys) and public keys, in bytes. */
  public static final int KEY_SIZE = 32;

  /** The length of signatures, in bytes. */
  public static final int SIGNATURE_SIZE = 64;

  /** The DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410). */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

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
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] encoded = pair.getPublic().getEncoded();
      return Arrays.copyOfRange(encoded, encoded.length - KEY_SIZE, encoded.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot derive an Ed25519 public key", e);
    }
  }

  /** The 64-byte signature of {@code message} by the private key with this seed. */
  public static byte[] sign(byte[] seed, byte[] message) {
    checkLength(seed, KEY_SIZE, "seed");
    requireNonNull(message, "message is null");
    try {
      PrivateKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign with Ed25519", e);
    }
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} by {@code publicKey}; false
   * for a malformed key or signature.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    checkLength(publicKey, KEY_SIZE, "publicKey");
    requireNonNull(message, "message is null");
    requireNonNull(signature, "signature is null");
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_SIZE);
      System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, KEY_SIZE);
      PublicKey key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void checkLength(byte[] bytes, int length, String what) {
    requireNonNull(bytes, what + " is null");
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + " is " + bytes.length + " bytes, expected " + length);
    }
  }

  /** A random source that yields one fixed seed, so the JDK key generator derives its key pair. */
  private static final class FixedSeed extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("expected a request for " + seed.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
