package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.research.task.SplitSpec;
import java.util.Arrays;
import java.util.Random;

/**
 * One seed's split of the messages. The permutation is {@code java.util.Random(seed)} driving a
 * Fisher-Yates shuffle of the indices; the first {@code floor(n × testFraction)} shuffled indices
 * are the test split, the next {@code trainLabel} the weak teacher's labelled set, the rest the
 * student's unlabelled set. Each set is then sorted by message index, so the order agents see
 * reveals nothing. The dev part of the test split is drawn by a second shuffle, of test positions,
 * seeded from the seed (and, in a scoring server, a secret salt: {@link #devCut}); the remaining
 * positions are the sealed final part.
 *
 * @param seed the seed
 * @param test message indices of the test split, ascending; submissions predict these, in order
 * @param trainLabel message indices the weak teacher learns from, ascending
 * @param trainUnlabel message indices the student learns from (without true labels), ascending
 * @param dev for each test position, whether it is in the dev part (else the sealed final part)
 */
public record SeedSplit(
    long seed, int[] test, int[] trainLabel, int[] trainUnlabel, boolean[] dev) {
  /** Checks the fields. */
  public SeedSplit {
    requireNonNull(test, "test is null");
    requireNonNull(trainLabel, "trainLabel is null");
    requireNonNull(trainUnlabel, "trainUnlabel is null");
    requireNonNull(dev, "dev is null");
    if (dev.length != test.length) {
      throw new IllegalArgumentException("dev must have one flag per test message");
    }
  }

  /** The split of {@code n} messages for {@code seed}. */
  public static SeedSplit of(int n, long seed, SplitSpec spec) {
    int[] order = shuffled(n, new Random(seed));
    int testSize = (int) Math.floor(n * spec.testFraction());
    if (testSize < 2 || testSize + spec.trainLabel() >= n) {
      throw new IllegalArgumentException("the split sizes do not fit " + n + " messages");
    }
    int[] test = sorted(Arrays.copyOfRange(order, 0, testSize));
    int[] label = sorted(Arrays.copyOfRange(order, testSize, testSize + spec.trainLabel()));
    int[] unlabel = sorted(Arrays.copyOfRange(order, testSize + spec.trainLabel(), n));
    return new SeedSplit(seed, test, label, unlabel, devCut(testSize, seed, spec.devFraction(), 0));
  }

  /**
   * Which of {@code testSize} test positions are in the dev part: {@code round(testSize ×
   * devFraction)} positions drawn by a shuffle seeded from the seed and {@code salt}. Salt 0 is the
   * reproducible cut of {@link #of}; the scoring server draws a secret salt per run, so even an
   * agent that knows the seed and this code cannot tell dev positions from sealed ones.
   */
  public static boolean[] devCut(int testSize, long seed, double devFraction, long salt) {
    int devSize = (int) Math.round(testSize * devFraction);
    int[] positions = shuffled(testSize, new Random(seed * 0x9E3779B97F4A7C15L + 1 + salt));
    boolean[] dev = new boolean[testSize];
    for (int i = 0; i < devSize; i++) {
      dev[positions[i]] = true;
    }
    return dev;
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  private static int[] sorted(int[] values) {
    Arrays.sort(values);
    return values;
  }

  /** How many test positions are in the dev part. */
  public int devSize() {
    int count = 0;
    for (boolean d : dev) {
      if (d) {
        count++;
      }
    }
    return count;
  }
}
