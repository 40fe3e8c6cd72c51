package dev.loopwatch.ledger.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A log writer for {@link TileLogCrashTest}, run in a child JVM: opens the log in {@code args[0]}
 * with the test key of seed {@code args[1]}, then appends batches of 1 to 64 entries (sizes drawn
 * from seed {@code args[2]}, contents from {@link TestKeys#entry}) until killed or 60 seconds pass,
 * printing {@code ack <first index> <count> <checkpoint size> <root base64> end} after each append
 * returns.
 */
final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) {
    long keySeed = Long.parseLong(args[1]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
    long deadline = System.nanoTime() + 60_000_000_000L;
    try (TileLog log =
        TileLog.open(Path.of(args[0]), TestKeys.verifier(keySeed), TestKeys.signer(keySeed))) {
      while (System.nanoTime() < deadline) {
        int count = 1 + random.nextInt(64);
        List<byte[]> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          batch.add(TestKeys.entry(log.size() + i));
        }
        AppendResult result = log.append(batch);
        System.out.println(
            "ack "
                + result.firstIndex()
                + " "
                + result.count()
                + " "
                + result.checkpoint().size()
                + " "
                + result.checkpoint().root().base64()
                + " end");
        System.out.flush();
      }
    }
  }
}
