package dev.loopwatch.models.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.store.Store;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCachePrefetchTest {
  private static final ModelSpec SPEC =
      ModelSpec.of("m", Provider.OPENAI, "gpt-5-mini", "http://127.0.0.1:1/v1");
  private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

  @TempDir Path temp;

  private static Response answer(String content) {
    return new Response(
        content,
        List.of(),
        "stop",
        "gpt-5-mini",
        Optional.of(new Usage(10, 2, 0, 0)),
        Duration.ofMillis(5),
        Optional.empty(),
        false);
  }

  @Test
  void prefetch_freshRows_areServedAndExpiredOrMissingAreNot() {
    Path db = temp.resolve("cache.duckdb");
    try (Store store = Store.open(db, List.of(ResponseCache.PART));
        ResponseCache cache = new ResponseCache(store)) {
      cache.put("old", SPEC, answer("stale"), NOW.minus(Duration.ofDays(30)));
      for (int i = 0; i < 700; i++) {
        cache.put("k" + i, SPEC, answer("a" + i), NOW);
      }
    }
    try (Store store = Store.open(db, List.of(ResponseCache.PART));
        ResponseCache cache = new ResponseCache(store)) {
      List<String> keys = IntStream.range(0, 700).mapToObj(i -> "k" + i).toList();
      cache.prefetch(
          Stream.concat(keys.stream(), Stream.of("old", "none")).toList(), Duration.ofDays(7), NOW);

      assertThat(cache.find("k699", SPEC, Duration.ofDays(7), NOW))
          .map(Response::content)
          .contains("a699");
      assertThat(cache.find("k0", SPEC, Duration.ofDays(7), NOW).orElseThrow().fromCache())
          .isTrue();
      assertThat(cache.find("old", SPEC, Duration.ofDays(7), NOW)).isEmpty();
      assertThat(cache.find("none", SPEC, Duration.ofDays(7), NOW)).isEmpty();
    }
  }
}
