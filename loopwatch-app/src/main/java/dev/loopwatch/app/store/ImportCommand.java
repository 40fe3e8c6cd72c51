package dev.loopwatch.app.store;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.store.exchange.StoreImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch import}: merges export folders into the store. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Merge folders written by `loopwatch export` into the store, in one transaction.",
      "A repository (root and branch), session or run the store already holds is replaced whole by"
          + " the imported one; the same one in two of the folders is an error.",
      "The exports must come from the same schema version as this Loopwatch; nothing is written"
          + " unless every file is read whole."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch import --db all.duckdb out/shard-1 out/shard-2 out/shard-3",
      "  loopwatch import out/nightly && loopwatch report --db ~/.loopwatch/loopwatch.duckdb"
    })
public final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Export folders to merge.")
  List<Path> folders = new ArrayList<>();

  @Option(names = "--json", description = "Print what was imported as JSON.")
  boolean json;

  @Override
  public Integer call() {
    StoreImport.Outcome outcome;
    try (Store opened = store.open(StoreParts.ALL)) {
      outcome = StoreImport.merge(opened, folders, StoreParts.MERGE_RULES);
    }
    if (json) {
      Json.print(outcome, spec.commandLine().getOut());
      return 0;
    }
    long rows = outcome.rows().values().stream().mapToLong(Long::longValue).sum();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "imported %,d rows from %d exports into %s%n",
            rows,
            outcome.exports(),
            store.path().toAbsolutePath());
    for (Map.Entry<String, Long> added : outcome.added().entrySet()) {
      long replaced = outcome.replaced().getOrDefault(added.getKey(), 0L);
      if (added.getValue() + replaced > 0) {
        spec.commandLine()
            .getOut()
            .printf(
                Locale.ROOT,
                "  %-24s %,d new, %,d replaced%n",
                added.getKey(),
                added.getValue(),
                replaced);
      }
    }
    return 0;
  }
}
