package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.trends.horizon.Interval;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One model's fitted index.
 *
 * @param model the model's name
 * @param date its release date (the latest date on its scores), when known
 * @param benchmarks the benchmarks it was scored on
 * @param capability the raw capability, on the scale where the anchor benchmark's difficulty is
 *     pinned
 * @param index the capability on the anchored scale (Epoch's ECI)
 * @param interval the bootstrap interval of {@code index}; empty without bootstrap and for the two
 *     scale anchors, whose values are fixed by definition
 * @param rmse the root mean squared residual of its scores
 * @param flags warnings, in enum order
 */
public record ModelIndex(
    String model,
    Optional<LocalDate> date,
    int benchmarks,
    double capability,
    double index,
    Optional<Interval> interval,
    double rmse,
    List<IndexFlag> flags) {
  /** Checks and copies the fields. */
  public ModelIndex {
    requireNonNull(model, "model is null");
    requireNonNull(date, "date is null");
    requireNonNull(interval, "interval is null");
    flags = List.copyOf(requireNonNull(flags, "flags is null"));
  }
}
