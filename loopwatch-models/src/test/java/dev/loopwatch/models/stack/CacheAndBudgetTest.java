package dev.loopwatch.models.stack;

import static dev.loopwatch.models.stack.ProvidersOverHttpTest.ANTHROPIC_OK;
import static dev.loopwatch.models.stack.ProvidersOverHttpTest.ENV;
import static dev.loopwatch.models.stack.ProvidersOverHttpTest.KEY;
import static dev.loopwatch.models.stack.ProvidersOverHttpTest.OPENAI_OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.models.FakeProvider;
import dev.loopwatch.models.FakeProvider.Reply;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheAndBudgetTest {
  @TempDir Path temp;

  private static ModelStack stack(Optional<ResponseCache> cache, Budget budget, Clock clock) {
    return ModelStack.of(ENV, Prices.defaults(), cache, budget, duration -> {}, clock);
  }

  @Test
  void complete_sameRequestTwice_secondFromDuckDbCacheAtNoCost() throws Exception {
    Path db = temp.resolve("lw.duckdb");
    List<String> logged = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(
                java.text.MessageFormat.format(
                        String.valueOf(record.getMessage()),
                        record.getParameters() == null ? new Object[0] : record.getParameters())
                    + " "
                    + record.getThrown());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    Level before = root.getLevel();
    root.addHandler(handler);
    root.setLevel(Level.ALL);
    try (FakeProvider server =
        FakeProvider.start(
            Reply.status(500, "{\"error\":{\"message\":\"flaky\"}}", java.util.Map.of()),
            Reply.ok(ANTHROPIC_OK))) {
      ModelSpec spec = ProvidersOverHttpTest.anthropic(server);
      Request request = Request.of("sys", "Same question", 100);
      ModelStack first;
      Response cold;
      try (Store store = Store.open(db, List.of(ResponseCache.PART));
          ResponseCache cache = new ResponseCache(store)) {
        first = stack(Optional.of(cache), Budget.unlimited(), Clock.systemUTC());
        cold = first.open(spec).complete(request);
      }
      ModelStack second;
      Response warm;
      try (Store store = Store.open(db, List.of(ResponseCache.PART))) {
        second =
            stack(Optional.of(new ResponseCache(store)), Budget.unlimited(), Clock.systemUTC());
        warm = second.open(spec).complete(request);
      }

      assertThat(cold.fromCache()).isFalse();
      assertThat(warm.fromCache()).isTrue();
      assertThat(warm.content()).isEqualTo(cold.content());
      assertThat(warm.usage()).isEqualTo(cold.usage());
      assertThat(server.received()).hasSize(2); // the 500 and the one real answer
      assertThat(second.cost(spec, warm)).hasValue(0.0);
      assertThat(second.spend().cacheHits()).isEqualTo(1);
      assertThat(second.spend().calls()).isZero();
      assertThat(second.spend().costAvoidedUsd()).isEqualTo(first.spend().costUsd()).isPositive();
    } finally {
      root.removeHandler(handler);
      root.setLevel(before);
    }
    byte[] bytes = Files.readAllBytes(db);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
        .doesNotContain(KEY)
        .contains("Fine.");
    assertThat(logged)
        .anyMatch(line -> line.startsWith("retry 1 of 4 in ") && line.contains("HTTP 500: flaky"))
        .noneMatch(line -> line.contains(KEY));
  }

  @Test
  void complete_sameRequestBeforeBatchIsWritten_servedFromMemory() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK));
        Store store = Store.open(temp.resolve("m.duckdb"), List.of(ResponseCache.PART));
        ResponseCache cache = new ResponseCache(store)) {
      Model model =
          stack(Optional.of(cache), Budget.unlimited(), Clock.systemUTC())
              .open(ProvidersOverHttpTest.openai(server, "gpt-5"));
      model.complete(Request.of("", "Hi", 8));

      Response again = model.complete(Request.of("", "Hi", 8));

      assertThat(again.fromCache()).isTrue();
      assertThat(server.received()).hasSize(1);
      assertThat(ResponseCache.countsByModelName(store)).isEmpty(); // still in memory
      cache.flush();
      assertThat(ResponseCache.countsByModelName(store)).containsEntry("cand", 1L);
    }
  }

  @Test
  void complete_cachedRowOlderThanExpiry_callsAgain() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK));
        Store store = Store.open(temp.resolve("e.duckdb"), List.of(ResponseCache.PART));
        ResponseCache cache = new ResponseCache(store)) {
      ModelSpec spec =
          ProvidersOverHttpTest.openai(server, "gpt-5").withCache(true, Duration.ofHours(1));
      Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
      stack(Optional.of(cache), Budget.unlimited(), Clock.fixed(t0, ZoneOffset.UTC))
          .open(spec)
          .complete(Request.of("", "Hi", 8));

      Response later =
          stack(
                  Optional.of(cache),
                  Budget.unlimited(),
                  Clock.fixed(t0.plus(Duration.ofHours(2)), ZoneOffset.UTC))
              .open(spec)
              .complete(Request.of("", "Hi", 8));

      assertThat(later.fromCache()).isFalse();
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void cacheKey_differentModelOrBaseUrl_differs_keyEnvIgnored() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      ModelSpec spec = ProvidersOverHttpTest.openai(server, "gpt-5");
      Request request = Request.of("", "Hi", 8);
      String key = dev.loopwatch.models.CanonicalRequest.cacheKey(spec, request);

      assertThat(
              dev.loopwatch.models.CanonicalRequest.cacheKey(spec.withApiKeyEnv("OTHER"), request))
          .isEqualTo(key);
      assertThat(
              dev.loopwatch.models.CanonicalRequest.cacheKey(
                  ProvidersOverHttpTest.openai(server, "gpt-5-mini"), request))
          .isNotEqualTo(key);
      assertThat(
              dev.loopwatch.models.CanonicalRequest.cacheKey(
                  ModelSpec.of("cand", spec.provider(), "gpt-5", "http://127.0.0.1:1/v1"), request))
          .isNotEqualTo(key);
      assertThat(dev.loopwatch.models.CanonicalRequest.cacheKey(spec, request.withTemperature(0.5)))
          .isNotEqualTo(key);
    }
  }

  @Test
  void complete_maxCallsReached_stopsCleanlyAsOverBudget() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      ModelStack stack =
          stack(
              Optional.empty(),
              Budget.of(OptionalDouble.empty(), OptionalLong.of(2)),
              Clock.systemUTC());
      Model model = stack.open(ProvidersOverHttpTest.openai(server, "gpt-5"));
      model.complete(Request.of("", "one", 8));
      model.complete(Request.of("", "two", 8));

      assertThatThrownBy(() -> model.complete(Request.of("", "three", 8)))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> assertThat(e.error()).isInstanceOf(ModelError.OverBudget.class));
      assertThat(server.received()).hasSize(2);
      assertThat(stack.spend().stoppedByBudget()).isTrue();
      assertThat(stack.spend().failures()).isZero();
    }
  }

  @Test
  void complete_worstCaseOverMaxCost_refusedBeforeSending() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      // gpt-5 output is $10/M: 1,000 max tokens are $0.01 worst case, over a $0.005 budget.
      ModelStack stack =
          stack(
              Optional.empty(),
              Budget.of(OptionalDouble.of(0.005), OptionalLong.empty()),
              Clock.systemUTC());
      Model model = stack.open(ProvidersOverHttpTest.openai(server, "gpt-5"));

      assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 1000)))
          .hasMessageStartingWith("model 'cand': budget of $0.0050 cannot cover");
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void complete_maxCost_settlesOnUsageSoLaterCallsFit() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      // Each call reserves ~$0.01 (1,000 output tokens) but costs $0.00280 by its usage.
      ModelStack stack =
          stack(
              Optional.empty(),
              Budget.of(OptionalDouble.of(0.0150), OptionalLong.empty()),
              Clock.systemUTC());
      Model model = stack.open(ProvidersOverHttpTest.openai(server, "gpt-5"));
      int done = 0;
      try {
        for (int i = 0; i < 10; i++) {
          model.complete(Request.of("", "question " + i, 1000));
          done++;
        }
      } catch (ModelException e) {
        assertThat(e.error()).isInstanceOf(ModelError.OverBudget.class);
      }

      // $0.0028 per call: after 2 calls $0.0056 spent, $0.0094 left < the ~$0.01 worst case.
      assertThat(done).isEqualTo(2);
      assertThat(stack.budget().spentUsd())
          .isCloseTo(0.0056, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void budgetOf_zero_userInputError() {
    assertThatThrownBy(() -> Budget.of(OptionalDouble.of(0), OptionalLong.empty()))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessage("--max-cost must be more than 0 US dollars: 0.0");
    assertThatThrownBy(() -> Budget.of(OptionalDouble.empty(), OptionalLong.of(0)))
        .hasMessage("--max-calls must be at least 1: 0");
  }

  @Test
  void open_maxCostForModelWithoutPrice_userInputError() throws Exception {
    try (FakeProvider server = FakeProvider.start(Reply.ok(OPENAI_OK))) {
      ModelStack stack =
          stack(
              Optional.empty(),
              Budget.of(OptionalDouble.of(1), OptionalLong.empty()),
              Clock.systemUTC());

      assertThatThrownBy(() -> stack.open(ProvidersOverHttpTest.openai(server, "my-local-llama")))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("(my-local-llama) has no price");
      assertThat(server.received()).isEmpty();
    }
  }
}
