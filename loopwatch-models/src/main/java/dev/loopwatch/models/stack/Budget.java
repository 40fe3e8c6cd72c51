package dev.loopwatch.models.stack;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A run's spending limit in US dollars and calls, shared by all its models. Before a call the worst
 * case is reserved (the input estimate plus {@code max_tokens} at list price); a call that does not
 * fit in what is left is refused; after the call the reservation is settled to the cost of the
 * reported usage (kept at the worst case when the usage is unknown) or released when the call
 * failed.
 */
public final class Budget {
  private final OptionalDouble maxCostUsd;
  private final OptionalLong maxCalls;
  private double spent;
  private double reserved;
  private long callsUsed;
  private long callsReserved;

  private Budget(OptionalDouble maxCostUsd, OptionalLong maxCalls) {
    this.maxCostUsd = maxCostUsd;
    this.maxCalls = maxCalls;
  }

  /** No limit. */
  public static Budget unlimited() {
    return new Budget(OptionalDouble.empty(), OptionalLong.empty());
  }

  /**
   * A limit of {@code maxCostUsd} dollars and {@code maxCalls} calls (either may be empty); a
   * user-input error when a limit is 0 or less, before anything is sent.
   */
  public static Budget of(OptionalDouble maxCostUsd, OptionalLong maxCalls) {
    if (maxCostUsd.isPresent()
        && !(maxCostUsd.getAsDouble() > 0 && Double.isFinite(maxCostUsd.getAsDouble()))) {
      throw LoopwatchException.userInput(
          "--max-cost must be more than 0 US dollars: " + maxCostUsd.getAsDouble());
    }
    if (maxCalls.isPresent() && maxCalls.getAsLong() < 1) {
      throw LoopwatchException.userInput("--max-calls must be at least 1: " + maxCalls.getAsLong());
    }
    return new Budget(maxCostUsd, maxCalls);
  }

  /** Whether a dollar limit is set (then every model needs a price). */
  public boolean limitsCost() {
    return maxCostUsd.isPresent();
  }

  /** A reserved slot of the budget. */
  public record Reservation(double worstCaseUsd) {}

  /**
   * Reserves one call costing at most {@code worstCaseUsd}, or refuses it naming the limit it would
   * pass.
   */
  public synchronized Result reserve(double worstCaseUsd) {
    if (maxCalls.isPresent() && callsUsed + callsReserved + 1 > maxCalls.getAsLong()) {
      return new Result.Refused(
          "budget of " + maxCalls.getAsLong() + " calls used up (" + callsUsed + " made)");
    }
    if (maxCostUsd.isPresent()) {
      double left = maxCostUsd.getAsDouble() - spent - reserved;
      if (worstCaseUsd > left) {
        return new Result.Refused(
            String.format(
                Locale.ROOT,
                "budget of $%.4f cannot cover this call's worst case $%.4f ($%.4f spent, $%.4f"
                    + " reserved by calls in flight)",
                maxCostUsd.getAsDouble(),
                worstCaseUsd,
                spent,
                reserved));
      }
    }
    reserved += worstCaseUsd;
    callsReserved++;
    return new Result.Reserved(new Reservation(worstCaseUsd));
  }

  /** The outcome of {@link #reserve}. */
  public sealed interface Result {
    /** The call may go ahead. */
    record Reserved(Reservation reservation) implements Result {}

    /** The call would go over the budget. */
    record Refused(String reason) implements Result {}
  }

  /** Settles a finished call at {@code costUsd} (empty: unknown, so the worst case is kept). */
  public synchronized void settle(Reservation reservation, OptionalDouble costUsd) {
    reserved -= reservation.worstCaseUsd();
    callsReserved--;
    spent += costUsd.orElse(reservation.worstCaseUsd());
    callsUsed++;
  }

  /** Gives back the reservation of a failed call. */
  public synchronized void release(Reservation reservation) {
    reserved -= reservation.worstCaseUsd();
    callsReserved--;
  }

  /** Dollars spent so far (settled calls). */
  public synchronized double spentUsd() {
    return spent;
  }
}
