package dev.loopwatch.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesTest {
  private record Tokens(long input, long output, long cacheCreation, long cacheRead)
      implements TokenCounts {}

  @TempDir Path temp;

  @Test
  void defaults_transcriptModelIds_allPriced() {
    Prices prices = Prices.defaults();

    assertThat(prices.price("claude-sonnet-4-5-20250929").orElseThrow().output()).isEqualTo(15.0);
    assertThat(prices.price("claude-opus-4-1-20250805").orElseThrow().input()).isEqualTo(15.0);
    assertThat(prices.price("claude-haiku-4-5-20251001").orElseThrow().cacheRead()).isEqualTo(0.10);
    assertThat(prices.price("gpt-5").orElseThrow().cacheRead()).isEqualTo(0.125);
    assertThat(prices.price("gpt-5-codex").orElseThrow().output()).isEqualTo(10.0);
    assertThat(prices.all()).allSatisfy(price -> assertThat(price.source()).startsWith("https://"));
  }

  @Test
  void price_undatedAlias_findsDatedRow() {
    Prices prices = Prices.defaults();

    assertThat(prices.price("claude-haiku-4-5").orElseThrow().model())
        .isEqualTo("claude-haiku-4-5-20251001");
    assertThat(prices.price("claude-opus-4-6-20260101").orElseThrow().model())
        .isEqualTo("claude-opus-4-6");
  }

  @Test
  void cost_sonnetUsage_exactDollars() {
    // 1M fresh input $3 + 0.5M output $7.50 + 2M cache writes $7.50 + 10M cache reads $3 = $21.
    Tokens usage = new Tokens(1_000_000, 500_000, 2_000_000, 10_000_000);

    assertThat(Prices.defaults().cost("claude-sonnet-4-5-20250929", usage)).hasValue(21.0);
  }

  @Test
  void cost_unknownModel_emptyNotZero() {
    Prices prices = Prices.defaults();

    assertThat(prices.cost("<synthetic>", new Tokens(10, 0, 0, 0))).isEmpty();
    assertThat(prices.cost("", new Tokens(0, 1, 0, 0))).isEmpty();
    assertThat(prices.cost("mystery-model", new Tokens(0, 0, 0, 0))).hasValue(0.0);
  }

  @Test
  void withOverrides_userRow_replacesAndAdds() throws IOException {
    Path file = temp.resolve("prices.toml");
    Files.writeString(
        file,
        """
        [[price]]
        model = "gpt-5"
        input = 2.0
        output = 20.0
        cache-write = 2.0
        cache-read = 0.2
        source = "our contract"
        as-of = "2026-01-15"

        [[price]]
        model = "local-llama"
        input = 0
        output = 0
        cache-write = 0
        cache-read = 0
        source = "self-hosted"
        as-of = "2026-01-15"
        """);

    Prices prices = Prices.withOverrides(file);

    assertThat(prices.price("gpt-5").orElseThrow())
        .isEqualTo(
            new Price("gpt-5", 2.0, 20.0, 2.0, 0.2, "our contract", LocalDate.of(2026, 1, 15)));
    assertThat(prices.cost("local-llama", new Tokens(5, 5, 5, 5))).hasValue(0.0);
    assertThat(prices.price("claude-sonnet-4-6")).isPresent();
  }

  @Test
  void withOverrides_missingKey_namesFileAndKey() throws IOException {
    Path file = temp.resolve("bad.toml");
    Files.writeString(
        file,
        """
        [[price]]
        model = "gpt-5"
        input = 2.0
        output = 20.0
        cache-read = 0.2
        source = "x"
        as-of = "2026-01-15"
        """);

    assertThatThrownBy(() -> Prices.withOverrides(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(file + ": '.price[0].cache-write' is missing");
  }

  @Test
  void withOverrides_negativePrice_rejected() throws IOException {
    Path file = temp.resolve("neg.toml");
    Files.writeString(
        file,
        """
        [[price]]
        model = "gpt-5"
        input = -1
        output = 20.0
        cache-write = 1
        cache-read = 0.2
        source = "x"
        as-of = "2026-01-15"
        """);

    assertThatThrownBy(() -> Prices.withOverrides(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("'.price[0].input' must be a price of 0 or more");
  }
}
