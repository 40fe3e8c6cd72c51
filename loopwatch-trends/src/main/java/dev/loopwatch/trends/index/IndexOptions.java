package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

/**
 * How the index is fitted. The defaults are Epoch's (eci-public {@code src/eci/fitting.py}).
 *
 * @param anchorBenchmark the benchmark pinned to {@code anchorDifficulty} and {@code
 *     anchorDiscriminability} (Epoch: Winogrande, 0, 1)
 * @param anchorDifficulty the anchor benchmark's difficulty
 * @param anchorDiscriminability the anchor benchmark's discriminability, positive
 * @param low the lower scale anchor (Epoch: Claude 3.5 Sonnet = 130)
 * @param high the upper scale anchor (Epoch: GPT-5 = 150)
 * @param regularization the L2 strength, divided by the number of parameters (Epoch: 0.1)
 * @param clip scores are clipped to {@code [clip, 1 - clip]} (Epoch: 1e-3)
 * @param bootstrap the bootstrap draws (Epoch's script: 100; 0 for no intervals)
 * @param seed the bootstrap seed
 * @param level the interval's central mass (Epoch: 0.90)
 * @param minBenchmarks models with fewer benchmarks are flagged (Epoch's loader drops them: 4)
 * @param parallelism worker threads for the bootstrap, at least 1
 */
public record IndexOptions(
    String anchorBenchmark,
    double anchorDifficulty,
    double anchorDiscriminability,
    ScaleAnchor low,
    ScaleAnchor high,
    double regularization,
    double clip,
    int bootstrap,
    long seed,
    double level,
    int minBenchmarks,
    int parallelism) {
  /** Epoch's anchor benchmark. */
  public static final String WINOGRANDE = "Winogrande";

  /** Epoch's lower scale anchor. */
  public static final ScaleAnchor CLAUDE_3_5_SONNET = new ScaleAnchor("Claude 3.5 Sonnet", 130);

  /** Epoch's upper scale anchor. */
  public static final ScaleAnchor GPT_5 = new ScaleAnchor("GPT-5", 150);

  /** Checks the fields. */
  public IndexOptions {
    requireNonNull(anchorBenchmark, "anchorBenchmark is null");
    requireNonNull(low, "low is null");
    requireNonNull(high, "high is null");
    if (!Double.isFinite(anchorDifficulty)) {
      throw new IllegalArgumentException("anchorDifficulty must be finite: " + anchorDifficulty);
    }
    if (!(anchorDiscriminability >= 0.1 && anchorDiscriminability <= 10)) {
      throw new IllegalArgumentException(
          "anchorDiscriminability must be in [0.1, 10]: " + anchorDiscriminability);
    }
    if (low.model().equals(high.model())) {
      throw new IllegalArgumentException("the two scale anchors name the same model");
    }
    if (low.value() == high.value()) {
      throw new IllegalArgumentException("the two scale anchors have the same value");
    }
    if (!(regularization >= 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException("regularization must be 0 or more: " + regularization);
    }
    if (!(clip >= 0 && clip < 0.5)) {
      throw new IllegalArgumentException("clip must be in [0, 0.5): " + clip);
    }
    if (bootstrap < 0) {
      throw new IllegalArgumentException("bootstrap must be 0 or more: " + bootstrap);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    if (minBenchmarks < 1) {
      throw new IllegalArgumentException("minBenchmarks must be 1 or more: " + minBenchmarks);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be 1 or more: " + parallelism);
    }
  }

  /** Epoch's defaults: Winogrande (0, 1), 130/150 anchors, 0.1, 1e-3, 100 draws, 90%. */
  public static IndexOptions defaults() {
    return new IndexOptions(
        WINOGRANDE,
        0,
        1,
        CLAUDE_3_5_SONNET,
        GPT_5,
        0.1,
        1e-3,
        100,
        12345,
        0.90,
        4,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /** These options with another anchor benchmark. */
  public IndexOptions withAnchorBenchmark(String name) {
    return new IndexOptions(
        name,
        anchorDifficulty,
        anchorDiscriminability,
        low,
        high,
        regularization,
        clip,
        bootstrap,
        seed,
        level,
        minBenchmarks,
        parallelism);
  }

  /** These options with other scale anchors. */
  public IndexOptions withScale(ScaleAnchor newLow, ScaleAnchor newHigh) {
    return new IndexOptions(
        anchorBenchmark,
        anchorDifficulty,
        anchorDiscriminability,
        newLow,
        newHigh,
        regularization,
        clip,
        bootstrap,
        seed,
        level,
        minBenchmarks,
        parallelism);
  }

  /** These options with another bootstrap size and seed. */
  public IndexOptions withBootstrap(int draws, long newSeed) {
    return new IndexOptions(
        anchorBenchmark,
        anchorDifficulty,
        anchorDiscriminability,
        low,
        high,
        regularization,
        clip,
        draws,
        newSeed,
        level,
        minBenchmarks,
        parallelism);
  }

  /** These options with another number of worker threads. */
  public IndexOptions withParallelism(int threads) {
    return new IndexOptions(
        anchorBenchmark,
        anchorDifficulty,
        anchorDiscriminability,
        low,
        high,
        regularization,
        clip,
        bootstrap,
        seed,
        level,
        minBenchmarks,
        threads);
  }
}
