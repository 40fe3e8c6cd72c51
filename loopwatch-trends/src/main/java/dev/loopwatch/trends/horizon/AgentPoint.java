package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * One agent's horizon at its release date, the input of the frontier and trend fits.
 *
 * @param agent the alias
 * @param released the release date
 * @param horizon the horizon in minutes, finite and non-negative
 */
public record AgentPoint(String agent, LocalDate released, double horizon) {
  /** Checks the fields. */
  public AgentPoint {
    requireNonNull(agent, "agent is null");
    requireNonNull(released, "released is null");
    if (!(horizon >= 0) || Double.isInfinite(horizon)) {
      throw new IllegalArgumentException(
          "horizon of " + agent + " must be finite and non-negative: " + horizon);
    }
  }
}
