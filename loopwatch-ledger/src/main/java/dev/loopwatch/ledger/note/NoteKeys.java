package dev.loopwatch.ledger.note;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Key IDs, verifier keys ({@code name+hex+base64(type || public key)}) and signer keys ({@code
 * PRIVATE+KEY+name+hex+base64(type || seed)}) of c2sp.org/signed-note.
 */
public final class NoteKeys {
  /** The signature type of plain Ed25519 note signatures. */
  public static final int TYPE_ED25519 = 0x01;

  private NoteKeys() {}

  /** A freshly generated Ed25519 key pair in both encodings. */
  public record GeneratedKey(String signerKey, String verifierKey) {
    /** Checks the fields are present. */
    public GeneratedKey {
      requireNonNull(signerKey, "signerKey is null");
      requireNonNull(verifierKey, "verifierKey is null");
    }
  }

  /** The key ID {@code SHA-256(name || 0x0A || type || publicKey)[:4]}, big-endian. */
  public static int keyId(String name, int type, byte[] publicKey) {
    requireNonNull(name, "name is null");
    requireNonNull(publicKey, "publicKey is null");
    MessageDigest digest = sha256();
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0x0A);
    digest.update((byte) type);
    digest.update(publicKey);
    byte[] hash = digest.digest();
    return ((hash[0] & 0xff) << 24)
        | ((hash[1] & 0xff) << 16)
        | ((hash[2] & 0xff) << 8)
        | (hash[3] & 0xff);
  }

  /** Whether {@code name} is a valid key name: non-empty, no Unicode space, no plus sign. */
  public static boolean isValidName(String name) {
    if (name.isEmpty() || name.indexOf('+') >= 0) {
      return false;
    }
    return name.codePoints()
        .noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20);
  }

  /** The key ID in the eight lowercase hex digits used by keys and in messages. */
  public static String hex(int keyId) {
    return HexFormat.of().toHexDigits(keyId);
  }

  /** Encodes a verifier key, computing its key ID. */
  public static String verifierKey(String name, int type, byte[] publicKey) {
    checkName(name);
    byte[] material = prepend(type, publicKey);
    return name
        + "+"
        + hex(keyId(name, type, publicKey))
        + "+"
        + Base64.getEncoder().encodeToString(material);
  }

  /** Generates an Ed25519 key pair named {@code name}. */
  public static GeneratedKey generateEd25519(String name) {
    byte[] seed = Ed25519.generateSeed();
    return new GeneratedKey(
        signerKey(name, TYPE_ED25519, seed),
        verifierKey(name, TYPE_ED25519, Ed25519.publicKey(seed)));
  }

  /** Encodes an Ed25519-based signer key of this type from its seed. */
  public static String signerKey(String name, int type, byte[] seed) {
    checkName(name);
    int id = keyId(name, type, Ed25519.publicKey(seed));
    return "PRIVATE+KEY+"
        + name
        + "+"
        + hex(id)
        + "+"
        + Base64.getEncoder().encodeToString(prepend(type, seed));
  }

  /** A parsed verifier key, whose key ID was checked against its name and key material. */
  public record VerifierKey(String name, int keyId, int type, byte[] publicKey) {
    /** Checks the fields and copies the key. */
    public VerifierKey {
      requireNonNull(name, "name is null");
      publicKey = requireNonNull(publicKey, "publicKey is null").clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof VerifierKey key
          && name.equals(key.name)
          && keyId == key.keyId
          && type == key.type
          && Arrays.equals(publicKey, key.publicKey);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
      return name + "+" + hex(keyId);
    }
  }

  /** A parsed signer key; its seed is kept out of {@link #toString()}. */
  public record SignerKey(String name, int keyId, int type, byte[] seed) {
    /** Checks the fields and copies the seed. */
    public SignerKey {
      requireNonNull(name, "name is null");
      seed = requireNonNull(seed, "seed is null").clone();
    }

    @Override
    public byte[] seed() {
      return seed.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SignerKey key
          && name.equals(key.name)
          && keyId == key.keyId
          && type == key.type
          && Arrays.equals(seed, key.seed);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
      return "PRIVATE+KEY+" + name + "+" + hex(keyId) + "+(redacted)";
    }
  }

  /**
   * Parses a verifier key of any signature type, checking its key ID.
   *
   * @throws LoopwatchException naming the part at fault
   */
  public static VerifierKey parseVerifierKey(String vkey) {
    requireNonNull(vkey, "vkey is null");
    String[] parts = splitKey(vkey);
    if (parts.length != 3) {
      throw badKey("verifier key", "it must have three parts name+keyid+key separated by '+'");
    }
    String name = parts[0];
    int id = parseKeyId(parts[1], "verifier key");
    byte[] material = decodeBase64(parts[2], "verifier key");
    checkKeyName(name, "verifier key");
    if (material.length < 2) {
      throw badKey("verifier key", "the key material is empty");
    }
    int type = material[0] & 0xff;
    byte[] publicKey = Arrays.copyOfRange(material, 1, material.length);
    if (keyId(name, type, publicKey) != id) {
      throw badKey("verifier key", "key ID " + parts[1] + " does not match the name and key");
    }
    return new VerifierKey(name, id, type, publicKey);
  }

  /**
   * Parses an Ed25519 (type 0x01) verifier key into a note verifier.
   *
   * @throws LoopwatchException if the key is malformed or of another type
   */
  public static Verifier verifier(String vkey) {
    VerifierKey key = parseVerifierKey(vkey);
    if (key.type() != TYPE_ED25519) {
      throw badKey(
          "verifier key",
          "unsupported signature type 0x"
              + HexFormat.of().toHexDigits((byte) key.type())
              + " for "
              + key);
    }
    if (key.publicKey().length != Ed25519.KEY_SIZE) {
      throw badKey(
          "verifier key", "an Ed25519 public key must be 32 bytes, got " + key.publicKey().length);
    }
    return new Ed25519Verifier(key.name(), key.keyId(), key.publicKey());
  }

  /**
   * Parses a signer key of any Ed25519-based type, checking its key ID against the derived public
   * key.
   *
   * @throws LoopwatchException naming the part at fault, never the key itself
   */
  public static SignerKey parseSignerKey(String skey) {
    requireNonNull(skey, "skey is null");
    String[] parts = skey.startsWith("PRIVATE+KEY+") ? splitKey(skey.substring(12)) : new String[0];
    if (parts.length != 3) {
      throw badKey("signer key", "it must have the form PRIVATE+KEY+name+keyid+key");
    }
    String name = parts[0];
    checkKeyName(name, "signer key");
    int id = parseKeyId(parts[1], "signer key");
    byte[] material = decodeBase64(parts[2], "signer key");
    if (material.length != 1 + Ed25519.KEY_SIZE) {
      throw badKey("signer key", "the key material must be a type byte and a 32-byte seed");
    }
    int type = material[0] & 0xff;
    byte[] seed = Arrays.copyOfRange(material, 1, material.length);
    if (keyId(name, type, Ed25519.publicKey(seed)) != id) {
      throw badKey("signer key", "key ID " + parts[1] + " does not match the name and key");
    }
    return new SignerKey(name, id, type, seed);
  }

  /**
   * Parses an Ed25519 (type 0x01) signer key into a note signer.
   *
   * @throws LoopwatchException if the key is malformed or of another type
   */
  public static Signer signer(String skey) {
    SignerKey key = parseSignerKey(skey);
    if (key.type() != TYPE_ED25519) {
      throw badKey(
          "signer key",
          "unsupported signature type 0x" + HexFormat.of().toHexDigits((byte) key.type()));
    }
    return new Ed25519Signer(key.name(), key.keyId(), key.seed());
  }

  /** An Ed25519 note verifier for a raw 32-byte public key. */
  public static Verifier ed25519Verifier(String name, byte[] publicKey) {
    checkName(name);
    return new Ed25519Verifier(name, keyId(name, TYPE_ED25519, publicKey), publicKey.clone());
  }

  /**
   * An Ed25519 verifier that decodes its public key on its first check and keeps it: parsing a key
   * (as every attestation's declarant is) stays cheap, and a verifier used for many checks
   * decompresses the key point once.
   */
  private static final class Ed25519Verifier implements Verifier {
    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private volatile Ed25519.PublicKey decoded;

    Ed25519Verifier(String name, int keyId, byte[] publicKey) {
      this.name = name;
      this.keyId = keyId;
      this.publicKey = publicKey;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int keyId() {
      return keyId;
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
      Ed25519.PublicKey key = decoded;
      if (key == null) {
        // Two threads may both decode; both get the same answer.
        key = Ed25519.decodePublicKey(publicKey);
        decoded = key;
      }
      return Ed25519.verify(key, message, signature);
    }

    @Override
    public String toString() {
      return name + "+" + hex(keyId);
    }
  }

  private record Ed25519Signer(String name, int keyId, byte[] seed) implements Signer {
    @Override
    public byte[] sign(byte[] message) {
      return Ed25519.sign(seed, message);
    }

    @Override
    public String toString() {
      return "Ed25519Signer[" + name + "+" + hex(keyId) + "]";
    }
  }

  /** Splits {@code name+keyid+base64} at its first two plus signs (base64 may contain more). */
  private static String[] splitKey(String key) {
    int first = key.indexOf('+');
    int second = first < 0 ? -1 : key.indexOf('+', first + 1);
    if (second < 0) {
      return new String[0];
    }
    return new String[] {
      key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1)
    };
  }

  private static int parseKeyId(String text, String what) {
    if (text.length() != 8
        || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw badKey(what, "key ID \"" + text + "\" is not eight lowercase hex digits");
    }
    return (int) Long.parseLong(text, 16);
  }

  private static byte[] decodeBase64(String text, String what) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw badKey(what, "the key material is not valid base64");
    }
    if (decoded.length == 0 || !Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw badKey(what, "the key material is not canonical padded base64");
    }
    return decoded;
  }

  private static void checkKeyName(String name, String what) {
    if (!isValidName(name)) {
      throw badKey(what, "key name \"" + name + "\" is empty or contains a space or '+'");
    }
  }

  private static void checkName(String name) {
    requireNonNull(name, "name is null");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("invalid key name \"" + name + "\"");
    }
  }

  private static byte[] prepend(int type, byte[] key) {
    byte[] material = new byte[1 + key.length];
    material[0] = (byte) type;
    System.arraycopy(key, 0, material, 1, key.length);
    return material;
  }

  private static LoopwatchException badKey(String what, String problem) {
    return LoopwatchException.userInput("invalid " + what + ": " + problem);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
