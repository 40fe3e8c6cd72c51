package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Sends many requests to one model with at most {@code parallelism} in flight, on virtual threads
 * bounded by a {@link Semaphore}: model calls are blocking I/O, so the bound is the provider's
 * concurrency, not the cores. Every request gets an {@link Outcome}, in order; a failure or a
 * budget refusal of one request does not stop the others, so a run keeps everything done before its
 * budget ran out.
 */
public final class Fanout {
  private Fanout() {}

  /** The outcome of each of {@code requests}, in order. */
  public static List<Outcome> completeAll(Model model, List<Request> requests, int parallelism) {
    requireNonNull(model, "model is null");
    requireNonNull(requests, "requests is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    Semaphore slots = new Semaphore(parallelism);
    List<Future<Outcome>> futures = new ArrayList<>(requests.size());
    try (ExecutorService workers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lw-model-", 0).factory())) {
      for (Request request : requests) {
        futures.add(
            workers.submit(() -> {
              slots.acquire();
              try {
                return new Outcome.Answered(model.complete(request));
              } catch (ModelException e) {
                return new Outcome.Failed(e);
              } finally {
                slots.release();
              }
            }));
      }
      List<Outcome> outcomes = new ArrayList<>(requests.size());
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return List.copyOf(outcomes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + model.spec().name(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
