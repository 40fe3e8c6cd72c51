import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Times Ed25519 verification of one ledger-sized message with the JDK provider and with the code
 * Loopwatch uses (dev.loopwatch.ledger.note.Ed25519, Bouncy Castle), interleaved in rounds.
 * Usage: java -cp CLASSPATH bench/java/Ed25519Verify.java [verifies per round] [rounds]
 */
public class Ed25519Verify {
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    byte[] message = "x".repeat(430).getBytes(StandardCharsets.UTF_8);
    byte[] publicKey = dev.loopwatch.ledger.note.Ed25519.publicKey(seed);
    byte[] signature = dev.loopwatch.ledger.note.Ed25519.sign(seed, message);
    byte[] spki =
        new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    spki = Arrays.copyOf(spki, 44);
    System.arraycopy(publicKey, 0, spki, 12, 32);
    PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    double[] jdk = new double[rounds];
    double[] ours = new double[rounds];
    for (int round = -1; round < rounds; round++) { // round -1 warms up both
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKey);
        verifier.update(message);
        if (!verifier.verify(signature)) throw new AssertionError("jdk rejected");
      }
      long middle = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (!dev.loopwatch.ledger.note.Ed25519.verify(publicKey, message, signature)) {
          throw new AssertionError("loopwatch rejected");
        }
      }
      long end = System.nanoTime();
      if (round >= 0) {
        jdk[round] = (middle - start) / 1e3 / count;
        ours[round] = (end - middle) / 1e3 / count;
        System.out.printf("round %d: jdk %.1f us, loopwatch %.1f us%n", round, jdk[round], ours[round]);
      }
    }
    Arrays.sort(jdk);
    Arrays.sort(ours);
    double jdkMedian = jdk[rounds / 2];
    double oursMedian = ours[rounds / 2];
    System.out.printf(
        "median per verify: jdk %.1f us, loopwatch %.1f us, ratio %.1fx%n",
        jdkMedian, oursMedian, jdkMedian / oursMedian);
  }
}
