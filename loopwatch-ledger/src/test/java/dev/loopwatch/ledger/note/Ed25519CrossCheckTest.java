package dev.loopwatch.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins that {@link Ed25519} (Bouncy Castle) and the JDK's Ed25519 provider produce the same
 * signatures and accept the same ones, except small-order public keys, which we reject (they admit
 * trivial forgeries).
 */
class Ed25519CrossCheckTest {
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** The group order L of RFC 8032, section 5.1. */
  private static final BigInteger ORDER =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void sign_randomKeysAndMessages_matchesJdkAndBothVerify(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20; i++) {
      byte[] key = bytes(random, 32);
      byte[] message = bytes(random, random.nextInt(0, 600));
      byte[] signature = Ed25519.sign(key, message);

      assertThat(signature).as("seed %d case %d", seed, i).isEqualTo(jdkSign(key, message));
      assertThat(Ed25519.verify(Ed25519.publicKey(key), message, signature)).isTrue();
      assertThat(jdkVerify(Ed25519.publicKey(key), message, signature)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
  void verify_mutatedSignaturesKeysAndMessages_agreesWithJdk(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int rejected = 0;
    for (int i = 0; i < 60; i++) {
      byte[] key = bytes(random, 32);
      byte[] publicKey = Ed25519.publicKey(key);
      byte[] message = bytes(random, random.nextInt(1, 200));
      byte[] signature = Ed25519.sign(key, message);
      byte[] target =
          switch (i % 3) {
            case 0 -> signature;
            case 1 -> publicKey;
            default -> message;
          };
      int bit = random.nextInt(target.length * 8);
      target[bit / 8] ^= (byte) (1 << (bit % 8));

      boolean ours = Ed25519.verify(publicKey, message, signature);
      assertThat(ours)
          .as("seed %d case %d", seed, i)
          .isEqualTo(jdkVerify(publicKey, message, signature));
      if (!ours) {
        rejected++;
      }
    }
    assertThat(rejected).as("seed %d", seed).isEqualTo(60);
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
  void verifyDecodedKey_mutatedSignaturesKeysAndMessages_agreesWithRawKey(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int accepted = 0;
    for (int i = 0; i < 80; i++) {
      byte[] key = bytes(random, 32);
      byte[] publicKey = Ed25519.publicKey(key);
      byte[] message = bytes(random, random.nextInt(1, 200));
      byte[] signature = Ed25519.sign(key, message);
      if (i % 4 != 3) {
        byte[] target =
            switch (i % 4) {
              case 0 -> signature;
              case 1 -> publicKey;
              default -> message;
            };
        int bit = random.nextInt(target.length * 8);
        target[bit / 8] ^= (byte) (1 << (bit % 8));
      }

      boolean decoded = Ed25519.verify(Ed25519.decodePublicKey(publicKey), message, signature);
      assertThat(decoded)
          .as("seed %d case %d", seed, i)
          .isEqualTo(Ed25519.verify(publicKey, message, signature));
      if (decoded) {
        accepted++;
      }
    }
    assertThat(accepted).as("seed %d", seed).isEqualTo(20);
  }

  @Test
  void verifyDecodedKey_smallOrderKeyWithTrivialSignature_rejected() {
    byte[] identity = HexFormat.of().parseHex("01" + "00".repeat(31));
    byte[] signature = Arrays.copyOf(identity, 64);
    byte[] message = "small order".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(Ed25519.verify(Ed25519.decodePublicKey(identity), message, signature)).isFalse();
  }

  @Test
  void verifyDecodedKey_keyNotOnCurve_rejectsEverySignature() {
    byte[] key = new byte[32];
    byte[] message = "off the curve".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] signature = Ed25519.sign(key, message);
    // y = 2 is not the y-coordinate of any curve point.
    byte[] notOnCurve = HexFormat.of().parseHex("02" + "00".repeat(31));

    assertThat(Ed25519.verify(notOnCurve, message, signature)).isFalse();
    assertThat(Ed25519.verify(Ed25519.decodePublicKey(notOnCurve), message, signature)).isFalse();
  }

  @Test
  void verify_nonCanonicalScalar_bothReject() throws Exception {
    byte[] key = new byte[32];
    byte[] message = "non-canonical S".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] signature = Ed25519.sign(key, message);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    BigInteger plusOrder = littleEndian(s).add(ORDER);
    byte[] malleated = Arrays.copyOf(signature, 64);
    System.arraycopy(toLittleEndian(plusOrder), 0, malleated, 32, 32);

    assertThat(Ed25519.verify(Ed25519.publicKey(key), message, malleated)).isFalse();
    assertThat(jdkVerify(Ed25519.publicKey(key), message, malleated)).isFalse();
  }

  @Test
  void verify_smallOrderKeyWithTrivialSignature_rejectedWhereJdkAccepts() throws Exception {
    // The identity point as public key and R, with S = 0, satisfies the cofactorless equation for
    // every message: a forgery anyone can make. The JDK accepts it; we deliberately do not.
    byte[] identity = HexFormat.of().parseHex("01" + "00".repeat(31));
    byte[] signature = Arrays.copyOf(identity, 64);
    byte[] message = "small order".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(jdkVerify(identity, message, signature)).isTrue();
    assertThat(Ed25519.verify(identity, message, signature)).isFalse();
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] reversed = bytes.clone();
    for (int i = 0; i < reversed.length / 2; i++) {
      byte t = reversed[i];
      reversed[i] = reversed[reversed.length - 1 - i];
      reversed[reversed.length - 1 - i] = t;
    }
    return new BigInteger(1, reversed);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] big = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < Math.min(32, big.length); i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static byte[] jdkSign(byte[] seed, byte[] message) throws GeneralSecurityException {
    PrivateKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(key);
    signature.update(message);
    return signature.sign();
  }

  private static boolean jdkVerify(byte[] publicKey, byte[] message, byte[] signature) {
    try {
      byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
      System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, 32);
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
}
