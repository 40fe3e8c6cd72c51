package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The output comparison rules. */
class OutputRuleTest {
  private static final OutputRule.Numeric NUMERIC = new OutputRule.Numeric("out", 1e-4, 1e-3);

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "loss 1.0;loss   1.0005;",
        "loss 1.0;loss 1.0012;out: token 2 is 1.0012, the baseline wrote 1.0 (|diff| 0.00120 > 0.00110)",
        "loss 1.0;acc 1.0;out: token 1 is 'acc', the baseline wrote 'loss'",
        "1 2 3;1 2;out: 2 tokens, the baseline wrote 3",
        "0;0.0001;",
        "NaN;NaN;",
        "1e3;1000.9;",
      })
  void numeric_pairs_verdict(String expected, String actual, String reason) {
    assertThat(NUMERIC.compare(expected, actual)).isEqualTo(Optional.ofNullable(reason));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void numeric_withinTolerance_matchesAndBeyondFails(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder expected = new StringBuilder();
    StringBuilder near = new StringBuilder();
    StringBuilder far = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      double value = random.nextDouble(-1000, 1000);
      double bound = 1e-4 + 1e-3 * Math.abs(value);
      expected.append(String.format(Locale.ROOT, "w%d %.10f ", i, value));
      near.append(String.format(Locale.ROOT, "w%d %.10f ", i, value + bound * 0.9));
      far.append(String.format(Locale.ROOT, "w%d %.10f ", i, value + (i == 49 ? bound * 1.1 : 0)));
    }
    assertThat(NUMERIC.compare(expected.toString(), near.toString())).as("seed %d", seed).isEmpty();
    assertThat(NUMERIC.compare(expected.toString(), far.toString()))
        .as("seed %d", seed)
        .get()
        .asString()
        .startsWith("out: token 100 is ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"abc|abc|", "abc|abd|out: differs from the baseline at character 2"})
  void exact_pairs_verdict(String expected, String actual, String reason) {
    assertThat(new OutputRule.Exact("out").compare(expected, actual))
        .isEqualTo(Optional.ofNullable(reason));
  }
}
