package dev.loopwatch.app.retro;

import dev.loopwatch.app.cli.BudgetOptions;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.report.RetroRun;
import dev.loopwatch.app.report.RetroSection;
import dev.loopwatch.app.sessions.SessionsScan;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.szz.SzzOptions;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.stack.ModelStack;
import dev.loopwatch.models.stack.ResponseCache;
import dev.loopwatch.retro.CatchRule;
import dev.loopwatch.retro.CommandJudge;
import dev.loopwatch.retro.Incident;
import dev.loopwatch.retro.Incidents;
import dev.loopwatch.retro.IssueKeyIncidents;
import dev.loopwatch.retro.Judge;
import dev.loopwatch.retro.RetroOptions;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.RetroRunner;
import dev.loopwatch.retro.Reviewers;
import dev.loopwatch.retro.model.ModelRetro;
import dev.loopwatch.retro.review.Reviewer;
import dev.loopwatch.retro.review.ShellCommand;
import dev.loopwatch.retro.store.RetroStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch retro}: would a reviewer have caught the bugs behind our incidents? Runs the
 * review retrospective ({@link RetroRunner}) and prints the funnel, catch rates with intervals per
 * reviewer, false alarms on control changes and each incident's evidence; stores the run.
 */
@Command(
    name = "retro",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch retro incidents.jsonl --repo ~/src/service --reviewer ./review.sh --controls 50",
      "  loopwatch retro --from-history --repo ~/src/service --reviewer pmd --reviewer spotbugs --json",
      "  loopwatch retro incidents.jsonl --repo . --reviewer ./review.sh --html retro.html --no-store",
      "  loopwatch retro incidents.jsonl --repo . --reviewer model:sonnet --judge model:judge"
          + " --max-cost 5"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (reviewer errors are reported, not failures; so is a budget stop)",
      "2:usage or input error (a bad incidents line, an unknown commit, a reviewer or judge"
          + " path that is not an executable file, an unknown model or unset API key)",
      "3:internal or external failure (git, the store, every review failed)"
    },
    description =
        "Review retrospective: would each reviewer have caught the changes that caused the"
            + " incidents?")
public final class RetroCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "INCIDENTS",
      arity = "0..1",
      description = "Incidents, one JSON object per line (see docs/RETRO.md).")
  Path incidentsFile;

  @Option(names = "--repo", paramLabel = "PATH", required = true, description = "The repository.")
  Path repo;

  @Option(
      names = "--reviewer",
      paramLabel = "CMD|pmd|spotbugs|model:NAME",
      required = true,
      description =
          "A reviewer: a command (JSON contract in docs/RETRO.md), pmd, spotbugs, or model:NAME"
              + " (a [models.NAME] of loopwatch.toml).")
  List<String> reviewerSpecs = new ArrayList<>();

  @Option(
      names = "--reviewer-name",
      paramLabel = "NAME",
      description = "Names for the reviewers, in --reviewer order (default: the first word).")
  List<String> reviewerNames = new ArrayList<>();

  @Option(
      names = "--judge",
      paramLabel = "CMD|model:NAME",
      description =
          "A judge (a command or model:NAME) scoring findings 0-3; judged catches are reported"
              + " apart.")
  String judge;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read models from this loopwatch.toml only (default: the usual files).")
  Path config;

  @Mixin BudgetOptions budget;

  @Option(
      names = "--window",
      paramLabel = "LINES",
      defaultValue = "5",
      description = "Strict rule: lines around a finding that still count (default: 5).")
  int window;

  @Option(
      names = "--controls",
      paramLabel = "N",
      defaultValue = "0",
      description = "Review a seeded sample of N clean changes for false alarms (default: 0).")
  int controls;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the control sample and the bootstrap (default: 1).")
  long seed;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Time limit per review and per judged finding (default: 600).")
  long timeoutSeconds;

  @Option(
      names = "--from-history",
      description = "Derive incidents from Fixes: lines and reverts (severity unknown).")
  boolean fromHistory;

  @Option(
      names = "--incident-issues",
      paramLabel = "FILE",
      description =
          "Issues that were incidents, one per line: KEY [SEVERITY [STARTED_AT]] with KEY #123"
              + " (linked by 'Fixes #123' and other closing keywords) or a JIRA key (linked"
              + " wherever it appears); the commits that link one are its fixes.")
  Path incidentIssues;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "The store the run is saved to (default: $LOOPWATCH_DB, else ~/.loopwatch).")
  Path store;

  /** The old spelling of {@code --db}, kept hidden for one release. */
  @Option(names = "--store", hidden = true, paramLabel = "FILE")
  void store(Path path) {
    store = path;
  }

  @Option(names = "--no-store", description = "Do not save the run.")
  boolean noStore;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write an HTML page with the funnel and catch-rate charts.")
  Path report;

  /** The old spelling of {@code --html}, kept hidden for one release. */
  @Option(names = "--report", hidden = true, paramLabel = "FILE")
  void report(Path file) {
    report = file;
  }

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public Integer call() {
    if (window < 0) {
      throw LoopwatchException.userInput("--window must be 0 or more, not " + window);
    }
    if (controls < 0) {
      throw LoopwatchException.userInput("--controls must be 0 or more, not " + controls);
    }
    if (timeoutSeconds < 1) {
      throw LoopwatchException.userInput("--timeout must be at least 1, not " + timeoutSeconds);
    }
    if (reviewerNames.size() > reviewerSpecs.size()) {
      throw LoopwatchException.userInput(
          "--reviewer-name given "
              + reviewerNames.size()
              + " times for "
              + reviewerSpecs.size()
              + " reviewers");
    }
    boolean derived = fromHistory || incidentIssues != null;
    if ((incidentsFile == null) == !derived) {
      throw LoopwatchException.userInput(
          incidentsFile == null
              ? "nothing to review: give INCIDENTS.jsonl, --from-history or --incident-issues"
              : "give INCIDENTS.jsonl or derive incidents (--from-history, --incident-issues),"
                  + " not both");
    }
    Git git = Git.open(repo);
    List<Incident> incidents = new ArrayList<>();
    if (incidentsFile != null) {
      incidents.addAll(Incidents.read(incidentsFile));
    }
    if (fromHistory) {
      PrintWriter warn = spec.commandLine().getErr();
      incidents.addAll(
          Incidents.fromHistory(
              git, "HEAD", warning -> warn.println("loopwatch: warning: " + warning.message())));
      warn.flush();
    }
    if (incidentIssues != null) {
      incidents.addAll(IssueKeyIncidents.find(git, "HEAD", IssueKeyIncidents.read(incidentIssues)));
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    boolean usesModels =
        reviewerSpecs.stream().anyMatch(ModelRetro::names)
            || (judge != null && ModelRetro.names(judge));
    warnUnusedBudget(usesModels);
    // A run with models keeps the store open throughout: the response cache lives there.
    Optional<Store> modelStore = Optional.empty();
    Optional<ResponseCache> cache = Optional.empty();
    try {
      Optional<ModelRetro> models = Optional.empty();
      if (usesModels) {
        Config loaded = modelsConfig();
        if (!noStore) {
          modelStore = Optional.of(Store.open(storePath(), StoreParts.ALL));
          cache = Optional.of(new ResponseCache(modelStore.get()));
        }
        models =
            Optional.of(
                new ModelRetro(
                    ModelsConfig.of(loaded),
                    ModelStack.of(
                        System.getenv(), SessionsScan.prices(loaded), cache, budget.budget()),
                    SessionsScan.prices(loaded)));
      }
      RetroResult result = run(git, incidents, timeout, models);
      if (!noStore) {
        // Every part, as scan does, so that 'loopwatch report' can read a store that holds only
        // retro runs.
        if (modelStore.isPresent()) {
          RetroStore.write(modelStore.get(), result, git.topLevel().toString(), Instant.now());
        } else {
          try (Store opened = Store.open(storePath(), StoreParts.ALL)) {
            RetroStore.write(opened, result, git.topLevel().toString(), Instant.now());
          }
        }
      }
      return print(result);
    } finally {
      try {
        cache.ifPresent(ResponseCache::close);
      } finally {
        modelStore.ifPresent(Store::close);
      }
    }
  }

  /**
   * Checks the budget options and, when no reviewer or judge is a model, says on one stderr line
   * that they have no effect (the run goes on).
   */
  private void warnUnusedBudget(boolean usesModels) {
    budget.budget();
    List<String> given = budget.given();
    if (usesModels || given.isEmpty()) {
      return;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "loopwatch: warning: "
            + String.join(" and ", given)
            + (given.size() == 1 ? " has" : " have")
            + " no effect: no reviewer or judge is a model");
    err.flush();
  }

  private Path storePath() {
    return store == null ? Store.defaultPath() : store;
  }

  /** {@code --config FILE} when given (it must exist), else the usual loopwatch.toml files. */
  private Config modelsConfig() {
    if (config == null) {
      return Config.load(UserHome.path(), Path.of("."));
    }
    if (!Files.isRegularFile(config)) {
      throw LoopwatchException.userInput("no configuration file at " + config + " (--config)");
    }
    return Config.loadFiles(List.of(config));
  }

  private RetroResult run(
      Git git, List<Incident> incidents, Duration timeout, Optional<ModelRetro> models) {
    Optional<Judge> judgeOf = Optional.empty();
    if (judge != null && ModelRetro.names(judge)) {
      judgeOf = Optional.of(models.orElseThrow().judge(judge));
    } else if (judge != null) {
      String command = ShellCommand.resolve(judge, Path.of("").toAbsolutePath(), "--judge");
      judgeOf =
          Optional.of(
              new CommandJudge(command, Path.of(System.getProperty("java.io.tmpdir")), timeout));
    }
    List<Reviewer> reviewers = new ArrayList<>();
    for (int i = 0; i < reviewerSpecs.size(); i++) {
      Optional<String> name =
          i < reviewerNames.size() ? Optional.of(reviewerNames.get(i)) : Optional.empty();
      reviewers.add(Reviewers.create(reviewerSpecs.get(i), name, timeout, models));
    }
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    RetroOptions options =
        new RetroOptions(
            SzzOptions.defaults(),
            new CatchRule(window),
            judgeOf,
            RetroOptions.DEFAULT_MAX_JUDGED,
            controls,
            seed,
            RetroOptions.DEFAULT_RESAMPLES,
            temp);
    RetroResult result;
    PrintWriter err = spec.commandLine().getErr();
    try (Progress progress =
        Progress.start(System.err, Progress.stderrIsTerminal(), "retro", 0, "changes")) {
      result =
          new RetroRunner(git, reviewers, options)
              .run(incidents, progress, warning -> err.println("loopwatch: warning: " + warning));
    }
    err.flush();
    return result;
  }

  private int print(RetroResult result) {
    PrintWriter err = spec.commandLine().getErr();
    if (report != null) {
      RetroSection.writePage(RetroRun.of(result), report);
      err.println("loopwatch: wrote " + report);
      err.flush();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(RetroJson.of(result), out);
    } else {
      RetroText.print(result, out);
    }
    out.flush();
    if (everyReviewFailed(result)) {
      err.println("loopwatch: every review failed; see the reviewer errors above");
      err.flush();
      return 3;
    }
    if (result.stoppedByBudget()) {
      err.println(
          "loopwatch: stopped_by_budget: the model budget ran out; the reviews not made are"
              + " reported as not reviewed");
      err.flush();
    }
    return 0;
  }

  /**
   * Whether reviews were attempted and not one of them, incident or control, succeeded; a review
   * that was not applicable, or not made because a model budget ran out, is neither.
   */
  static boolean everyReviewFailed(RetroResult result) {
    int failed = 0;
    for (RetroResult.IncidentResult incident : result.incidents()) {
      for (RetroResult.ReviewResult review : incident.reviews()) {
        if (review.notApplicable().isPresent() || review.stoppedByBudget().isPresent()) {
          continue;
        }
        if (review.error().isEmpty()) {
          return false;
        }
        failed++;
      }
    }
    for (RetroResult.ReviewerSummary summary : result.summaries()) {
      if (summary.controls().reviewed() > 0) {
        return false;
      }
      failed += summary.controls().errors();
    }
    return failed > 0;
  }
}
