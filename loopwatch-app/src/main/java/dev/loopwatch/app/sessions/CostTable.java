package dev.loopwatch.app.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionsSummary;
import dev.loopwatch.sessions.cost.DailyCost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The tokens-and-cost side table of {@code loopwatch sessions}: per UTC day and model, priced with
 * the bundled table and the {@code [prices] file} of loopwatch.toml. An unpriced model's cost is
 * {@code unknown} (JSON {@code null}), never 0.
 */
final class CostTable {
  private CostTable() {}

  /** Returns the cost rows of {@code sessions}, priced with the configured price table. */
  static List<DailyCost> of(List<Session> sessions) {
    DailyCost.Accumulator accumulator = accumulator();
    sessions.forEach(accumulator::add);
    return accumulator.finish();
  }

  /** Returns an empty accumulator priced with the configured price table. */
  static DailyCost.Accumulator accumulator() {
    return DailyCost.accumulator(SessionsScan.prices(Config.load(UserHome.path(), Path.of("."))));
  }

  /** Returns {@code summary} as JSON with one more field, {@code costPerDay}. */
  static ObjectNode json(SessionsSummary summary, List<DailyCost> costs) {
    ObjectNode tree = Json.mapper().valueToTree(summary);
    tree.set("costPerDay", Json.mapper().valueToTree(costs));
    return tree;
  }

  /** Prints the per-day table after the summary text. */
  static void print(List<DailyCost> costs, PrintWriter out) {
    out.println("Cost per day (UTC, USD):");
    TextTable table =
        new TextTable(2, "day", "model", "input", "output", "cache-write", "cache-read", "cost");
    double priced = 0;
    boolean unknown = false;
    for (DailyCost row : costs) {
      table.row(
          row.day().toString(),
          row.model().isEmpty() ? "unknown" : row.model(),
          String.valueOf(row.tokens().input()),
          String.valueOf(row.tokens().output()),
          String.valueOf(row.tokens().cacheCreation()),
          String.valueOf(row.tokens().cacheRead()),
          row.costUsd().map(CostTable::dollars).orElse("unknown"));
      if (row.costUsd().isPresent()) {
        priced += row.costUsd().get();
      } else {
        unknown = true;
      }
    }
    table.print(out);
    out.println("  total " + (unknown ? "at least " : "") + dollars(priced));
    out.flush();
  }

  private static String dollars(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
