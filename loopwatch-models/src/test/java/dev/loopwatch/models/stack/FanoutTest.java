package dev.loopwatch.models.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanoutTest {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  /** A model that answers with its request's text, holding each call briefly to overlap them. */
  private Model echo() {
    ModelSpec spec = ModelSpec.of("echo", Provider.REPLAY, "echo", "");
    return new Model() {
      @Override
      public ModelSpec spec() {
        return spec;
      }

      @Override
      public Response complete(Request request) {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        return new Response(
            request.messages().getFirst().content(),
            List.of(),
            "end_turn",
            "echo",
            Optional.empty(),
            Duration.ZERO,
            Optional.empty(),
            false);
      }
    };
  }

  @Test
  void completeAll_manyRequests_inOrderAndBounded() {
    List<Request> requests =
        IntStream.range(0, 60).mapToObj(i -> Request.of("", "q" + i, 8)).toList();

    List<Outcome> outcomes = Fanout.completeAll(echo(), requests, 4);

    assertThat(outcomes)
        .extracting(o -> ((Outcome.Answered) o).response().content())
        .containsExactlyElementsOf(IntStream.range(0, 60).mapToObj(i -> "q" + i).toList());
    assertThat(mostInFlight.get()).isBetween(1, 4);
  }

  @Test
  void completeAll_maxCalls_keepsWhatWasDoneAndReportsTheRestOverBudget() {
    Spend spend = new Spend();
    Model budgeted =
        new BudgetedModel(
            echo(),
            Budget.of(OptionalDouble.empty(), OptionalLong.of(5)),
            spend,
            Prices.defaults());
    List<Request> requests =
        IntStream.range(0, 12).mapToObj(i -> Request.of("", "q" + i, 8)).toList();

    List<Outcome> outcomes = Fanout.completeAll(budgeted, requests, 3);

    assertThat(outcomes.stream().filter(o -> o instanceof Outcome.Answered)).hasSize(5);
    assertThat(outcomes)
        .filteredOn(o -> o instanceof Outcome.Failed)
        .hasSize(7)
        .allSatisfy(o ->
            assertThat(((Outcome.Failed) o).failure().error())
                .isInstanceOf(ModelError.OverBudget.class));
    assertThat(spend.summary().calls()).isEqualTo(5);
    assertThat(spend.summary().refusedByBudget()).isEqualTo(7);
  }
}
