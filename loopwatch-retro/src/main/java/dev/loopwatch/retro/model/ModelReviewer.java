package dev.loopwatch.retro.model;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.Response;
import dev.loopwatch.retro.model.ModelAnswers.Read;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewRequest;
import dev.loopwatch.retro.review.Reviewer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A language model as a retro reviewer ({@code --reviewer model:NAME}): it gets the change as
 * {@link ReviewPrompt} builds it and must answer with findings as strict JSON ({@link
 * ModelAnswers}). An answer that cannot be read, or a call that fails after the retries, is a
 * reviewer error ({@link ReviewOutcome.Failed}), never "no findings"; a call the budget refuses is
 * {@link ReviewOutcome.StoppedByBudget}, as is every later review of the run.
 */
final class ModelReviewer implements Reviewer {
  private final String name;
  private final Model model;
  private final ModelRetro run;

  ModelReviewer(String name, Model model, ModelRetro run) {
    this.name = requireNonNull(name, "name is null");
    this.model = requireNonNull(model, "model is null");
    this.run = requireNonNull(run, "run is null");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ReviewOutcome review(ReviewRequest request) {
    requireNonNull(request, "request is null");
    long start = System.nanoTime();
    Optional<String> stopped = run.stopped();
    if (stopped.isPresent()) {
      return new ReviewOutcome.StoppedByBudget(stopped.get(), Duration.ZERO);
    }
    Response response;
    try {
      response = model.complete(ReviewPrompt.request(request));
    } catch (ModelException e) {
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      if (e.error() instanceof ModelError.OverBudget over) {
        run.stop(over.message());
        return new ReviewOutcome.StoppedByBudget(over.message(), wall);
      }
      ModelRetro.requireUsable(e);
      return new ReviewOutcome.Failed(e.getMessage(), wall, Optional.empty());
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    ModelCalls calls = run.calls(model.spec(), response);
    Read<List<Finding>> read = ModelAnswers.findings(response.content(), request.changedFiles());
    return switch (read) {
      case Read.Value<List<Finding>> value ->
          new ReviewOutcome.Reviewed(value.value(), wall, calls.knownCostUsd(), Optional.of(calls));
      case Read.Error<List<Finding>> error ->
          new ReviewOutcome.Failed(
              cut(response, ReviewPrompt.OUTPUT_TOKENS) + error.reason(),
              wall,
              calls.knownCostUsd(),
              Optional.of(calls));
    };
  }

  /** A note when the answer stopped at the output limit, which explains most broken answers. */
  static String cut(Response response, int limit) {
    return switch (response.stopReason()) {
      case "max_tokens", "length" -> "answer cut at the output limit (" + limit + " tokens): ";
      default -> "";
    };
  }
}
