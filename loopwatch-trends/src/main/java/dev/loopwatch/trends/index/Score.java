package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One benchmark score of one model.
 *
 * @param model the model's name (Epoch's {@code Model} column)
 * @param benchmark the benchmark's name
 * @param performance the normalised score, in [0, 1]
 * @param date the model's release date, when known
 * @param source where the score comes from, when known
 */
public record Score(
    String model,
    String benchmark,
    double performance,
    Optional<LocalDate> date,
    Optional<String> source) {
  /** Checks the fields. */
  public Score {
    requireNonNull(model, "model is null");
    requireNonNull(benchmark, "benchmark is null");
    requireNonNull(date, "date is null");
    requireNonNull(source, "source is null");
    if (!(performance >= 0 && performance <= 1)) {
      throw new IllegalArgumentException("performance must be in [0, 1]: " + performance);
    }
  }

  /** A score without date or source. */
  public static Score of(String model, String benchmark, double performance) {
    return new Score(model, benchmark, performance, Optional.empty(), Optional.empty());
  }
}
