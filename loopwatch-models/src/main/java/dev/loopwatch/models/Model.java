package dev.loopwatch.models;

/**
 * A language model that answers one request at a time; implementations are safe to call from many
 * threads at once.
 */
public interface Model {
  /** The configured model this instance calls. */
  ModelSpec spec();

  /**
   * Sends {@code request} and returns the answer.
   *
   * @throws ModelException when the provider fails, refuses, or the budget stops the call
   */
  Response complete(Request request);
}
