package dev.loopwatch.app.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loopwatch.app.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
  private static final String ANSWER =
      """
      {"id":"chatcmpl-42","model":"gpt-5-mini","choices":[{"index":0,
       "message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":20,"completion_tokens":1}}
      """;

  @TempDir Path temp;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;
  private volatile String body = ANSWER;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          requests.incrementAndGet();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private Path config(String extra) throws IOException {
    Path file = temp.resolve("loopwatch.toml");
    Files.writeString(
        file,
        """
        [models.local]
        provider = "openai"
        model = "gpt-5-mini"
        base-url = "http://127.0.0.1:%d/v1"

        [models.judge]
        provider = "anthropic"
        model = "claude-sonnet-4-5"
        api-key-env = "LOOPWATCH_TEST_UNSET_KEY_VARIABLE"

        [models.pathy]
        provider = "openai"
        model = "gpt-5"
        api-key-env = "PATH"
        """
                .formatted(server.getAddress().getPort())
            + extra);
    return file;
  }

  @Test
  void list_configuredModels_showsKeyVariableStateNeverValue() throws IOException {
    CliRun run =
        CliRun.run(
            "models",
            "list",
            "--config",
            config("").toString(),
            "--db",
            temp.resolve("none.duckdb").toString());

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("local", "judge", "pathy", "http://127.0.0.1:")
        .contains("LOOPWATCH_TEST_UNSET_KEY_VARIABLE (NOT SET)")
        .contains("PATH (set)")
        .doesNotContain(System.getenv("PATH"));
    assertThat(requests.get()).isZero();
  }

  @Test
  void list_json_oneObjectPerModel() throws IOException {
    CliRun run = CliRun.run("models", "list", "--config", config("").toString(), "--json");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("\"name\" : \"judge\"", "\"apiKeySet\" : false");
  }

  @Test
  void check_localOpenAiServer_printsLatencyTokensCost() throws IOException {
    CliRun run = CliRun.run("models", "check", "local", "--config", config("").toString());

    assertThat(run.code()).as(run.err()).isZero();
    // gpt-5-mini: $0.25/M input, $2/M output: 20 * 0.25 + 1 * 2 = $0.000007.
    assertThat(run.out())
        .contains("answer    ok (stop: stop)", "latency   ", " ms")
        .contains("tokens    input 20, output 1, cache write 0, cache read 0")
        .contains("cost      $0.000007")
        .contains("request   chatcmpl-42");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void check_json_usageAndCost() throws IOException {
    CliRun run =
        CliRun.run("models", "check", "local", "--config", config("").toString(), "--json");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("\"stoppedByBudget\" : false", "\"costUsd\" : 7.0E-6");
  }

  @Test
  void check_tinyMaxCost_stoppedByBudgetNothingSent() throws IOException {
    CliRun run =
        CliRun.run(
            "models",
            "check",
            "local",
            "--config",
            config("").toString(),
            "--max-cost",
            "0.0000001");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("stopped_by_budget");
    assertThat(requests.get()).isZero();
  }

  @Test
  void check_badInput_oneLineExit2BeforeAnyRequest() throws IOException {
    String file = config("").toString();

    CliRun unknown = CliRun.run("models", "check", "nope", "--config", file);
    CliRun noKey = CliRun.run("models", "check", "judge", "--config", file);
    CliRun zero = CliRun.run("models", "check", "local", "--config", file, "--max-cost", "0");

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .isEqualTo(
            "loopwatch: no model 'nope' in "
                + file
                + " [models] (configured: local, judge, pathy)\n");
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.err())
        .startsWith(
            "loopwatch: model 'judge': environment variable LOOPWATCH_TEST_UNSET_KEY_VARIABLE is not set")
        .hasLineCount(1);
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("loopwatch: --max-cost must be more than 0 US dollars: 0.0\n");
    assertThat(requests.get()).isZero();
  }

  @Test
  void check_unknownProviderOrMalformedConfig_exit2NamesFileAndKey() throws IOException {
    Path bad = temp.resolve("bad.toml");
    Files.writeString(bad, "[models.x]\nprovider = \"gemini\"\nmodel = \"m\"\n");
    Path broken = temp.resolve("broken.toml");
    Files.writeString(
        broken, "[models.x]\nprovider = \"openai\"\ntimeout-seconds = \"soon\"\nmodel = \"m\"\n");

    CliRun unknown = CliRun.run("models", "check", "x", "--config", bad.toString());
    CliRun malformed = CliRun.run("models", "check", "x", "--config", broken.toString());

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(bad + ": 'models.x.provider' names an unknown provider 'gemini'");
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err())
        .isEqualTo("loopwatch: " + broken + ": 'models.x.timeout-seconds' must be a number\n");
  }

  @Test
  void check_providerRejectsModel_exit2WithProviderMessage() throws IOException {
    status = 404;
    body =
        "{\"error\":{\"message\":\"The model `gpt-5-mini` does not exist\",\"code\":\"model_not_found\"}}";

    CliRun run = CliRun.run("models", "check", "local", "--config", config("").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: model 'local': HTTP 404: model_not_found: The model `gpt-5-mini` does not"
                + " exist\n");
    assertThat(requests.get()).isEqualTo(1);
  }
}
