package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The compute declared for a statement's period.
 *
 * @param flop the floating-point operations, a non-negative integer of any size
 * @param acceleratorHours the accelerator-hours, a non-negative exact decimal
 * @param method how the numbers were obtained
 */
public record Compute(BigInteger flop, BigDecimal acceleratorHours, EstimationMethod method) {
  /** Checks the fields are present and non-negative, and normalizes the decimal. */
  public Compute {
    requireNonNull(flop, "flop is null");
    requireNonNull(acceleratorHours, "acceleratorHours is null");
    requireNonNull(method, "method is null");
    if (flop.signum() < 0) {
      throw new IllegalArgumentException("flop is negative: " + flop);
    }
    if (acceleratorHours.signum() < 0) {
      throw new IllegalArgumentException("acceleratorHours is negative: " + acceleratorHours);
    }
    acceleratorHours = CanonicalJson.normalize(acceleratorHours);
  }
}
