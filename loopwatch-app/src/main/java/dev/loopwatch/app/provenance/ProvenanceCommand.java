package dev.loopwatch.app.provenance;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.Terminal;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.provenance.SessionMatcher;
import dev.loopwatch.git.scan.RepositoryScanner;
import dev.loopwatch.git.scan.ScanOptions;
import dev.loopwatch.git.scan.ScanOutcome;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch provenance}: the AI share and throughput of one repository straight from git,
 * with no store.
 */
@Command(
    name = "provenance",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Print the AI share of merged code and throughput of one repository, straight from git.",
      "Nothing is stored.",
      "With --sessions PATH, the lines Claude Code and Codex wrote in those transcripts are credited"
          + " exactly as scan --sessions credits them (nothing is stored).",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch provenance ~/src/service --range v1.0..v2.0",
      "  loopwatch provenance ~/src/shop --sessions ~/.claude/projects --json",
      "  loopwatch provenance ~/src/mono/services/api      # that folder only"
    })
public final class ProvenanceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScanFlags scanFlags;

  @Mixin MetricsFlags metricsFlags;

  @Parameters(
      paramLabel = "REPO",
      arity = "0..1",
      description =
          "The repository (work tree or bare); a folder inside a work tree counts that folder only.")
  Path repo;

  @Option(
      names = "--range",
      paramLabel = "A..B",
      description = "Only the changes merged after A up to B.")
  String range;

  /** The old spelling of {@code --repo PATH}: the repository, as REPO is. */
  @Option(names = "--repo", hidden = true, paramLabel = "PATH")
  void repo(Path path) {
    repo = path;
  }

  @Option(names = "--json", description = "Print the metrics as JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public Integer call() {
    if (repo == null) {
      throw LoopwatchException.userInput("give the repository: loopwatch provenance REPO");
    }
    ProvenanceSettings settings = new ProvenanceSettings(Config.load(UserHome.path(), repo));
    ScanOptions flags = scanFlags.resolve(settings);
    ScanOptions options =
        new ScanOptions(
            flags.branch(),
            flags.since(),
            flags.until(),
            flags.excludeGlobs(),
            flags.blame(),
            flags.parallelism(),
            Optional.ofNullable(range));
    Optional<SessionMatcher> matcher = scanFlags.sessionMatcher(scanFlags.agentWrites());
    try (Store store = Store.openInMemory(List.of(GitSchema.PART))) {
      RepositoryScanner scanner = new RepositoryScanner(store, settings.identities());
      if (matcher.isPresent()) {
        scanner = scanner.withLineEvidence(List.of(matcher.get()));
      }
      ScanOutcome outcome =
          scanner.scan(
              repo,
              options,
              name -> Terminal.progress(spec.commandLine().getErr(), "mine " + name, "changes"));
      if (matcher.isPresent() && !json) {
        ScanFlags.printMatch(spec.commandLine().getErr(), outcome.name(), matcher.get().stats());
      }
      if (options.blame()) {
        new LiveCodeStep(store).run(repo, outcome, options, spec.commandLine().getErr());
      }
      ProvenanceReport report =
          ProvenanceMetrics.compute(
              store, Set.of(outcome.repoId()), metricsFlags.resolve(settings));
      if (json) {
        Json.print(report, spec.commandLine().getOut());
      } else {
        TextSummary.print(report, metricsFlags.byRepository, spec.commandLine().getOut());
      }
    }
    return 0;
  }
}
