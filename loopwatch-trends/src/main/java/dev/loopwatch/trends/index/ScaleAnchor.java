package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

/**
 * A model whose index is fixed by definition, one of the two that set the scale.
 *
 * @param model the model's name
 * @param value its index, e.g. 130 for Claude 3.5 Sonnet on Epoch's scale
 */
public record ScaleAnchor(String model, double value) {
  /** Checks the fields. */
  public ScaleAnchor {
    requireNonNull(model, "model is null");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("anchor value must be finite: " + value);
    }
  }
}
