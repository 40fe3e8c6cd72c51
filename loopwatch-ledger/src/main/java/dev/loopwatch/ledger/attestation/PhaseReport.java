package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a {@link StatementType#PHASE_REPORT} statement: the phase an organisation held in one
 * calendar month and the indicators the phase was decided on.
 *
 * @param phase the highest phase held (e.g. {@code P2}); empty when none is held (JSON null)
 * @param indicators the month's indicators, in the declarant's order, ids distinct, at least one
 * @param phasesVersion the {@code version} of the phases.toml the month was gated with
 */
public record PhaseReport(
    Optional<String> phase, List<PhaseIndicator> indicators, String phasesVersion) {
  /** Checks the fields: at least one indicator and no indicator id twice. */
  public PhaseReport {
    requireNonNull(phase, "phase is null");
    indicators = List.copyOf(requireNonNull(indicators, "indicators is null"));
    requireNonNull(phasesVersion, "phasesVersion is null");
    if (indicators.isEmpty()) {
      throw new IllegalArgumentException("a phase report needs at least one indicator");
    }
    Set<String> ids = new HashSet<>();
    for (PhaseIndicator indicator : indicators) {
      if (!ids.add(indicator.id())) {
        throw new IllegalArgumentException("indicator " + indicator.id() + " is listed twice");
      }
    }
  }
}
