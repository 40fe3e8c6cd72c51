package dev.loopwatch.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Checks the tokens-and-cost table of {@code loopwatch sessions}, text and JSON. */
class CostTableTest {
  private static final Path CLAUDE = resource("claude/projects");

  private static Path resource(String relative) {
    try {
      return Path.of(
          CostTableTest.class.getResource("/dev/loopwatch/app/sessions/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sessions_claudeFixtures_printsCostPerDayAtListPrices() {
    CliRun run = CliRun.run("sessions", CLAUDE.toString());

    assertThat(run.code()).as(run.err()).isZero();
    // 2026-03-16: (1080 x 3 + 320 x 15 + 1600 x 3.75 + 16000 x 0.30) / 1e6 = 0.01884 USD.
    assertThat(run.out().lines().toList())
        .containsSubsequence(
            "Cost per day (UTC, USD):",
            "  day         model              input  output  cache-write  cache-read    cost",
            "  2026-03-16  claude-sonnet-4-6   1080     320         1600       16000  0.0188",
            "  2026-03-17  claude-sonnet-4-6     70      80          400        4000  0.0041",
            "  2026-03-18  claude-sonnet-4-6    150     100          500        5000  0.0053",
            "  total 0.0283");
  }

  @Test
  void sessionsJson_claudeFixtures_costPerDayField() throws IOException {
    CliRun run = CliRun.run("sessions", CLAUDE.toString(), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode costs = Json.mapper().readTree(run.out()).get("costPerDay");
    assertThat(costs).hasSize(3);
    assertThat(costs.get(0).toString())
        .isEqualTo(
            "{\"day\":\"2026-03-16\",\"model\":\"claude-sonnet-4-6\",\"tokens\":{\"input\":1080,"
                + "\"output\":320,\"cacheCreation\":1600,\"cacheRead\":16000},"
                + "\"costUsd\":0.01884}");
  }
}
