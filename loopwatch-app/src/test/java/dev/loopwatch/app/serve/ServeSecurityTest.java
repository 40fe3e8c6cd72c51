package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens, scopes, bind addresses, scans inside the server with their events, and the lock a second
 * process meets: a real server with tokens over a store scanned from a real repository.
 */
class ServeSecurityTest {
  private static final String READ = "read-token-0123456789";
  private static final String SCAN = "scan-token-0123456789";

  @TempDir static Path temp;

  private static ServeFixture fixture;
  private static ServeCommand.Serving serving;
  private static Scans.Status startup;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = ServeFixture.create(temp);
    Path tokens = temp.resolve("tokens.txt");
    Files.writeString(tokens, "# dashboard tokens\n" + READ + "\n" + SCAN + " scan\n");
    serving =
        ServeFixture.serve(
            Map.of(),
            "--db",
            fixture.store.toString(),
            "--port",
            "0",
            "--token-file",
            tokens.toString(),
            "--scan",
            fixture.repository.toString());
    serving.scans().awaitIdle(Duration.ofSeconds(60));
    startup = serving.scans().status();
  }

  @AfterAll
  static void stop() {
    serving.close();
  }

  private static HttpResponse<String> send(String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(serving.url()).resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_withScan_firstScanRanInTheServerAndSucceeded() {
    assertThat(startup.id()).isEqualTo(1);
    assertThat(startup.trigger()).isEqualTo("startup");
    assertThat(startup.state()).as(startup.message()).isEqualTo(Scans.State.SUCCEEDED);
    assertThat(startup.message()).startsWith("repo: unchanged scan of main");
  }

  @Test
  void get_noToken_401WithBearerChallenge() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/ladder", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void get_wrongToken_401() throws Exception {
    assertThat(send("GET", "/api/v1/ladder", "read-token-0123456780").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/", "not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void get_readToken_200() throws Exception {
    assertThat(send("GET", "/api/v1/repositories", READ).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/ladder", READ).statusCode()).isEqualTo(200);
  }

  @Test
  void postScans_readToken_403() throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/scans", READ);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Json.mapper().readTree(response.body()).get("error").asText())
        .isEqualTo("starting a scan needs a token with the scan scope");
  }

  @Test
  void postScans_scanToken_202AndEventsAnnounceStartAndFinish() throws Exception {
    serving.scans().awaitIdle(Duration.ofSeconds(60));
    HttpRequest events =
        HttpRequest.newBuilder(URI.create(serving.url() + "api/v1/events"))
            .header("Authorization", "Bearer " + READ)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<InputStream> stream =
        CLIENT.send(events, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(reader.readLine()).isEqualTo(": connected");

      HttpResponse<String> started = send("POST", "/api/v1/scans", SCAN);

      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      long id = Json.mapper().readTree(started.body()).get("id").asLong();
      List<String> names = new ArrayList<>();
      JsonNode finished = null;
      String event = "";
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("event: ")) {
          event = line.substring("event: ".length());
          names.add(event);
        } else if (line.startsWith("data: ") && event.equals("scan-finished")) {
          finished = Json.mapper().readTree(line.substring("data: ".length()));
          break;
        }
      }
      assertThat(names).containsExactly("scan-started", "scan-finished");
      assertThat(finished).isNotNull();
      assertThat(finished.get("id").asLong()).isEqualTo(id);
      assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
      assertThat(finished.get("message").asText()).contains("repo: unchanged scan of main");
    }
  }

  @Test
  void scan_fromAnotherProcessWhileServing_oneLineNamingTheServersPid() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of("scan", fixture.repository.toString(), "--db", fixture.store.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err)
        .contains("is in use by process " + ProcessHandle.current().pid())
        .contains("wait for it or use another --db");
  }

  @Test
  void serve_nonLoopbackBindWithoutToken_exit2() {
    CliRun run =
        CliRun.run("serve", "--db", fixture.store.toString(), "--bind", "0.0.0.0", "--port", "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "loopwatch: --bind 0.0.0.0 is not a loopback address: give --token-file FILE or"
                + " $LOOPWATCH_TOKEN so that requests need a token");
  }

  @Test
  void serve_missingStore_exit2NamingIt() {
    Path missing = temp.resolve("missing.duckdb");

    CliRun run = CliRun.run("serve", "--db", missing.toString(), "--port", "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no store at " + missing);
  }

  @Test
  void serve_everyWithoutScan_exit2() {
    CliRun run =
        CliRun.run("serve", "--db", fixture.store.toString(), "--port", "0", "--every", "1h");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--every needs --scan PATH");
  }

  @Test
  void tokens_shortTokenOrUnknownScope_rejectedNamingTheLine() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Tokens.parse("short\n", "token file t")))
        .hasMessage("token file t line 1: a token needs at least 16 characters");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Tokens.parse("\nabcdefghijklmnopq admin\n", "token file t")))
        .hasMessage("token file t line 2: expected 'TOKEN' or 'TOKEN scan', found 2 words");
  }

  @Test
  void duration_units_parseAndRejectUnderAMinute() {
    assertThat(ServeCommand.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ServeCommand.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ServeCommand.duration("10s")))
        .hasMessage("--every must be at least 1m: '10s'");
  }
}
