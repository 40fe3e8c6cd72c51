package dev.loopwatch.app.provenance;

import dev.loopwatch.app.cli.InterruptNotice;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.cli.Terminal;
import dev.loopwatch.app.report.ReportSections;
import dev.loopwatch.app.sessions.SessionsScan;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.provenance.SessionMatcher;
import dev.loopwatch.git.scan.RepositoryScanner;
import dev.loopwatch.git.scan.ScanOptions;
import dev.loopwatch.git.scan.ScanOutcome;
import dev.loopwatch.git.store.WarningCounts;
import dev.loopwatch.sessions.store.WriteOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch scan}: mines repositories into the store, incrementally, and optionally writes
 * the report.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Mine the merged changes of git repositories into the store.",
      "Stores each change's AI evidence, line counts and exclusions.",
      "A rescan mines only new first-parent commits; a force-pushed branch is re-mined from the fork point.",
      "With --sessions PATH, also store agent transcripts (sessions, interventions, tasks, tokens and"
          + " cost); REPO may then be left out.",
      "A shallow clone's boundary commits (the whole tree at the cut-off) are left out and reported."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch scan ~/src/service ~/src/web --blame      # mine into ~/.loopwatch/loopwatch.duckdb",
      "  loopwatch scan . --html report.html                 # and write the HTML report",
      "  loopwatch scan ~/src/mono/services/api              # that folder only, as mono:services/api",
      "  loopwatch scan --sessions ~/.claude/projects --db team.duckdb   # transcripts only"
    })
public final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin ScanFlags scanFlags;

  @Mixin MetricsFlags metricsFlags;

  @Parameters(
      arity = "0..*",
      paramLabel = "REPO",
      description =
          "Repositories (work trees or bare); at least one unless --sessions is given. A folder"
              + " inside a work tree scans that folder only, stored as repo:folder.")
  List<Path> repos = new ArrayList<>();

  /** The old spelling of {@code --repo PATH}: a repository, as the REPO parameters are. */
  @Option(names = "--repo", hidden = true, paramLabel = "PATH")
  void repo(Path repo) {
    repos.add(repo);
  }

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the HTML report of the scanned repositories to FILE.")
  Path html;

  /** The old form {@code --report [--out FILE]}, kept hidden for one release. */
  @Option(names = "--report", hidden = true)
  boolean report;

  /** Where the old {@code --report} writes (default: loopwatch-report.html). */
  @Option(names = "--out", hidden = true, paramLabel = "FILE")
  Path out;

  @Option(names = "--json", description = "Print the scan outcome and metrics as JSON.")
  boolean json;

  @Option(
      names = "--repos-file",
      paramLabel = "FILE",
      description =
          "Also scan the repositories FILE lists: a path a line (relative to FILE), # comments,"
              + " an optional tab-separated weight for --shard.")
  Path reposFile;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "Scan up to N repositories at once, largest first, each in its own transaction"
              + " (default 1).")
  int jobs = 1;

  @Option(
      names = "--shard",
      paramLabel = "i/N",
      description =
          "Scan only share i of N of --repos-file, the same share on every machine; merge the"
              + " shards with export and import.")
  String shard;

  @Override
  public Integer call() {
    List<Path> targets = targets();
    Optional<Integer> nothing = nothingToScan(targets);
    if (nothing.isPresent()) {
      return nothing.get();
    }
    try (Store opened = store.open(StoreParts.ALL)) {
      return scan(opened, targets);
    }
  }

  /**
   * Runs this scan, as parsed from its arguments, into {@code opened} (already migrated to {@link
   * StoreParts#ALL}), which stays open: the path {@code loopwatch serve} takes for its scans, so a
   * scan inside the server is the same as one from the command line. Returns the exit code.
   */
  public int scanInto(Store opened) {
    List<Path> targets = targets();
    Optional<Integer> nothing = nothingToScan(targets);
    return nothing.isPresent() ? nothing.get() : scan(opened, targets);
  }

  /** The exit code when there is nothing to scan (an empty shard); fails on bad arguments. */
  private Optional<Integer> nothingToScan(List<Path> targets) {
    if (targets.isEmpty() && scanFlags.sessions.isEmpty()) {
      if (reposFile != null) {
        spec.commandLine()
            .getErr()
            .println("loopwatch: shard " + shard + " of " + reposFile + " has no repositories");
        return Optional.of(0);
      }
      throw new IllegalArgumentException("give at least one REPO or --sessions PATH");
    }
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1: " + jobs);
    }
    return Optional.empty();
  }

  private int scan(Store opened, List<Path> targets) {
    List<ScanOutcome> outcomes = new ArrayList<>();
    Set<Integer> repoIds = new TreeSet<>();
    // With REPO the settings come from the last repository's loopwatch.toml; without, from this
    // folder's.
    ProvenanceSettings settings =
        new ProvenanceSettings(
            Config.load(UserHome.path(), targets.isEmpty() ? Path.of(".") : targets.getLast()));
    Optional<WriteOutcome> sessions = Optional.empty();
    List<SessionMatchOutcome> matches = new ArrayList<>();
    List<AgentWrite> writes = targets.isEmpty() ? List.of() : scanFlags.agentWrites();
    int failureCode = 0;
    if (targets.size() == 1) {
      outcomes.add(scanRepository(opened, targets.getFirst(), writes, matches, true));
    } else if (!targets.isEmpty()) {
      // Several repositories: one failing is reported and the others complete; a rerun finds
      // the stored ones unchanged, so it redoes only the failed ones.
      List<ParallelScan.Result> results =
          ParallelScan.run(
              opened,
              targets,
              jobs,
              (worker, repo) -> scanRepository(worker, repo, writes, matches, jobs == 1));
      for (ParallelScan.Result result : results) {
        result.outcome().ifPresent(outcomes::add);
        if (result.failure().isPresent() && !InterruptNotice.stopping()) {
          spec.commandLine().getErr().println("loopwatch: " + result.failure().get().message());
          failureCode = Math.max(failureCode, result.failure().get().exitCode());
        }
      }
      long failed = results.stream().filter(r -> r.failure().isPresent()).count();
      if (failed > 0 && !InterruptNotice.stopping()) {
        synchronized (spec.commandLine().getErr()) {
          spec.commandLine()
              .getErr()
              .printf(
                  Locale.ROOT,
                  "loopwatch: %d of %d repositories failed; the others are stored, and"
                      + " a rerun scans only what is new%n",
                  failed,
                  results.size());
        }
      }
    }
    outcomes.forEach(outcome -> repoIds.add(outcome.repoId()));
    if (!scanFlags.sessions.isEmpty()) {
      Config config = Config.load(UserHome.path(), Path.of("."));
      WriteOutcome written =
          SessionsScan.store(
              opened, scanFlags.sessions, SessionsScan.prices(config), Instant.now());
      sessions = Optional.of(written);
      if (!json) {
        spec.commandLine()
            .getErr()
            .printf(
                Locale.ROOT,
                "sessions: %d main and %d subagent sessions stored (%d replaced), %d"
                    + " interventions, %d tasks%s%n",
                written.sessions(),
                written.subagents(),
                written.replaced(),
                written.interventions(),
                written.tasks(),
                written.malformedLines() > 0
                    ? ", " + written.malformedLines() + " malformed lines skipped"
                    : "");
      }
    }
    // Without REPO (a sessions-only scan) the report covers every repository in the store.
    ProvenanceReport computed =
        ProvenanceMetrics.compute(opened, repoIds, metricsFlags.resolve(settings));
    if (json) {
      Json.print(
          new ScanResult(outcomes, computed, sessions, matches), spec.commandLine().getOut());
    } else if (!targets.isEmpty()) {
      TextSummary.print(computed, metricsFlags.byRepository, spec.commandLine().getOut());
    }
    if (html != null || report) {
      Path target =
          Optional.ofNullable(html)
              .or(() -> Optional.ofNullable(out))
              .orElse(Path.of("loopwatch-report.html"));
      ReportFormats.write(computed, ReportSections.read(opened), "html", target);
      spec.commandLine().getErr().println("report written to " + target.toAbsolutePath());
    }
    return failureCode;
  }

  /** The REPO arguments, then the repositories of --repos-file (this shard's, with --shard). */
  private List<Path> targets() {
    List<Path> targets = new ArrayList<>(repos);
    if (reposFile == null) {
      if (shard != null) {
        throw new IllegalArgumentException("--shard needs --repos-file");
      }
      return targets;
    }
    List<RepoList.Entry> entries = RepoList.read(reposFile);
    if (shard != null) {
      entries = Shard.parse(shard).select(entries);
    }
    entries.forEach(entry -> targets.add(entry.path()));
    return targets;
  }

  /**
   * Scans one repository into {@code opened} (the store, or a worker's connection to it) and says
   * how it went on stderr.
   */
  private ScanOutcome scanRepository(
      Store opened,
      Path repo,
      List<AgentWrite> writes,
      List<SessionMatchOutcome> matches,
      boolean progressBars) {
    ProvenanceSettings settings = new ProvenanceSettings(Config.load(UserHome.path(), repo));
    ScanOptions options = scanFlags.resolve(settings);
    RepositoryScanner scanner = new RepositoryScanner(opened, settings.identities());
    Optional<SessionMatcher> matcher = scanFlags.sessionMatcher(writes);
    if (matcher.isPresent()) {
      scanner = scanner.withLineEvidence(List.of(matcher.get()));
    }
    PrintWriter err = spec.commandLine().getErr();
    ScanOutcome outcome =
        scanner.scan(
            repo,
            options,
            name ->
                progressBars
                    ? Terminal.progress(err, "scan " + name, "changes")
                    : Progress.silent());
    // Workers finish in any order: each repository's lines are printed together.
    synchronized (err) {
      matcher.ifPresent(m -> matches.add(new SessionMatchOutcome(outcome.name(), m.stats())));
      if (!json) {
        matcher.ifPresent(m -> ScanFlags.printMatch(err, outcome.name(), m.stats()));
        err.printf(
            Locale.ROOT,
            "%s: %s scan of %s at %s, %d changes mined%s%n",
            outcome.name(),
            outcome.mode(),
            outcome.branch(),
            outcome.tip().substring(0, Math.min(12, outcome.tip().length())),
            outcome.changesMined(),
            outcome.warnings() > 0 ? ", " + outcome.warnings() + " warnings" : "");
        for (WarningCounts.Kind kind : WarningCounts.of(opened, outcome.repoId())) {
          err.printf(
              Locale.ROOT,
              "warning: %s: %d %s, first %s: %s%n",
              outcome.name(),
              kind.count(),
              kind.kind(),
              kind.subject(),
              kind.message());
        }
      }
    }
    if (scanFlags.blame) {
      new LiveCodeStep(opened).run(repo, outcome, options, err);
    }
    return outcome;
  }

  /**
   * The {@code --json} output of {@code scan}.
   *
   * @param scans one outcome per repository
   * @param report the metrics over the scanned repositories (all stored ones without REPO)
   * @param sessions what the sessions step stored, when {@code --sessions} was given
   * @param sessionMatches per repository, how agents' written lines matched the mined commits
   */
  record ScanResult(
      List<ScanOutcome> scans,
      ProvenanceReport report,
      Optional<WriteOutcome> sessions,
      List<SessionMatchOutcome> sessionMatches) {}

  /** How the sessions' written lines matched one repository's mined commits. */
  record SessionMatchOutcome(String repo, SessionMatcher.Stats stats) {}
}
