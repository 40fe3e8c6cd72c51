package dev.loopwatch.app.provenance;

import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.report.ReportSections;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch report}: the provenance report over what the store holds, as HTML, JSON or CSV.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch report --html report.html --baseline 2024   # one self-contained page, opens offline",
      "  loopwatch report --json --repo service                 # JSON on stdout",
      "  loopwatch report --csv --db team.duckdb > report.csv",
      "  loopwatch report --format json --out report.json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Write the report of the scanned repositories: a self-contained HTML page, JSON or CSV.",
      "Reads the store read-only: a missing store is an error (exit 2), never created; a store"
          + " a running scan holds is reported as locked."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin MetricsFlags metricsFlags;

  @Option(names = "--json", description = "Print the report as JSON on stdout.")
  boolean json;

  @Option(names = "--csv", description = "Print the report as CSV on stdout.")
  boolean csv;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Write the report as a self-contained HTML page to FILE (the default form).")
  Path html;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Output file (default: loopwatch-report.<format>; - for stdout with json/csv).")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "html|json|csv",
      description = "Output format (default html).")
  String format = "html";

  @Option(
      names = "--repo",
      paramLabel = "NAME",
      description = "Only these repositories, by name or path (repeatable).")
  List<String> repos = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A loopwatch.toml to use instead of ~/.loopwatch/loopwatch.toml.")
  Path config;

  @Override
  public Integer call() {
    chooseOutput();
    String chosenFormat = format.toLowerCase(Locale.ROOT);
    if (!List.of("html", "json", "csv").contains(chosenFormat)) {
      throw new IllegalArgumentException("--format must be html, json or csv: '" + format + "'");
    }
    Config loaded =
        config != null
            ? Config.loadFiles(List.of(config))
            : Config.load(UserHome.path(), Path.of("."));
    ProvenanceSettings settings = new ProvenanceSettings(loaded);
    try (Store opened = store.openReadOnly(List.of(GitSchema.PART))) {
      ReportSections sections = ReportSections.read(opened);
      Set<Integer> repoIds = selectRepos(opened, !sections.isEmpty());
      ProvenanceReport report =
          ProvenanceMetrics.compute(opened, repoIds, metricsFlags.resolve(settings));
      if (out != null && out.toString().equals("-")) {
        if (chosenFormat.equals("html")) {
          throw new IllegalArgumentException("--out - (stdout) works with --format json or csv");
        }
        ReportFormats.write(report, sections, chosenFormat, spec.commandLine().getOut());
      } else {
        Path target = out != null ? out : Path.of("loopwatch-report." + chosenFormat);
        ReportFormats.write(report, sections, chosenFormat, target);
        spec.commandLine().getErr().println("report written to " + target.toAbsolutePath());
      }
    }
    return 0;
  }

  /** Turns --json, --csv or --html FILE into the --format and --out they stand for. */
  private void chooseOutput() {
    int given = (json ? 1 : 0) + (csv ? 1 : 0) + (html != null ? 1 : 0);
    if (given == 0) {
      return;
    }
    boolean formatGiven = spec.commandLine().getParseResult().hasMatchedOption("--format");
    if (given > 1 || formatGiven || out != null) {
      throw LoopwatchException.userInput(
          "give one of --json, --csv or --html FILE, or --format with --out, not several");
    }
    format = json ? "json" : csv ? "csv" : "html";
    out = html != null ? html : Path.of("-");
  }

  /** The repositories to report; none when the store holds only other sections' data. */
  private Set<Integer> selectRepos(Store opened, boolean hasSections) {
    Set<Integer> ids = new TreeSet<>();
    Set<String> wanted = new TreeSet<>(repos);
    Set<String> found = new TreeSet<>();
    opened.read(connection -> {
      try (PreparedStatement statement =
              connection.prepareStatement("SELECT repo_id, name, root FROM git_repos");
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(2);
          String root = rows.getString(3);
          if (wanted.isEmpty() || wanted.contains(name) || wanted.contains(root)) {
            ids.add(rows.getInt(1));
            found.add(wanted.contains(name) ? name : root);
          }
        }
      }
      return null;
    });
    if (ids.isEmpty() && wanted.isEmpty() && hasSections) {
      return ids;
    }
    if (ids.isEmpty()) {
      throw LoopwatchException.userInput(
          wanted.isEmpty()
              ? "store "
                  + opened.path()
                  + " has no scanned repositories; run 'loopwatch scan REPO' first (or 'loopwatch"
                  + " scan --sessions PATH' for agent sessions)"
              : "store " + opened.path() + " has no repository named " + String.join(", ", wanted));
    }
    wanted.removeAll(found);
    if (!wanted.isEmpty()) {
      throw LoopwatchException.userInput(
          "store " + opened.path() + " has no repository named " + String.join(", ", wanted));
    }
    return ids;
  }
}
