package dev.loopwatch.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.app.cli.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code loopwatch scan --sessions} and {@code loopwatch report} on real-format transcripts
 * and a real store, and opens the report in headless Chromium.
 */
class ScanSessionsTest {
  private static final Path CLAUDE = resource("claude/projects");
  private static final Path CODEX = resource("codex/sessions");
  private static final Pattern CHART_WITH_SVG =
      Pattern.compile(
          "<div class=\"chart\" id=\"chart-(\\w+)\"[^>]*>(?:(?!</section>).)*?<svg",
          Pattern.DOTALL);

  @TempDir Path temp;

  private static Path resource(String relative) {
    try {
      return Path.of(
          ScanSessionsTest.class.getResource("/dev/loopwatch/app/sessions/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private CliRun scan(Path db) {
    return CliRun.run(
        "scan",
        "--sessions",
        CLAUDE.toString(),
        "--sessions",
        CODEX.toString(),
        "--db",
        db.toString(),
        "--json");
  }

  @Test
  void scan_sessionsWithoutRepo_storesThemAndRescanReplaces() throws IOException {
    Path db = temp.resolve("store.duckdb");

    CliRun first = scan(db);
    CliRun second = scan(db);

    assertThat(first.code()).as(first.err()).isZero();
    JsonNode stored = Json.mapper().readTree(first.out()).get("sessions");
    assertThat(stored.toString())
        .isEqualTo(
            "{\"sessions\":6,\"subagents\":0,\"replaced\":0,\"interventions\":6,\"tasks\":9,"
                + "\"malformedLines\":1}");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(Json.mapper().readTree(second.out()).get("sessions").get("replaced").asInt())
        .isEqualTo(6);
    CliRun report = CliRun.run("report", "--db", db.toString(), "--format", "json", "--out", "-");
    assertThat(report.code()).as(report.err()).isZero();
    JsonNode totals = Json.mapper().readTree(report.out()).get("sessions").get("totals");
    assertThat(totals.get("sessions").asInt()).isEqualTo(6);
    assertThat(totals.get("tier1").asInt()).isEqualTo(1);
    assertThat(totals.get("tier2").asInt()).isEqualTo(5);
    assertThat(totals.get("tasks").asInt()).isEqualTo(9);
    assertThat(totals.get("tokens").asLong()).isEqualTo(29300);
  }

  @Test
  void scan_noRepoNoSessions_usageError() {
    CliRun run = CliRun.run("scan", "--db", temp.resolve("s.duckdb").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("give at least one REPO or --sessions PATH");
  }

  @Test
  void scan_missingSessionsFolder_usageErrorNamingIt() {
    Path missing = temp.resolve("nope");
    CliRun run =
        CliRun.run(
            "scan", "--sessions", missing.toString(), "--db", temp.resolve("s.db").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no such file or directory: " + missing);
  }

  @Test
  void report_storeWithSessions_sectionChartsRenderInChromium() throws IOException {
    Path db = temp.resolve("store.duckdb");
    assertThat(scan(db).code()).isZero();
    Path page = temp.resolve("report.html");

    CliRun report = CliRun.run("report", "--db", db.toString(), "--out", page.toString());

    assertThat(report.code()).as(report.err()).isZero();
    String html = Files.readString(page);
    assertThat(html)
        .contains("<section id=\"sessions\">")
        .contains("<td class=\"text\">claude-sonnet-4-6</td><td>5</td>")
        .contains("<td class=\"text\">0.116.0</td>")
        .contains("<tr><th>2026-03-16</th><td class=\"text\">claude-sonnet-4-6</td><td>1,080</td>");
    String dom = new HeadlessChromium(temp).dumpDom(page);
    assertThat(dom).doesNotContain("class=\"js-error\"");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-charts-expected")).isEqualTo("4");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-charts-rendered")).isEqualTo("4");
    List<String> charts = new ArrayList<>();
    Matcher matcher = CHART_WITH_SVG.matcher(dom);
    while (matcher.find()) {
      charts.add(matcher.group(1));
    }
    assertThat(charts)
        .containsExactly(
            "sessionsInterventions", "sessionsAutonomy", "sessionsDelegation", "sessionsSuccess");
  }

  @Test
  void report_storeWithoutSessions_noSessionsSection() throws IOException {
    Path db = temp.resolve("store.duckdb");
    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertThat(CliRun.run("scan", "--sessions", empty.toString(), "--db", db.toString()).code())
        .isZero();
    CliRun report = CliRun.run("report", "--db", db.toString(), "--format", "json", "--out", "-");

    assertThat(report.code()).isEqualTo(2);
    assertThat(report.err()).contains("has no scanned repositories");
  }
}
