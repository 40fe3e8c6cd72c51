package dev.loopwatch.models.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.models.FakeProvider;
import dev.loopwatch.models.FakeProvider.Reply;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvidersOverHttpTest {
  static final String KEY = "sk-test-Zq81SECRETkey";
  static final Map<String, String> ENV = Map.of("FAKE_KEY", KEY);

  static final String OPENAI_OK =
      """
      {"id":"chatcmpl-7","object":"chat.completion","model":"gpt-5-2025-08-07",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},
                   "finish_reason":"stop"}],
       "usage":{"prompt_tokens":1000,"completion_tokens":200,
                "prompt_tokens_details":{"cached_tokens":400}}}
      """;

  static final String ANTHROPIC_OK =
      """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"Fine."}],"stop_reason":"end_turn",
       "usage":{"input_tokens":100,"output_tokens":50,
                "cache_creation_input_tokens":2000,"cache_read_input_tokens":0}}
      """;

  private final List<Duration> sleeps = new ArrayList<>();

  private ModelStack stack(Budget budget) {
    return ModelStack.of(
        ENV, Prices.defaults(), Optional.empty(), budget, sleeps::add, Clock.systemUTC());
  }

  static ModelSpec openai(FakeProvider server, String model) {
    return ModelSpec.of("cand", Provider.OPENAI, model, server.url() + "/v1")
        .withApiKeyEnv("FAKE_KEY");
  }

  static ModelSpec anthropic(FakeProvider server) {
    return ModelSpec.of("judge", Provider.ANTHROPIC, "claude-sonnet-4-5", server.url())
        .withApiKeyEnv("FAKE_KEY");
  }

  @Test
  void openai_recordedAnswer_usageSplitsCachedTokensAndCosts() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      ModelStack stack = stack(Budget.unlimited());
      ModelSpec spec = openai(server, "gpt-5");

      Response response = stack.open(spec).complete(Request.of("Be brief.", "Hi", 64).withSeed(7));

      assertThat(response.content()).isEqualTo("Hello there.");
      assertThat(response.stopReason()).isEqualTo("stop");
      assertThat(response.requestId()).hasValue("chatcmpl-7");
      assertThat(response.usage()).hasValue(new Usage(600, 200, 0, 400));
      // gpt-5: $1.25/M input, $10/M output, $0.125/M cache read.
      double expected = (600 * 1.25 + 200 * 10.0 + 400 * 0.125) / 1_000_000;
      assertThat(stack.cost(spec, response).orElseThrow()).isCloseTo(expected, within());
      assertThat(stack.spend().costUsd()).isCloseTo(expected, within());
      FakeProvider.Received request = server.received().getFirst();
      assertThat(request.path()).isEqualTo("/v1/chat/completions");
      assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
      assertThat(request.body())
          .contains(
              "\"max_tokens\":64", "\"seed\":7", "{\"content\":\"Be brief.\",\"role\":\"system\"}");
    }
  }

  @Test
  void openai_noUsage_costUnknownNotZero() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.ok(
                "{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"))) {
      ModelStack stack = stack(Budget.unlimited());
      ModelSpec spec = openai(server, "gpt-5");

      Response response = stack.open(spec).complete(Request.of("", "Hi", 8));

      assertThat(response.usage()).isEmpty();
      assertThat(stack.cost(spec, response)).isEmpty();
      assertThat(stack.spend().unknownCostCalls()).isEqualTo(1);
      assertThat(stack.spend().costUsd()).isZero();
    }
  }

  @Test
  void openai_modelWithoutPrice_costUnknown() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      ModelStack stack = stack(Budget.unlimited());
      ModelSpec spec = openai(server, "llama-3.1-8b-local");

      Response response = stack.open(spec).complete(Request.of("", "Hi", 8));

      assertThat(response.usage()).isPresent();
      assertThat(stack.cost(spec, response)).isEmpty();
      assertThat(stack.spend().unknownCostCalls()).isEqualTo(1);
    }
  }

  @Test
  void complete_429WithRetryAfter_waitsAsAskedThenSucceeds() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(
                429,
                "{\"error\":{\"type\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}",
                Map.of("retry-after", "3")),
            Reply.ok(OPENAI_OK))) {
      ModelStack stack = stack(Budget.unlimited());

      Response response = stack.open(openai(server, "gpt-5")).complete(Request.of("", "Hi", 8));

      assertThat(response.content()).isEqualTo("Hello there.");
      assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
      assertThat(stack.spend().retries()).isEqualTo(1);
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void complete_500ThenSuccess_retriedWithJitteredBackoff() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(500, "{\"error\":{\"message\":\"boom\"}}", Map.of()),
            Reply.status(502, "<html>bad gateway</html>", Map.of()),
            Reply.ok(OPENAI_OK))) {
      ModelStack stack = stack(Budget.unlimited());

      stack.open(openai(server, "gpt-5")).complete(Request.of("", "Hi", 8));

      assertThat(stack.spend().retries()).isEqualTo(2);
      assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
  }

  @Test
  void complete_malformedJsonThenSuccess_retried() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(Reply.ok("{\"choices\": [ {\"mess"), Reply.ok(OPENAI_OK))) {
      ModelStack stack = stack(Budget.unlimited());

      Response response = stack.open(openai(server, "gpt-5")).complete(Request.of("", "Hi", 8));

      assertThat(response.content()).isEqualTo("Hello there.");
      assertThat(stack.spend().retries()).isEqualTo(1);
    }
  }

  @Test
  void complete_truncatedBodyEveryTime_failsRetryableAfterRetries() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.truncated(OPENAI_OK.substring(0, 40)))) {
      ModelStack stack = stack(Budget.unlimited());
      Model model = stack.open(openai(server, "gpt-5").withMaxRetries(2));

      assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
          .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
      assertThat(server.received()).hasSize(3);
      assertThat(stack.spend().retries()).isEqualTo(2);
      assertThat(stack.spend().failures()).isEqualTo(1);
    }
  }

  @Test
  void complete_401EchoingKey_finalAtOnceWithProviderMessageAndKeyRedacted() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(
                401,
                "{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"Incorrect API key provided: "
                    + KEY
                    + ".\"}}",
                Map.of()))) {
      ModelStack stack = stack(Budget.unlimited());
      Model model = stack.open(openai(server, "gpt-5"));

      assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> {
                assertThat(e.error()).isInstanceOf(ModelError.Rejected.class);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "model 'cand': HTTP 401: invalid_api_key: Incorrect API key provided: ***.")
                    .doesNotContain(KEY);
              });
      assertThat(server.received()).hasSize(1);
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void complete_insufficientQuota429_final() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(
                429,
                "{\"error\":{\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\","
                    + "\"message\":\"You exceeded your current quota\"}}",
                Map.of()))) {
      Model model = stack(Budget.unlimited()).open(openai(server, "gpt-5"));

      assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
          .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isFalse());
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void anthropic_recordedAnswer_cacheBreakpointsHeadersAndCacheWriteCost() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(ANTHROPIC_OK))) {
      ModelStack stack = stack(Budget.unlimited());
      ModelSpec spec = anthropic(server);
      Request request =
          new Request(
              "You review code.",
              List.of(dev.loopwatch.models.Message.user("Look at this.")),
              List.of(),
              java.util.OptionalDouble.of(0.0),
              256,
              List.of("END"),
              java.util.OptionalLong.empty(),
              true);

      Response response = stack.open(spec).complete(request);

      assertThat(response.content()).isEqualTo("Fine.");
      assertThat(response.stopReason()).isEqualTo("end_turn");
      assertThat(response.usage()).hasValue(new Usage(100, 50, 2000, 0));
      // Sonnet 4.5: $3/M input, $15/M output, $3.75/M cache write.
      double expected = (100 * 3.0 + 50 * 15.0 + 2000 * 3.75) / 1_000_000;
      assertThat(stack.cost(spec, response).orElseThrow()).isCloseTo(expected, within());
      FakeProvider.Received received = server.received().getFirst();
      assertThat(received.path()).isEqualTo("/v1/messages");
      assertThat(received.header("x-api-key")).isEqualTo(KEY);
      assertThat(received.header("anthropic-version")).isEqualTo("2023-06-01");
      assertThat(received.body())
          .contains(
              "\"system\":[{\"cache_control\":{\"type\":\"ephemeral\"},\"text\":\"You review"
                  + " code.\",\"type\":\"text\"}]",
              "\"stop_sequences\":[\"END\"]",
              "\"max_tokens\":256")
          .doesNotContain("seed");
    }
  }

  @Test
  void anthropic_529OverloadedThenSuccess_retried() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                Map.of()),
            Reply.ok(ANTHROPIC_OK))) {
      ModelStack stack = stack(Budget.unlimited());

      stack.open(anthropic(server)).complete(Request.of("", "Hi", 8));

      assertThat(stack.spend().retries()).isEqualTo(1);
      assertThat(stack.spend().calls()).isEqualTo(1);
    }
  }

  @Test
  void anthropic_404UnknownModel_finalWithProviderMessage() throws Exception {
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(
                404,
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model:"
                    + " claude-nope\"}}",
                Map.of()))) {
      Model model = stack(Budget.unlimited()).open(anthropic(server));

      assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
          .hasMessage("model 'judge': HTTP 404: not_found_error: model: claude-nope");
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void toolCalls_bothProviders_parsedAndToolsSent() throws Exception {
    String anthropicTool =
        "{\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},{\"type\":\"tool_use\","
            + "\"id\":\"toolu_1\",\"name\":\"grep\",\"input\":{\"pattern\":\"TODO\"}}],"
            + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
    String openaiTool =
        "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"grep\","
            + "\"arguments\":\"{\\\"pattern\\\":\\\"TODO\\\"}\"}}]},"
            + "\"finish_reason\":\"tool_calls\"}]}";
    dev.loopwatch.models.Tool grep =
        new dev.loopwatch.models.Tool(
            "grep",
            "Search the files",
            "{\"type\":\"object\",\"properties\":{\"pattern\":{\"type\":\"string\"}}}");
    Request request =
        new Request(
            "",
            List.of(dev.loopwatch.models.Message.user("Find the TODOs")),
            List.of(grep),
            java.util.OptionalDouble.empty(),
            64,
            List.of(),
            java.util.OptionalLong.empty(),
            false);
    try (FakeProvider claude = FakeProvider.start(Reply.ok(anthropicTool));
        FakeProvider gpt = FakeProvider.start(Reply.ok(openaiTool))) {
      ModelStack stack = stack(Budget.unlimited());

      Response fromClaude = stack.open(anthropic(claude)).complete(request);
      Response fromGpt = stack.open(openai(gpt, "gpt-5")).complete(request);

      dev.loopwatch.models.ToolCall expectedClaude =
          new dev.loopwatch.models.ToolCall("toolu_1", "grep", "{\"pattern\":\"TODO\"}");
      assertThat(fromClaude.content()).isEqualTo("Let me look.");
      assertThat(fromClaude.toolCalls()).containsExactly(expectedClaude);
      assertThat(fromGpt.toolCalls())
          .containsExactly(
              new dev.loopwatch.models.ToolCall("call_1", "grep", "{\"pattern\":\"TODO\"}"));
      assertThat(fromGpt.stopReason()).isEqualTo("tool_calls");
      assertThat(fromGpt.content()).isEmpty();
      assertThat(claude.received().getFirst().body())
          .contains("\"tools\":[{\"description\":\"Search the files\",\"input_schema\":");
      assertThat(gpt.received().getFirst().body())
          .contains(
              "\"tools\":[{\"function\":{\"description\":\"Search the files\",\"name\":\"grep\"");
    }
  }

  @Test
  void complete_nothingListening_retryableWithTheReason() throws Exception {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ModelStack stack = stack(Budget.unlimited());
    Model model =
        stack.open(
            ModelSpec.of("cand", Provider.OPENAI, "gpt-5", "http://127.0.0.1:" + port + "/v1")
                .withMaxRetries(1));

    assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageStartingWith(
            "model 'cand': connection to http://127.0.0.1:" + port + "/v1 failed: ")
        .hasMessageNotContaining("null");
    assertThat(stack.spend().retries()).isEqualTo(1);
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
