package dev.loopwatch.ledger.checkpoint;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.NoteSignature;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/** Ed25519 checkpoint cosignatures (c2sp.org/tlog-cosignature, cosignature/v1, type 0x04). */
public final class Cosignature {
  /** The signature type of Ed25519 cosignatures. */
  public static final int TYPE = 0x04;

  /** The length of a cosignature: an 8-byte timestamp and a 64-byte signature. */
  public static final int SIZE = 8 + Ed25519.SIGNATURE_SIZE;

  private Cosignature() {}

  /** The signed message: {@code "cosignature/v1\ntime <timestamp>\n"} then the checkpoint text. */
  public static byte[] message(long timestamp, String checkpointText) {
    requireNonNull(checkpointText, "checkpointText is null");
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp is negative: " + timestamp);
    }
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The cosigner key ID {@code SHA-256(name || 0x0A || 0x04 || publicKey)[:4]}. */
  public static int keyId(String name, byte[] publicKey) {
    return NoteKeys.keyId(name, TYPE, publicKey);
  }

  /** The cosigner's verifier key {@code name+hex+base64(0x04 || publicKey)}. */
  public static String verifierKey(String name, byte[] publicKey) {
    return NoteKeys.verifierKey(name, TYPE, publicKey);
  }

  /** The timestamp (POSIX seconds) of a cosignature line. */
  public static long timestamp(NoteSignature signature) {
    byte[] bytes = signature.signature();
    if (bytes.length != SIZE) {
      throw LoopwatchException.userInput(
          "cosignature by "
              + signature.name()
              + " is "
              + bytes.length
              + " bytes, expected "
              + SIZE);
    }
    long timestamp = ByteBuffer.wrap(bytes).getLong();
    if (timestamp < 0) {
      throw LoopwatchException.userInput(
          "cosignature by " + signature.name() + " has a timestamp above 2^63-1");
    }
    return timestamp;
  }

  /** A cosigner with this name and Ed25519 seed, stamping each signature with {@code clock}. */
  public static Signer signer(String name, byte[] seed, LongSupplier clock) {
    requireNonNull(clock, "clock is null");
    byte[] copy = seed.clone();
    int id = keyId(name, Ed25519.publicKey(copy));
    return new CosignatureSigner(name, id, copy, clock);
  }

  /**
   * A cosigner from a signer key {@code PRIVATE+KEY+name+hex+base64(0x04 || seed)}.
   *
   * @throws LoopwatchException if the key is malformed or not of type 0x04
   */
  public static Signer signer(String signerKey, LongSupplier clock) {
    NoteKeys.SignerKey key = NoteKeys.parseSignerKey(signerKey);
    if (key.type() != TYPE) {
      throw LoopwatchException.userInput(
          "invalid signer key: a cosigner key must have type 0x04, got 0x"
              + HexFormat.of().toHexDigits((byte) key.type()));
    }
    return signer(key.name(), key.seed(), clock);
  }

  /** A verifier of this cosigner's cosignatures. */
  public static Verifier verifier(String name, byte[] publicKey) {
    if (publicKey.length != Ed25519.KEY_SIZE) {
      throw new IllegalArgumentException("publicKey must be 32 bytes");
    }
    return new CosignatureVerifier(name, keyId(name, publicKey), publicKey.clone());
  }

  /**
   * A verifier from a vkey of type 0x04.
   *
   * @throws LoopwatchException if the key is malformed or not an Ed25519 cosigner key
   */
  public static Verifier verifier(String verifierKey) {
    NoteKeys.VerifierKey key = NoteKeys.parseVerifierKey(verifierKey);
    if (key.type() != TYPE || key.publicKey().length != Ed25519.KEY_SIZE) {
      throw LoopwatchException.userInput(
          "invalid verifier key: " + key + " is not a 32-byte Ed25519 cosigner key of type 0x04");
    }
    return new CosignatureVerifier(key.name(), key.keyId(), key.publicKey());
  }

  private record CosignatureSigner(String name, int keyId, byte[] seed, LongSupplier clock)
      implements Signer {
    @Override
    public byte[] sign(byte[] message) {
      long timestamp = clock.getAsLong();
      byte[] signature =
          Ed25519.sign(seed, message(timestamp, new String(message, StandardCharsets.UTF_8)));
      return ByteBuffer.allocate(SIZE).putLong(timestamp).put(signature).array();
    }

    @Override
    public String toString() {
      return "Cosigner[" + name + "+" + NoteKeys.hex(keyId) + "]";
    }
  }

  private record CosignatureVerifier(String name, int keyId, byte[] publicKey) implements Verifier {
    @Override
    public boolean verify(byte[] message, byte[] signature) {
      if (signature.length != SIZE) {
        return false;
      }
      long timestamp = ByteBuffer.wrap(signature).getLong();
      if (timestamp < 0) {
        return false;
      }
      byte[] signed = message(timestamp, new String(message, StandardCharsets.UTF_8));
      return Ed25519.verify(publicKey, signed, Arrays.copyOfRange(signature, 8, SIZE));
    }
  }
}
