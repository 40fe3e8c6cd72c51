package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

/** The outcome of one request of a batch: an answer or why there is none. */
public sealed interface Outcome {
  /**
   * The request was answered.
   *
   * @param response the answer
   */
  record Answered(Response response) implements Outcome {
    /** Checks for nulls. */
    public Answered {
      requireNonNull(response, "response is null");
    }
  }

  /**
   * The request failed or the budget refused it.
   *
   * @param failure why
   */
  record Failed(ModelException failure) implements Outcome {
    /** Checks for nulls. */
    public Failed {
      requireNonNull(failure, "failure is null");
    }
  }
}
