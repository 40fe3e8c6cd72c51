package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One indicator of a {@link PhaseReport}. Unmeasured is empty (JSON null), never 0.
 *
 * @param id the indicator id
 * @param value the estimate, an exact decimal; empty when unknown
 * @param ciLow the lower end of the 95% interval; empty when unknown, and whenever the value is
 * @param ciHigh the upper end of the 95% interval; empty when unknown, and whenever the value is
 * @param n the units the value is computed from, non-negative
 * @param coverage the share of the population the evidence covers; empty when not measured
 * @param source where the value is read from (a store table)
 * @param version the indicator definition's version, non-negative
 */
public record PhaseIndicator(
    String id,
    Optional<BigDecimal> value,
    Optional<BigDecimal> ciLow,
    Optional<BigDecimal> ciHigh,
    long n,
    Optional<BigDecimal> coverage,
    String source,
    long version) {
  /** Checks the fields, that an unknown value has no interval, and normalizes the decimals. */
  public PhaseIndicator {
    requireNonNull(id, "id is null");
    value = requireNonNull(value, "value is null").map(CanonicalJson::normalize);
    ciLow = requireNonNull(ciLow, "ciLow is null").map(CanonicalJson::normalize);
    ciHigh = requireNonNull(ciHigh, "ciHigh is null").map(CanonicalJson::normalize);
    coverage = requireNonNull(coverage, "coverage is null").map(CanonicalJson::normalize);
    requireNonNull(source, "source is null");
    if (n < 0) {
      throw new IllegalArgumentException("indicator " + id + ": n is negative: " + n);
    }
    if (version < 0) {
      throw new IllegalArgumentException("indicator " + id + ": version is negative: " + version);
    }
    if (value.isEmpty() && (ciLow.isPresent() || ciHigh.isPresent())) {
      throw new IllegalArgumentException("indicator " + id + ": an unknown value has no interval");
    }
  }
}
