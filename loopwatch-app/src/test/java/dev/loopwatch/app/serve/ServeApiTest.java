package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of a real server on loopback over a store scanned from a real repository. */
class ServeApiTest {
  @TempDir static Path temp;

  private static ServeFixture fixture;
  private static ServeCommand.Serving serving;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = ServeFixture.create(temp);
    serving = ServeFixture.serve(Map.of(), "--db", fixture.store.toString(), "--port", "0");
  }

  @AfterAll
  static void stop() {
    serving.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(serving.url()).resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return Json.mapper().readTree(response.body());
  }

  @Test
  void repositories_scannedStore_listsTheRepositoryWithItsChanges() throws Exception {
    JsonNode repos = json("/api/v1/repositories").get("repos");

    assertThat(repos).hasSize(1);
    assertThat(repos.get(0).get("name").asText()).isEqualTo("repo");
    assertThat(repos.get(0).get("changes").asLong()).isEqualTo(6);
  }

  @Test
  void metricsMonths_twoMonths_bucketsWithAiAndAllLines() throws Exception {
    JsonNode months = json("/api/v1/metrics/months");

    assertThat(months.get("granularity").asText()).isEqualTo("MONTH");
    JsonNode buckets = months.get("shareOverTime");
    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0).get("start").asText()).isEqualTo("2026-01-01");
    assertThat(buckets.get(0).get("changes").asLong()).isEqualTo(3);
    assertThat(buckets.get(0).get("addedLines").asLong()).isEqualTo(21);
    assertThat(buckets.get(0).get("aiMedium").asLong() + buckets.get(0).get("aiStrong").asLong())
        .isEqualTo(20);
  }

  @Test
  void ladder_bundledPhases_threeChangesAMonthAreTooFewForP1() throws Exception {
    JsonNode months = json("/api/v1/ladder").get("months");

    // 20 of 21 lines are AI each month, but resampling three changes can draw the human one
    // three times, so the interval reaches 0 and straddles P1's 5%.
    assertThat(months).hasSize(2);
    assertThat(months.get(0).get("phase").isNull()).isTrue();
    assertThat(months.get(1).get("phase").isNull()).isTrue();
    assertThat(months.get(1).get("checks").get(1).get("reason").asText())
        .contains("the interval straddles 5%");
  }

  @Test
  void changes_monthFilter_thatMonthsChangesNewestFirst() throws Exception {
    JsonNode page = json("/api/v1/changes?month=2026-02&repo=repo");

    assertThat(page.get("total").asLong()).isEqualTo(3);
    List<String> subjects = new ArrayList<>();
    page.get("changes").forEach(c -> subjects.add(c.get("subject").asText()));
    assertThat(subjects).containsExactly("add exporter", "note a decision", "add printer");
    assertThat(page.get("changes").get(0).get("aiLines").asLong()).isEqualTo(10);
    assertThat(page.get("changes").get(1).get("aiLines").asLong()).isZero();
  }

  @Test
  void changes_secondPageOfTwo_holdsTheOldestChanges() throws Exception {
    JsonNode page = json("/api/v1/changes?per-page=4&page=2");

    assertThat(page.get("total").asLong()).isEqualTo(6);
    assertThat(page.get("changes")).hasSize(2);
    assertThat(page.get("changes").get(1).get("subject").asText()).isEqualTo("add parser");
  }

  @Test
  void changes_malformedMonth_400NamingIt() throws Exception {
    HttpResponse<String> response = get("/api/v1/changes?month=February");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(response.body()).get("error").asText())
        .isEqualTo("month must be YYYY-MM: 'February'");
  }

  @Test
  void change_knownSha_filesAndAiCredits() throws Exception {
    String sha = fixture.shas.get("add lexer");

    JsonNode change = json("/api/v1/changes/" + sha);

    assertThat(change.get("change").get("subject").asText()).isEqualTo("add lexer");
    assertThat(change.get("files")).hasSize(1);
    assertThat(change.get("files").get(0).get("path").asText()).isEqualTo("src/lexer.txt");
    assertThat(change.get("credits")).isNotEmpty();
    assertThat(change.get("credits").get(0).get("agent").asText()).containsIgnoringCase("claude");
  }

  @Test
  void change_unknownOrMalformedSha_404And400() throws Exception {
    assertThat(get("/api/v1/changes/" + "0".repeat(40)).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/changes/HEAD").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/changes/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);
  }

  @Test
  void sessions_storeWithoutSessions_404() throws Exception {
    assertThat(get("/api/v1/sessions").statusCode()).isEqualTo(404);
  }

  @Test
  void postScans_noTokenConfigured_403() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(serving.url() + "api/v1/scans"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void anyRequest_foreignHostHeader_403() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", serving.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api/v1/ladder HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
    }
  }

  @Test
  void assets_unknownName_404AndNoCorsHeader() throws Exception {
    HttpResponse<String> response = get("/assets/..%2Fpom.xml");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/ladder").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void metrics_afterRequests_countsThemPerRoute() throws Exception {
    json("/api/v1/ladder");

    String text = get("/metrics").body();

    assertThat(text)
        .contains("# TYPE loopwatch_http_requests_total counter")
        .containsPattern(
            "loopwatch_http_requests_total\\{route=\"/api/v1/ladder\",method=\"GET\",status=\"200\"\\} \\d+");
  }

  @Test
  void openApi_everyGetRoute_answersAsItsSchemaSays() throws Exception {
    JsonNode document = json("/api/v1/openapi.json");
    SchemaCheck schemas = new SchemaCheck(document);
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      JsonNode get = path.getValue().get("get");
      if (get == null || path.getKey().endsWith("/events")) {
        continue;
      }
      String url = path.getKey().replace("{sha}", fixture.shas.get("add parser"));
      HttpResponse<String> response = get(url);
      JsonNode answer = get.get("responses").get(Integer.toString(response.statusCode()));
      if (answer == null) {
        problems.add(url + ": status " + response.statusCode() + " is not documented");
        continue;
      }
      JsonNode schema = answer.get("content").get("application/json").get("schema");
      for (String problem : schemas.check(schema, Json.mapper().readTree(response.body()))) {
        problems.add(url + " " + problem);
      }
      checked++;
    }

    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void openApi_documentedRoutes_areExactlyTheServedApiRoutes() throws Exception {
    JsonNode document = json("/api/v1/openapi.json");
    TreeSet<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        documented.add(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }

    TreeSet<String> served = new TreeSet<>();
    serving.routes().stream().filter(r -> r.contains(" /api/")).forEach(served::add);

    assertThat(served).isEqualTo(documented);
  }
}
