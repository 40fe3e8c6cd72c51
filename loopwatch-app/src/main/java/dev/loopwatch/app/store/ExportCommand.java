package dev.loopwatch.app.store;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.store.exchange.ExportManifest;
import dev.loopwatch.core.store.exchange.StoreExport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch export}: the store's tables as Parquet files, to merge elsewhere. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write every table of the store as Parquet into a new folder, with a manifest.",
      "Scans sharded over machines (--shard, CI jobs) export here and `loopwatch import` merges"
          + " them; DuckDB, Spark or pandas read the files directly.",
      "Reads the store read-only, from one consistent snapshot; the folder appears whole or not"
          + " at all."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch export --db shard-1.duckdb out/shard-1",
      "  loopwatch export out/all && duckdb -c \"SELECT count(*) FROM 'out/all/git_changes.parquet'\""
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Parameters(index = "0", paramLabel = "DIR", description = "The folder to create (new or empty).")
  Path folder;

  @Option(
      names = "--format",
      paramLabel = "parquet",
      description = "The file format; parquet is the only one (default parquet).")
  String format = "parquet";

  @Option(names = "--json", description = "Print the manifest as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (!format.toLowerCase(Locale.ROOT).equals("parquet")) {
      throw new IllegalArgumentException("--format must be parquet: '" + format + "'");
    }
    ExportManifest manifest;
    try (Store opened = store.openReadOnly(StoreParts.ALL)) {
      manifest = StoreExport.write(opened, folder);
    }
    if (json) {
      Json.print(manifest, spec.commandLine().getOut());
      return 0;
    }
    long rows = manifest.rows().values().stream().mapToLong(Long::longValue).sum();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "exported %,d rows in %d tables to %s%n",
            rows,
            manifest.rows().size(),
            folder.toAbsolutePath());
    for (Map.Entry<String, Long> table : manifest.rows().entrySet()) {
      if (table.getValue() > 0) {
        spec.commandLine()
            .getOut()
            .printf(Locale.ROOT, "  %-24s %,d%n", table.getKey(), table.getValue());
      }
    }
    return 0;
  }
}
