package dev.loopwatch.app.cli;

import dev.loopwatch.models.stack.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** The spending limits every command that calls models shares. */
public final class BudgetOptions {
  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description =
          "Stop cleanly (stopped_by_budget) before a call whose worst-case cost would pass USD"
              + " US dollars.")
  Double maxCost;

  @Option(
      names = "--max-calls",
      paramLabel = "N",
      description = "Stop cleanly (stopped_by_budget) after N model calls.")
  Long maxCalls;

  /** The budget options given on the command line, in the order --max-cost, --max-calls. */
  public List<String> given() {
    List<String> given = new ArrayList<>();
    if (maxCost != null) {
      given.add("--max-cost");
    }
    if (maxCalls != null) {
      given.add("--max-calls");
    }
    return List.copyOf(given);
  }

  /** The budget; a user-input error (exit 2) for a limit of 0 or less. */
  public Budget budget() {
    return Budget.of(
        maxCost == null ? OptionalDouble.empty() : OptionalDouble.of(maxCost),
        maxCalls == null ? OptionalLong.empty() : OptionalLong.of(maxCalls));
  }
}
