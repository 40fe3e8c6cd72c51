package dev.loopwatch.models.stack;

import static dev.loopwatch.models.stack.ProvidersOverHttpTest.ENV;
import static dev.loopwatch.models.stack.ProvidersOverHttpTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.models.FakeProvider;
import dev.loopwatch.models.FakeProvider.Reply;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Usage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnthropicBatchTest {
  @TempDir Path temp;

  private final List<Duration> sleeps = new ArrayList<>();

  private static final String MESSAGE =
      "{\"id\":\"msg_%d\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\","
          + "\"text\":\"answer %d\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1000,"
          + "\"output_tokens\":100,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}";

  private static List<Reply> job(FakeProvider server) {
    String results =
        // Out of order, as the API may return them; r1 errored.
        "{\"custom_id\":\"r2\",\"result\":{\"type\":\"succeeded\",\"message\":"
            + MESSAGE.formatted(2, 2)
            + "}}\n"
            + "{\"custom_id\":\"r1\",\"result\":{\"type\":\"errored\",\"error\":{\"type\":\"error\","
            + "\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens too large\"}}}}\n"
            + "{\"custom_id\":\"r0\",\"result\":{\"type\":\"succeeded\",\"message\":"
            + MESSAGE.formatted(0, 0)
            + "}}\n";
    return List.of(
        Reply.ok("{\"id\":\"msgbatch_1\",\"processing_status\":\"in_progress\"}"),
        Reply.ok("{\"id\":\"msgbatch_1\",\"processing_status\":\"in_progress\"}"),
        Reply.ok(
            "{\"id\":\"msgbatch_1\",\"processing_status\":\"ended\",\"results_url\":\""
                + "URL/v1/messages/batches/msgbatch_1/results\"}"),
        Reply.ok(results));
  }

  @Test
  void completeBatch_threeRequests_answersInOrderAtHalfPriceAndCached() throws Exception {
    try (FakeProvider server = FakeProvider.start()) {
      server.script(job(server));
      ModelSpec spec = ProvidersOverHttpTest.anthropic(server).withBatch(true);
      List<Request> requests =
          List.of(Request.of("", "q0", 100), Request.of("", "q1", 100), Request.of("", "q2", 100));
      List<Outcome> outcomes;
      SpendSummary spend;
      try (Store store = Store.open(temp.resolve("b.duckdb"), List.of(ResponseCache.PART));
          ResponseCache cache = new ResponseCache(store)) {
        ModelStack stack =
            ModelStack.of(
                ENV,
                Prices.defaults(),
                Optional.of(cache),
                Budget.unlimited(),
                sleeps::add,
                Clock.systemUTC());
        outcomes = stack.completeBatch(spec, requests, Duration.ofSeconds(30));
        spend = stack.spend();

        // The same batch again: the two answers come from the cache, only q1 is sent.
        server.script(
            List.of(
                Reply.ok(
                    "{\"id\":\"msgbatch_2\",\"processing_status\":\"ended\",\"results_url\":\""
                        + "URL/r\"}"),
                Reply.ok("{\"custom_id\":\"r0\",\"result\":{\"type\":\"expired\"}}\n")));
        List<Outcome> again = stack.completeBatch(spec, requests, Duration.ofSeconds(30));
        assertThat(again.get(0)).isInstanceOf(Outcome.Answered.class);
        assertThat(((Outcome.Answered) again.get(0)).response().fromCache()).isTrue();
        assertThat(again.get(1))
            .isInstanceOfSatisfying(
                Outcome.Failed.class, f -> assertThat(f.failure().retryable()).isTrue());
        assertThat(stack.spend().cacheHits()).isEqualTo(2);
      }

      assertThat(((Outcome.Answered) outcomes.get(0)).response().content()).isEqualTo("answer 0");
      assertThat(((Outcome.Answered) outcomes.get(2)).response().content()).isEqualTo("answer 2");
      assertThat(((Outcome.Answered) outcomes.get(2)).response().usage())
          .hasValue(new Usage(1000, 100, 0, 0));
      assertThat(outcomes.get(1))
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> {
                assertThat(f.failure().error()).isInstanceOf(ModelError.Rejected.class);
                assertThat(f.failure().getMessage())
                    .isEqualTo(
                        "model 'judge': batch msgbatch_1: invalid_request_error: max_tokens too large");
              });
      // Sonnet 4.5 at half price: (1000 * $3 + 100 * $15) / 1M / 2 = $0.00225 per answer.
      assertThat(spend.costUsd()).isCloseTo(2 * 0.00225, Offset.offset(1e-12));
      assertThat(spend.calls()).isEqualTo(2);
      assertThat(spend.failures()).isEqualTo(1);
      assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
      List<FakeProvider.Received> received = server.received();
      assertThat(received.get(0).path()).isEqualTo("/v1/messages/batches");
      assertThat(received.get(0).body())
          .contains("\"custom_id\":\"r0\"", "\"custom_id\":\"r2\"", "\"params\":{");
      assertThat(received.get(1).path()).isEqualTo("/v1/messages/batches/msgbatch_1");
      assertThat(received.get(3).path()).isEqualTo("/v1/messages/batches/msgbatch_1/results");
      assertThat(received).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(KEY));
      assertThat(received.get(4).body()).contains("\"custom_id\":\"r0\"").doesNotContain("r1");
    }
  }

  @Test
  void completeBatch_maxCalls_refusesTheRestBeforeSending() throws Exception {
    try (FakeProvider server = FakeProvider.start()) {
      server.script(
          List.of(
              Reply.ok(
                  "{\"id\":\"msgbatch_3\",\"processing_status\":\"ended\",\"results_url\":\"URL/r\"}"),
              Reply.ok(
                  "{\"custom_id\":\"r0\",\"result\":{\"type\":\"succeeded\",\"message\":"
                      + MESSAGE.formatted(0, 0)
                      + "}}\n")));
      ModelStack stack =
          ModelStack.of(
              ENV,
              Prices.defaults(),
              Optional.empty(),
              Budget.of(OptionalDouble.empty(), OptionalLong.of(1)),
              sleeps::add,
              Clock.systemUTC());

      List<Outcome> outcomes =
          stack.completeBatch(
              ProvidersOverHttpTest.anthropic(server).withBatch(true),
              List.of(Request.of("", "a", 10), Request.of("", "b", 10)),
              Duration.ofSeconds(1));

      assertThat(outcomes.get(0)).isInstanceOf(Outcome.Answered.class);
      assertThat(outcomes.get(1))
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> assertThat(f.failure().error()).isInstanceOf(ModelError.OverBudget.class));
      assertThat(stack.spend().stoppedByBudget()).isTrue();
      assertThat(server.received().getFirst().body())
          .contains("\"custom_id\":\"r0\"")
          .doesNotContain("r1");
    }
  }

  @Test
  void completeBatch_batchNotEnabled_userInputError() throws Exception {
    try (FakeProvider server = FakeProvider.start()) {
      ModelStack stack =
          ModelStack.of(
              ENV,
              Prices.defaults(),
              Optional.empty(),
              Budget.unlimited(),
              sleeps::add,
              Clock.systemUTC());

      assertThatThrownBy(() ->
              stack.completeBatch(
                  ProvidersOverHttpTest.anthropic(server),
                  List.of(Request.of("", "a", 10)),
                  Duration.ofSeconds(1)))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("set batch = true");
      assertThat(server.received()).isEmpty();
    }
  }
}
