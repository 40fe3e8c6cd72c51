package dev.loopwatch.models;

import static java.util.Objects.requireNonNull;

/** A failed model call, carrying why it failed. */
public final class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // The error records are never serialized.
  private final ModelError error;

  /** A failure of the model {@code name}. */
  public ModelException(String name, ModelError error) {
    super("model '" + name + "': " + requireNonNull(error, "error is null").message());
    this.error = error;
  }

  /** Why the call failed. */
  public ModelError error() {
    return error;
  }

  /** Whether a retry may succeed. */
  public boolean retryable() {
    return error instanceof ModelError.Retryable;
  }
}
