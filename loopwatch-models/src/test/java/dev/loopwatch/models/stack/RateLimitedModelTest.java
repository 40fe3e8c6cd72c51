package dev.loopwatch.models.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedModelTest {
  /** A fake clock that moves only when the limiter sleeps. */
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private final List<Duration> sleeps = new ArrayList<>();

  private Model limited(OptionalInt rpm, OptionalLong tpm) {
    ModelSpec spec = ModelSpec.of("m", Provider.REPLAY, "m", "").withRateLimits(rpm, tpm);
    Model answering =
        new Model() {
          @Override
          public ModelSpec spec() {
            return spec;
          }

          @Override
          public Response complete(Request request) {
            return new Response(
                "ok",
                List.of(),
                "end_turn",
                "m",
                Optional.empty(),
                Duration.ZERO,
                Optional.empty(),
                false);
          }
        };
    return new RateLimitedModel(
        answering,
        duration -> {
          sleeps.add(duration);
          now.addAndGet(duration.toNanos());
        },
        now::get);
  }

  @Test
  void complete_requestsPerMinute_burstThenOneEveryPeriod() {
    Model model = limited(OptionalInt.of(2), OptionalLong.empty());

    for (int i = 0; i < 4; i++) {
      model.complete(Request.of("", "q" + i, 8));
    }

    // 2 per minute: two at once, then each waits 30 s of the fake clock.
    assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void complete_tokensPerMinute_waitsForTheMissingTokens() {
    // Each request: estimate (2 + 2) / 3 + 16 = 17 input tokens + 983 max tokens = 1,000.
    Model model = limited(OptionalInt.empty(), OptionalLong.of(1_500));

    model.complete(Request.of("", "q1", 983));
    model.complete(Request.of("", "q2", 983));

    // 500 tokens left after the first; 500 more at 1,500/min take 20 s.
    assertThat(sleeps).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void complete_noLimits_neverWaits() {
    Model model = limited(OptionalInt.empty(), OptionalLong.empty());

    for (int i = 0; i < 100; i++) {
      model.complete(Request.of("", "q", 8));
    }

    assertThat(sleeps).isEmpty();
  }
}
