package dev.loopwatch.ledger.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcTimesTest {
  private static final String ALPHABET = "0123456789012345678901234567890123456789-T:Z+. z";

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void parse_randomAndMutatedTimes_agreesWithInstantParse(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int parsed = 0;
    for (int i = 0; i < 2000; i++) {
      String text =
          Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L)).toString();
      for (int m = random.nextInt(0, 3); m > 0; m--) {
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        int at = random.nextInt(text.length());
        text = text.substring(0, at) + c + text.substring(at + 1);
      }
      Optional<Instant> expected = parse(text, true);
      assertThat(parse(text, false)).as("seed %d text %s", seed, text).isEqualTo(expected);
      if (expected.isPresent()) {
        parsed++;
      }
    }
    assertThat(parsed).as("seed %d", seed).isBetween(500, 2000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-01-31T12:00:00Z",
        "2024-02-29T23:59:59Z",
        "2025-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-01-01T24:00:00Z",
        "2016-12-31T23:59:60Z",
        "0000-01-01T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-00-10T00:00:00Z",
        "2025-01-00T00:00:00Z",
        "2025-01-01T00:60:00Z",
        "2025-01-01t00:00:00Z",
        "2025-01-01T00:00:00z"
      })
  void parse_edgeCases_agreesWithInstantParse(String text) {
    assertThat(parse(text, false)).as(text).isEqualTo(parse(text, true));
  }

  private static Optional<Instant> parse(String text, boolean reference) {
    try {
      return Optional.of(reference ? Instant.parse(text) : UtcTimes.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
