package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopwatch ladder} end to end on a real store. */
class LadderCommandTest {
  @TempDir Path temp;

  /** Three months: 50% AI lines with full coverage, then 50%, then 1% (all lines evidenced). */
  private Path store() {
    Path db = temp.resolve("lw.duckdb");
    try (LadderStoreFixture fixture = new LadderStoreFixture(db)) {
      fixture
          .change("2026-01-05", 100, 50)
          .change("2026-02-05", 100, 50)
          .change("2026-03-05", 100, 1)
          .session("a", "2026-02-03", 2, 20, 7200, 1000);
    }
    return db;
  }

  @Test
  void ladder_overriddenPhases_entersP1InSecondMonthAndPrintsHash() throws Exception {
    Path db = store();
    Path phases = temp.resolve("phases.toml");
    Files.writeString(phases, LadderTest.TWO_PHASES.replace("0.70", "0.0"));

    CliRun run = CliRun.run("ladder", "--db", db.toString(), "--phases", phases.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("phases test-1 from " + phases)
        .contains("sha256 " + Phases.read(phases).sha256())
        .contains("2026-01  no phase held")
        .contains("2026-02  P1 chat")
        .contains("2026-03  P1 chat")
        .contains(
            "Trends over these months (straight-line slope; broken-line test as in loopwatch trend):")
        .contains("  AI share of merged lines: too few months with a value (3 < 6)")
        .contains("failing for P1 (held): AI share of merged lines 1% [0-5]")
        .contains("missing for P3: AI share of merged lines 50% [40-60] < 80%")
        .as(
            "one engineer, no change matched to a session: coverage 0%, which min-coverage 0 lets by")
        .doesNotContain("missing for P3: median human turns per transcript 2.0");
  }

  @Test
  void ladder_perTeam_configuredTeamsEachWithTheirOwnShareAndPhase() throws Exception {
    Path db = temp.resolve("teams.duckdb");
    try (LadderStoreFixture fixture = new LadderStoreFixture(db)) {
      for (String day : List.of("2026-01-05", "2026-02-05", "2026-03-05")) {
        fixture.changeIn(day, "web/app.ts", 100, 60).changeIn(day, "core/db.c", 100, 0);
      }
    }
    Path config = temp.resolve("loopwatch.toml");
    Files.writeString(config, "[report.teams]\nfrontend = [\"web/\"]\nstorage = [\"core/\"]\n");

    CliRun run =
        CliRun.run("ladder", "--db", db.toString(), "--per-team", "--config", config.toString());
    CliRun json =
        CliRun.run(
            "ladder", "--db", db.toString(), "--per-team", "--config", config.toString(), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Teams in 2026-03 (only the AI share is known per team")
        .contains("  frontend: P1; AI share 60% [")
        .contains("  storage: no phase held; AI share 0% [0-4] of 100 lines");
    JsonNode teams = Json.mapper().readTree(json.out()).get("teams");
    assertThat(teams).hasSize(2);
    assertThat(teams.get(0).get("team").asText()).isEqualTo("frontend");
    assertThat(teams.get(0).get("phase").asText()).isEqualTo("P1");
    assertThat(teams.get(1).get("aiShare").get("value").asDouble()).isZero();
  }

  @Test
  void ladder_bundledPhases_jsonWithEveryIndicatorAndNoPhase() throws Exception {
    Path db = store();

    CliRun run = CliRun.run("ladder", "--db", db.toString(), "--json", "--since", "2026-02-01");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.get("phasesSha256").asText()).isEqualTo(Phases.defaults().sha256());
    assertThat(json.get("months")).hasSize(2);
    JsonNode february = json.get("months").get(0);
    assertThat(february.get("month").asText()).isEqualTo("2026-02");
    assertThat(february.get("phase").isNull()).isTrue();
    assertThat(february.get("indicators")).hasSize(15);
    JsonNode share = february.get("indicators").get(0);
    assertThat(share.get("id").asText()).isEqualTo("ai-share");
    assertThat(share.get("value").asDouble()).isEqualTo(0.5);
    assertThat(share.get("n").asLong()).isEqualTo(100);
    assertThat(share.get("coverage").asDouble()).isEqualTo(1.0);
    JsonNode horizon = february.get("indicators").get(13);
    assertThat(horizon.get("id").asText()).isEqualTo("p50-horizon-hours");
    assertThat(horizon.get("value").isNull()).as("unknown, never 0").isTrue();
  }

  @Test
  void ladder_transcriptsStoredByScan_sessionIndicatorsFromTheRealWriter() throws Exception {
    Path db = temp.resolve("sessions.duckdb");
    Path transcripts =
        Path.of(LadderCommandTest.class.getResource("/dev/loopwatch/app/sessions/claude").toURI());
    CliRun scan = CliRun.run("scan", "--sessions", transcripts.toString(), "--db", db.toString());
    assertThat(scan.code()).as(scan.err()).isZero();

    CliRun run = CliRun.run("ladder", "--db", db.toString(), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode months = Json.mapper().readTree(run.out()).get("months");
    assertThat(months).isNotEmpty();
    long sessions = 0;
    for (JsonNode month : months) {
      JsonNode turns = month.get("indicators").get(2);
      assertThat(turns.get("id").asText()).isEqualTo("human-turns-per-transcript");
      assertThat(turns.get("coverage").isNull()).as("transcripts name no engineer").isTrue();
      if (!turns.get("value").isNull()) {
        assertThat(turns.get("low").asDouble()).isLessThanOrEqualTo(turns.get("value").asDouble());
        sessions += turns.get("n").asLong();
      }
      assertThat(month.get("indicators").get(0).get("value").isNull())
          .as("no merged lines: AI share unknown")
          .isTrue();
    }
    assertThat(sessions).as("every stored main session counted once").isEqualTo(mainSessions(db));
  }

  private static long mainSessions(Path db) {
    try (dev.loopwatch.core.store.Store store =
        dev.loopwatch.core.store.Store.openReadOnly(db, java.util.List.of())) {
      return store.read(connection -> {
        try (var statement = connection.createStatement();
            var result =
                statement.executeQuery(
                    "SELECT count(*) FROM sessions WHERE depth = 0 AND started_at IS NOT NULL")) {
          result.next();
          return result.getLong(1);
        }
      });
    }
  }

  @Test
  void ladder_malformedPhases_exitTwoNamingFileAndLine() throws Exception {
    Path db = store();
    Path phases = temp.resolve("bad.toml");
    Files.writeString(phases, "version = \"x\"\n[[phase]\n");

    CliRun run = CliRun.run("ladder", "--db", db.toString(), "--phases", phases.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(phases + ":3:1: invalid TOML");
  }

  @Test
  void ladder_phasesNamingUnknownIndicator_exitTwoNamingKey() throws Exception {
    Path db = store();
    Path phases = temp.resolve("bad.toml");
    Files.writeString(
        phases, LadderTest.TWO_PHASES.replace("indicator = \"ai-share\"", "indicator = \"x\""));

    CliRun run = CliRun.run("ladder", "--db", db.toString(), "--phases", phases.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("'.phase[0].threshold[0].indicator' names no known indicator: x");
  }

  @Test
  void ladder_emptyStore_exitTwo() {
    Path db = temp.resolve("empty.duckdb");
    new LadderStoreFixture(db).close();

    CliRun run = CliRun.run("ladder", "--db", db.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("has no merged changes or sessions");
  }
}
