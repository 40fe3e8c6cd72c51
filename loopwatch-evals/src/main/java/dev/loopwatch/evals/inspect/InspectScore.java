package dev.loopwatch.evals.inspect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One scorer's score of one sample ({@code Score} in inspect_ai {@code scorer/_metric.py}).
 *
 * @param value the score's value as written: a string, number, boolean, list or object
 * @param answer the answer the scorer extracted, when written
 */
public record InspectScore(JsonNode value, Optional<String> answer) {
  /** Checks the fields and keeps a copy of the value. */
  public InspectScore {
    requireNonNull(value, "value is null");
    requireNonNull(answer, "answer is null");
    value = value.deepCopy();
  }

  /** The value as written (a copy). */
  @Override
  public JsonNode value() {
    return value.deepCopy();
  }

  /**
   * The value as a number, with the rules of Inspect's default {@code value_to_float}: numbers and
   * booleans as they are (a {@code NaN} written by Inspect stays {@code NaN}); {@code "C"} 1,
   * {@code "P"} 0.5, {@code "I"} and {@code "N"} 0; the strings yes/true 1 and no/false 0 in any
   * case; a string holding a finite number that number. Anything else (a list, an object, other
   * text) has no number.
   */
  public OptionalDouble number() {
    if (value.isNumber() || value.isBoolean()) {
      return OptionalDouble.of(
          value.isBoolean() ? (value.booleanValue() ? 1 : 0) : value.doubleValue());
    }
    if (!value.isTextual()) {
      return OptionalDouble.empty();
    }
    String text = value.textValue();
    switch (text) {
      case "C" -> {
        return OptionalDouble.of(1);
      }
      case "P" -> {
        return OptionalDouble.of(0.5);
      }
      case "I", "N" -> {
        return OptionalDouble.of(0);
      }
      default -> {}
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("yes") || lower.equals("true")) {
      return OptionalDouble.of(1);
    }
    if (lower.equals("no") || lower.equals("false")) {
      return OptionalDouble.of(0);
    }
    try {
      double number = Double.parseDouble(lower.strip());
      return Double.isFinite(number) && !lower.endsWith("d") && !lower.endsWith("f")
          ? OptionalDouble.of(number)
          : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
