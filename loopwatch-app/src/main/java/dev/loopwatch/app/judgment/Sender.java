package dev.loopwatch.app.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.stack.Fanout;
import dev.loopwatch.models.stack.ModelStack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How one model of a run gets its requests: one call each, at most {@code parallelism} in flight,
 * or, when its {@code [models.NAME]} table says {@code batch = true}, one Message Batches job at
 * half price whose retryable failures are then sent again one call each (with retries).
 */
final class Sender {
  private final ModelStack stack;
  private final Model model;
  private final int parallelism;
  private final Duration pollEvery;
  private final PrintWriter err;

  /** Sends to {@code model}, opened from {@code stack}; batch notices go to {@code err}. */
  Sender(ModelStack stack, Model model, int parallelism, Duration pollEvery, PrintWriter err) {
    this.stack = requireNonNull(stack, "stack is null");
    this.model = requireNonNull(model, "model is null");
    this.parallelism = parallelism;
    this.pollEvery = requireNonNull(pollEvery, "pollEvery is null");
    this.err = requireNonNull(err, "err is null");
  }

  /** The model's settings. */
  ModelSpec spec() {
    return model.spec();
  }

  /** One outcome per request, in order. */
  List<Outcome> send(List<Request> requests) {
    if (!model.spec().batch() || requests.isEmpty()) {
      return Fanout.completeAll(model, requests, parallelism);
    }
    err.printf(
        "sending %d requests to '%s' as a Message Batch (polled every %d s; a batch may take up"
            + " to 24 h)%n",
        requests.size(), model.spec().name(), pollEvery.toSeconds());
    err.flush();
    List<Outcome> outcomes = new ArrayList<>(stack.completeBatch(spec(), requests, pollEvery));
    List<Integer> again = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof Outcome.Failed failed
          && failed.failure().error() instanceof ModelError.Retryable) {
        again.add(i);
      }
    }
    if (!again.isEmpty()) {
      err.printf(
          "%d requests of the batch failed for a retryable reason; sending them one by one%n",
          again.size());
      err.flush();
      List<Outcome> resent =
          Fanout.completeAll(model, again.stream().map(requests::get).toList(), parallelism);
      for (int k = 0; k < again.size(); k++) {
        outcomes.set(again.get(k), resent.get(k));
      }
    }
    return outcomes;
  }
}
