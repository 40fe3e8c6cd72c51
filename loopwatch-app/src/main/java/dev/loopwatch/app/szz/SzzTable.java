package dev.loopwatch.app.szz;

import dev.loopwatch.git.szz.SzzResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The readable SZZ table: one row per fix, then the filters' totals. */
final class SzzTable {
  private SzzTable() {}

  /** Prints {@code results} as a table. */
  static void print(List<SzzResult> results, PrintWriter out) {
    out.printf(Locale.ROOT, "%-12s  %-12s  %-12s  %s%n", "FIX", "STATUS", "PICK", "CANDIDATES");
    Map<String, int[]> totals = new TreeMap<>();
    Map<String, String> units = new TreeMap<>();
    for (SzzResult result : results) {
      List<String> candidates = new ArrayList<>();
      for (SzzResult.Candidate candidate : result.candidates()) {
        candidates.add(
            String.format(
                Locale.ROOT,
                "%s %.0f%%%s",
                abbreviate(candidate.commit()),
                candidate.confidence() * 100,
                candidate.declared() ? " declared" : ""));
      }
      out.printf(
          Locale.ROOT,
          "%-12s  %-12s  %-12s  %s%n",
          abbreviate(result.fix()),
          result.status().label(),
          result.pick().map(SzzTable::abbreviate).orElse("-"),
          candidates.isEmpty() ? result.detail() : String.join(", ", candidates));
      for (SzzResult.FilterCount count : result.filters()) {
        String label = count.filter().label() + (count.enabled() ? "" : " (off)");
        totals.computeIfAbsent(label, key -> new int[1])[0] += count.dropped();
        units.put(label, count.filter().unit());
      }
    }
    out.println();
    out.println("filters (dropped across all fixes):");
    for (Map.Entry<String, int[]> entry : totals.entrySet()) {
      out.printf(
          Locale.ROOT,
          "  %-30s %d %s%n",
          entry.getKey(),
          entry.getValue()[0],
          units.get(entry.getKey()));
    }
    out.flush();
  }

  /** The first 12 characters of a commit id. */
  static String abbreviate(String commit) {
    return commit.substring(0, Math.min(12, commit.length()));
  }
}
