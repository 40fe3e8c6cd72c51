package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import java.time.YearMonth;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One indicator's value for one month. Unmeasured is empty, never 0.
 *
 * @param id the indicator id (see {@link Definition})
 * @param month the calendar month (UTC)
 * @param value the estimate; empty when the store cannot answer
 * @param low the lower end of the 95% interval; empty with the value
 * @param high the upper end of the 95% interval; empty with the value
 * @param n the units the value is computed from (lines, sessions, tasks, timing pairs)
 * @param coverage the share of the population the evidence covers; empty when not measured
 * @param source the table the value is read from
 * @param version the definition's version
 * @param note why the value is unknown, or what it was taken from; empty when nothing to say
 */
public record Indicator(
    String id,
    YearMonth month,
    OptionalDouble value,
    OptionalDouble low,
    OptionalDouble high,
    long n,
    OptionalDouble coverage,
    String source,
    int version,
    Optional<String> note) {
  /** Checks for nulls. */
  public Indicator {
    requireNonNull(id, "id is null");
    requireNonNull(month, "month is null");
    requireNonNull(value, "value is null");
    requireNonNull(low, "low is null");
    requireNonNull(high, "high is null");
    requireNonNull(coverage, "coverage is null");
    requireNonNull(source, "source is null");
    requireNonNull(note, "note is null");
  }

  /** An indicator the store cannot answer for {@code month}, with the reason. */
  static Indicator unknown(Definition definition, YearMonth month, String reason) {
    return new Indicator(
        definition.id(),
        month,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        0,
        OptionalDouble.empty(),
        definition.source(),
        definition.version(),
        Optional.of(reason));
  }

  /** A measured indicator. */
  static Indicator measured(
      Definition definition,
      YearMonth month,
      double value,
      double low,
      double high,
      long n,
      OptionalDouble coverage,
      Optional<String> note) {
    return new Indicator(
        definition.id(),
        month,
        OptionalDouble.of(value),
        OptionalDouble.of(low),
        OptionalDouble.of(high),
        n,
        coverage,
        definition.source(),
        definition.version(),
        note);
  }
}
