package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store holding only agent transcripts (the sessions test corpus, stored by a real {@code
 * loopwatch scan --sessions}): the sessions page draws its charts in a real Chromium with no
 * console errors, and {@code GET /api/v1/sessions} answers as the OpenAPI document says.
 */
class ServeSessionsTest {
  @TempDir static Path temp;

  private static ServeCommand.Serving serving;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path db = temp.resolve("sessions.duckdb");
    Path transcripts =
        Path.of(ServeSessionsTest.class.getResource("/dev/loopwatch/app/sessions/claude").toURI());
    CliRun scan = CliRun.run("scan", "--sessions", transcripts.toString(), "--db", db.toString());
    assertThat(scan.code()).as(scan.err()).isZero();
    serving = ServeFixture.serve(Map.of(), "--db", db.toString(), "--port", "0");
  }

  @AfterAll
  static void stop() {
    serving.close();
  }

  @Test
  void sessions_transcriptsStored_totalsMatchTheOpenApiSchema() throws Exception {
    HttpResponse<String> answer =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(serving.url() + "api/v1/sessions")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode document =
        Json.mapper()
            .readTree(
                CLIENT
                    .send(
                        HttpRequest.newBuilder(URI.create(serving.url() + "api/v1/openapi.json"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode sessions = Json.mapper().readTree(answer.body());
    assertThat(sessions.get("totals").get("sessions").asInt()).isPositive();
    assertThat(
            new SchemaCheck(document)
                .check(document.get("components").get("schemas").get("Sessions"), sessions))
        .isEmpty();
  }

  @Test
  void sessionsPage_inChromium_chartsDrawnWithoutConsoleErrors() throws Exception {
    try (BrowserSession browser = BrowserSession.start(temp.resolve("profile"))) {
      assertThat(browser.open(serving.url(), "/sessions")).isEmpty();

      assertThat(browser.attribute("data-charts-expected")).isEqualTo("2");
      assertThat(browser.attribute("data-charts-rendered")).isEqualTo("2");
      assertThat(browser.text("session-totals")).contains("Tool calls per human turn");
    }
  }
}
