package dev.loopwatch.app.speedup;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch speedup history}: the stored gradings over time, as a table, JSON, or the CSV
 * series {@code loopwatch trend} fits.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Print the gradings stored with --db, oldest first.",
      "--csv prints the timed gradings on hidden seeds (accepted, or 'no measurable speedup') as a",
      "trend series (date, value = median speedup, group = the attempt's model, else its agent,",
      "else the candidate; verdict) that 'loopwatch trend SERIES --log' fits."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch speedup history --db s.duckdb",
      "  loopwatch speedup history --db s.duckdb --csv > s.csv && loopwatch trend s.csv --log",
      "  loopwatch speedup history --json"
    })
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  /** The old spelling of {@code --db}, kept hidden for one release. */
  @Option(names = "--store", hidden = true, paramLabel = "FILE")
  void store(Path path) {
    store.db(path);
  }

  @Option(names = "--csv", description = "Print the trend series CSV.")
  boolean csv;

  @Option(names = "--json", description = "Print every grading as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (csv && json) {
      throw LoopwatchException.userInput("give --csv or --json, not both");
    }
    List<HistoryRow> rows;
    try (Store opened = store.openReadOnly(List.of(SpeedupStore.PART))) {
      rows = SpeedupStore.history(opened);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(rows, out);
    } else if (csv) {
      out.println("date,value,group,task,low,high,score,verdict");
      for (HistoryRow row : rows) {
        String verdict = verdict(row);
        boolean timed = verdict.equals("accepted") || verdict.equals("no measurable speedup");
        if (timed && !row.practice() && row.median().isPresent()) {
          out.println(
              String.join(
                  ",",
                  row.gradedAt().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                  number(row.median()),
                  csvField(row.group()),
                  csvField(row.task()),
                  number(row.low()),
                  number(row.high()),
                  number(row.score()),
                  verdict));
        }
      }
    } else {
      out.printf(
          Locale.ROOT, "%-20s %-12s %-30s %-8s %s%n", "graded", "task", "by", "result", "speedup");
      for (HistoryRow row : rows) {
        out.printf(
            Locale.ROOT,
            "%-20s %-12s %-30s %-8s %s%n",
            row.gradedAt().toString(),
            row.task(),
            row.group(),
            row.accepted() ? "accepted" : "rejected",
            row.median().isPresent()
                ? number(row.median()) + "x [" + number(row.low()) + "-" + number(row.high()) + "]"
                : "-");
      }
    }
    out.flush();
    return 0;
  }

  private static String number(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.4f", value.getAsDouble()) : "";
  }

  /**
   * A stored grading's verdict: {@code accepted}, {@code no measurable speedup} (every check but
   * {@code measurable_speedup} passed), or {@code rejected}.
   */
  static String verdict(HistoryRow row) {
    if (row.accepted()) {
      return "accepted";
    }
    List<String> failing =
        java.util.Arrays.stream(row.checks().split(","))
            .filter(entry -> entry.endsWith("=fail") || entry.endsWith("=flag"))
            .toList();
    return failing.equals(List.of("measurable_speedup=fail"))
        ? "no measurable speedup"
        : "rejected";
  }

  private static String csvField(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }
}
