package dev.loopwatch.app.trends;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.inspect.InspectLogReader;
import dev.loopwatch.trends.horizon.AgentFit;
import dev.loopwatch.trends.horizon.AgentPoint;
import dev.loopwatch.trends.horizon.DoublingTime;
import dev.loopwatch.trends.horizon.DoublingTimes;
import dev.loopwatch.trends.horizon.HorizonOptions;
import dev.loopwatch.trends.horizon.HorizonSamples;
import dev.loopwatch.trends.horizon.Interval;
import dev.loopwatch.trends.horizon.ReleaseDates;
import dev.loopwatch.trends.horizon.Run;
import dev.loopwatch.trends.horizon.RunReader;
import dev.loopwatch.trends.horizon.TimeHorizons;
import dev.loopwatch.trends.horizon.Weighting;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch horizon}: METR time horizons per agent with bootstrap intervals, and the
 * doubling time of the p50 frontier.
 */
@Command(
    name = "horizon",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch horizon runs.jsonl --release-dates release_dates.yaml --bootstrap 1000",
      "  loopwatch horizon runs.jsonl --release-dates release_dates.yaml --since 2024-01-01 --html h.html",
      "  loopwatch horizon runs.csv --release-dates release_dates.yaml --json",
      "  loopwatch horizon logs/*.eval --release-dates models.yaml --minutes-field human_minutes"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description =
        "Fit METR time horizons per agent from run files (METR runs or Inspect logs), with bootstrap"
            + " 95%% intervals, and the doubling time of the p50 frontier.")
public final class HorizonCommand implements Callable<Integer> {
  private static final double LEVEL = 0.95;

  /** A p50 below this fraction of the agent's shortest task is warned about as extrapolated. */
  static final double EXTRAPOLATION_FACTOR = 0.25;

  private static final LocalDate DEFAULT_END = LocalDate.of(2030, 1, 1);
  private static final List<LocalDate> DEFAULT_STARTS =
      List.of(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 1, 1));

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUNS",
      description =
          "Run files: Inspect logs (.eval, .json) and METR runs (.jsonl, .csv), in any mix; a"
              + " .json file is told apart by its content.")
  List<Path> runFiles = new ArrayList<>();

  @Option(
      names = "--minutes-field",
      paramLabel = "KEY",
      description =
          "Inspect logs: the sample metadata key holding the task's human time in minutes (default"
              + " human_minutes); a sample without it is an error.")
  String minutesField = "human_minutes";

  @Option(
      names = "--scorer",
      paramLabel = "NAME",
      description = "Inspect logs: the scorer to read (default: the log's only scorer).")
  String scorer;

  @Option(
      names = "--success-threshold",
      paramLabel = "X",
      description =
          "Inspect logs: a score at or above X is a success (default 1: C, 1, true; P is 0.5).")
  double successThreshold = 1.0;

  @Option(
      names = "--release-dates",
      required = true,
      paramLabel = "FILE",
      description = "Release dates: YAML 'alias: YYYY-MM-DD' lines or a CSV of alias,date.")
  Path releaseDatesFile;

  @Option(
      names = "--regularization",
      paramLabel = "R",
      description = "Slope penalty of the logistic fit (default 0.1, METR's).")
  double regularization = 0.1;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Hierarchical bootstrap samples (default 1000; 0 for no intervals).")
  int bootstrap = 1000;

  @Option(names = "--seed", paramLabel = "S", description = "Bootstrap seed (default 42).")
  long seed = 42;

  @Option(
      names = "--exclude-source",
      paramLabel = "S",
      description = "Drop runs of this task source (repeatable).")
  List<String> excludedSources = new ArrayList<>();

  @Option(
      names = "--success",
      split = ",",
      paramLabel = "P",
      description = "Success rates in percent to report (default 50,80; must include 50).")
  List<Integer> success = new ArrayList<>(List.of(50, 80));

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description =
          "Trend only agents released on or after this date (default: report the windows all"
              + " data, from 2023-01-01 and from 2024-01-01, each before 2030-01-01).")
  String after;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Trend only agents released before this date.")
  String before;

  /** The old spelling of {@code --since}, kept hidden for one release. */
  @Option(names = "--after", hidden = true, paramLabel = "DATE")
  void after(String date) {
    after = date;
  }

  /** The old spelling of {@code --until}, kept hidden for one release. */
  @Option(names = "--before", hidden = true, paramLabel = "DATE")
  void before(String date) {
    before = date;
  }

  @Option(
      names = "--weighting",
      paramLabel = "invsqrt|equal",
      description =
          "Run weights per agent: invsqrt (METR's: 1/runs of the task over sqrt(tasks in the"
              + " family)) or equal (1/runs of the task); both sum to 1 per agent (default invsqrt).")
  String weighting = "invsqrt";

  @Option(
      names = "--file-weights",
      description =
          "Use the run file's invsqrt_task_weight / equal_task_weight column instead of computing"
              + " weights (not with --exclude-source, which needs them recomputed).")
  boolean fileWeights;

  @Option(
      names = "--continuous-scores",
      description =
          "Fit score_cont, or the --score-column (fractional scores, split into two weighted"
              + " rows), instead of the binary score; for Inspect logs, the score value itself.")
  boolean continuousScores;

  @Option(
      names = "--score-column",
      paramLabel = "NAME",
      description =
          "The run file's column to fit (default: score_binarized, or score when the file has no"
              + " score_binarized; score_cont with --continuous-scores). METR's Jan-2025 file"
              + " keeps its continuous score in 'score'.")
  String scoreColumn;

  @Option(
      names = "--include-rising",
      description =
          "Keep agents whose success rises with task length (a positive fitted slope) in the"
              + " doubling fit; by default they are warned about and left out.")
  boolean includeRising;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write a self-contained HTML page with the chart and tables.")
  Path reportFile;

  /** The old spelling of {@code --html}, kept hidden for one release. */
  @Option(names = "--report", hidden = true, paramLabel = "FILE")
  void reportFile(Path file) {
    reportFile = file;
  }

  /**
   * One success rate's horizon of one agent.
   *
   * @param percent the success rate in percent
   * @param minutes the horizon; empty when unbounded (every run succeeded)
   * @param interval the bootstrap 95% interval, when bootstrapped and the agent was ever fitted
   */
  record HorizonRow(int percent, Optional<Double> minutes, Optional<Interval> interval) {}

  /**
   * One agent's row.
   *
   * @param agent the alias
   * @param released the release date, when known
   * @param runs the runs after exclusions
   * @param status fitted, rising (success rises with task length), flat (no horizon), all_failed or
   *     all_succeeded
   * @param horizons one row per success rate
   */
  record AgentRow(
      String agent,
      Optional<LocalDate> released,
      int runs,
      String status,
      List<HorizonRow> horizons) {}

  /**
   * The doubling time of the p50 frontier in one window of release dates {@code [after, before)}.
   *
   * @param label the window in words, e.g. {@code all data} or {@code from 2024-01-01}
   * @param after the first release date included, when bounded
   * @param before the first release date excluded, when bounded
   * @param doublingTime the doubling time, when the window has two frontier release dates
   * @param skipped why the window has no doubling time, when it has none
   */
  record Window(
      String label,
      Optional<LocalDate> after,
      Optional<LocalDate> before,
      Optional<DoublingTime> doublingTime,
      Optional<String> skipped) {
    Window {
      requireNonNull(label, "label is null");
      requireNonNull(after, "after is null");
      requireNonNull(before, "before is null");
      requireNonNull(doublingTime, "doublingTime is null");
      requireNonNull(skipped, "skipped is null");
    }
  }

  /**
   * The report.
   *
   * @param agents every agent, in alias order
   * @param undated agents without a release date, left out of the trend
   * @param unbounded agents whose p50 horizon is unbounded, left out of the trend
   * @param rising agents whose success rises with task length, left out of the trend unless {@code
   *     includeRising}
   * @param flat agents whose fitted curve is flat, with no horizon, left out of the trend
   * @param includeRising whether rising agents were kept in the trend
   * @param extrapolated agents whose p50 lies below a quarter of their shortest task
   * @param doublingTimes the p50 frontier's doubling time in each window, in window order
   * @param bootstrap the bootstrap samples
   * @param seed the seed
   * @param regularization the slope penalty
   */
  record Report(
      List<AgentRow> agents,
      List<String> undated,
      List<String> unbounded,
      List<String> rising,
      List<String> flat,
      boolean includeRising,
      List<String> extrapolated,
      List<Window> doublingTimes,
      int bootstrap,
      long seed,
      double regularization) {
    Report {
      agents = List.copyOf(requireNonNull(agents, "agents is null"));
      undated = List.copyOf(requireNonNull(undated, "undated is null"));
      unbounded = List.copyOf(requireNonNull(unbounded, "unbounded is null"));
      rising = List.copyOf(requireNonNull(rising, "rising is null"));
      flat = List.copyOf(requireNonNull(flat, "flat is null"));
      extrapolated = List.copyOf(requireNonNull(extrapolated, "extrapolated is null"));
      doublingTimes = List.copyOf(requireNonNull(doublingTimes, "doublingTimes is null"));
    }
  }

  @Override
  public Integer call() {
    if (bootstrap < 0) {
      throw LoopwatchException.userInput("--bootstrap must be 0 or more: " + bootstrap);
    }
    if (!success.contains(50)) {
      throw LoopwatchException.userInput(
          "--success must include 50: the doubling time uses the p50 horizons");
    }
    List<Double> rates = new ArrayList<>();
    for (int percent : success) {
      if (percent < 1 || percent > 99) {
        throw LoopwatchException.userInput("--success values must be 1..99 percent: " + percent);
      }
      if (!rates.contains(percent / 100.0)) {
        rates.add(percent / 100.0);
      }
    }
    LocalDate from = after == null ? LocalDate.MIN : Dates.parse("--since", after);
    LocalDate until = before == null ? LocalDate.MAX : Dates.parse("--until", before);
    if (!from.isBefore(until)) {
      throw LoopwatchException.userInput("--since " + after + " is not before --until " + before);
    }
    Weighting scheme =
        switch (weighting) {
          case "invsqrt" -> Weighting.INVSQRT;
          case "equal" -> Weighting.EQUAL;
          default ->
              throw LoopwatchException.userInput(
                  "--weighting must be invsqrt or equal, got '" + weighting + "'");
        };
    if (fileWeights && !excludedSources.isEmpty()) {
      throw LoopwatchException.userInput(
          "--file-weights cannot be used with --exclude-source: the weights must be recomputed"
              + " over the remaining tasks");
    }
    // The reader puts the chosen column in each run's score; fractional scores are split into
    // a success and a failure row either way, so the fit needs no separate continuous mode.
    Optional<String> column =
        Optional.ofNullable(scoreColumn)
            .or(() -> Optional.of("score_cont").filter(c -> continuousScores));
    HorizonOptions options =
        new HorizonOptions(scheme, fileWeights, regularization, excludedSources, false, rates);
    List<Run> runs = readRuns(column);
    if (!excludedSources.isEmpty() && runs.stream().allMatch(r -> r.taskSource().isEmpty())) {
      throw LoopwatchException.userInput(
          String.join(", ", runFiles.stream().map(Path::toString).toList())
              + " has no task_source column, which --exclude-source needs (METR's early-2025 run"
              + " files have none)");
    }
    Map<String, LocalDate> releaseDates = ReleaseDates.read(releaseDatesFile);
    TimeHorizons horizons = TimeHorizons.of(runs, options);
    List<AgentFit> fits = horizons.fit();
    Optional<HorizonSamples> samples =
        bootstrap == 0 ? Optional.empty() : Optional.of(horizons.bootstrap(bootstrap, seed));
    Map<String, Integer> runCounts = horizons.runCounts();

    List<AgentRow> rows = new ArrayList<>();
    List<String> undated = new ArrayList<>();
    List<String> unbounded = new ArrayList<>();
    List<String> rising = new ArrayList<>();
    List<String> flat = new ArrayList<>();
    List<String> extrapolated = new ArrayList<>();
    List<String> extrapolationWarnings = new ArrayList<>();
    Map<String, Double> shortestTasks = horizons.shortestTasks();
    List<AgentPoint> points = new ArrayList<>();
    for (AgentFit fit : fits) {
      Optional<LocalDate> released = Optional.ofNullable(releaseDates.get(fit.agent()));
      boolean isFlat = fit instanceof AgentFit.Fitted fitted && fitted.flat();
      boolean isRising = fit instanceof AgentFit.Fitted fitted && fitted.rising();
      List<HorizonRow> horizonRows = new ArrayList<>();
      for (int r = 0; r < rates.size(); r++) {
        double p = rates.get(r);
        double minutes = isFlat ? Double.NaN : fit.horizon(p);
        Optional<Interval> interval = samples.flatMap(s -> s.interval(fit.agent(), p, LEVEL));
        horizonRows.add(
            new HorizonRow(
                (int) Math.round(p * 100),
                Double.isFinite(minutes) ? Optional.of(minutes) : Optional.empty(),
                interval));
      }
      String status =
          switch (fit) {
            case AgentFit.Fitted fitted -> isFlat ? "flat" : isRising ? "rising" : "fitted";
            case AgentFit.AllFailed failed -> "all_failed";
            case AgentFit.AllSucceeded succeeded -> "all_succeeded";
          };
      rows.add(
          new AgentRow(fit.agent(), released, runCounts.get(fit.agent()), status, horizonRows));
      double p50 = fit.horizon(0.5);
      if (isFlat) {
        flat.add(fit.agent());
      } else if (isRising) {
        rising.add(fit.agent());
      } else if (fit instanceof AgentFit.Fitted) {
        double shortest = shortestTasks.get(fit.agent());
        if (p50 < shortest * EXTRAPOLATION_FACTOR) {
          extrapolated.add(fit.agent());
          extrapolationWarnings.add(
              "warning: p50 of "
                  + fit.agent()
                  + " ("
                  + Numbers.significant(p50)
                  + " min) is extrapolated below a quarter of its shortest task ("
                  + Numbers.significant(shortest)
                  + " min)");
        }
      }
      if (released.isEmpty()) {
        undated.add(fit.agent());
      } else if (isFlat || (isRising && !includeRising)) {
        // Reported above; neither gives a horizon the trend can use.
      } else if (!Double.isFinite(p50)) {
        unbounded.add(fit.agent());
      } else {
        points.add(new AgentPoint(fit.agent(), released.get(), p50));
      }
    }
    List<Window> windows = new ArrayList<>();
    for (Window window : windows()) {
      windows.add(doubling(window, points, samples));
    }
    PrintWriter err = spec.commandLine().getErr();
    if (!undated.isEmpty()) {
      err.println(
          "warning: no release date for "
              + String.join(", ", undated)
              + "; excluded from the trend");
    }
    if (!unbounded.isEmpty()) {
      err.println(
          "warning: every run succeeded for "
              + String.join(", ", unbounded)
              + "; horizon unbounded, excluded from the trend");
    }
    extrapolationWarnings.forEach(err::println);
    if (!flat.isEmpty()) {
      err.println(
          "warning: the fitted success curve of "
              + String.join(", ", flat)
              + (flat.size() == 1 ? " is" : " are")
              + " flat (success does not change with task length); no horizon, excluded from the"
              + " trend");
    }
    if (!rising.isEmpty()) {
      err.println(
          "warning: success rises with task length for "
              + String.join(", ", rising)
              + " (slope > 0), so "
              + (rising.size() == 1 ? "its horizon is not a horizon" : "their horizons are not")
              + (includeRising
                  ? "; kept in the doubling fit (--include-rising)"
                  : "; excluded from the doubling fit (--include-rising keeps it)"));
    }
    err.flush();
    Report report =
        new Report(
            List.copyOf(rows),
            List.copyOf(undated),
            List.copyOf(unbounded),
            List.copyOf(rising),
            List.copyOf(flat),
            includeRising,
            List.copyOf(extrapolated),
            windows,
            bootstrap,
            seed,
            regularization);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(report, out);
    } else {
      printTable(report, out);
    }
    if (reportFile != null) {
      TrendsHtml.writeHorizon(report, reportFile);
    }
    return 0;
  }

  /** The runs of every file, in argument order; Inspect logs by extension or content. */
  private List<Run> readRuns(Optional<String> column) {
    if (!(successThreshold > 0) || Double.isInfinite(successThreshold)) {
      throw LoopwatchException.userInput(
          "--success-threshold must be a positive number: " + successThreshold);
    }
    InspectRuns.Options inspect =
        new InspectRuns.Options(
            minutesField, Optional.ofNullable(scorer), successThreshold, continuousScores);
    List<Run> runs = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    for (Path file : runFiles) {
      if (!Files.exists(file)) {
        throw LoopwatchException.userInput("run file " + file + " does not exist");
      }
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".eval") || InspectLogReader.isInspectLog(file)) {
        InspectRuns.Result result = InspectRuns.of(InspectLogReader.read(file), inspect);
        runs.addAll(result.runs());
        if (result.skipped() > 0) {
          err.println(
              "warning: "
                  + file
                  + ": skipped "
                  + result.skipped()
                  + (result.skipped() == 1 ? " sample that" : " samples that")
                  + " ended in an error without a score");
        }
      } else {
        runs.addAll(RunReader.readAll(file, column));
      }
    }
    return runs;
  }

  private void printTable(Report report, PrintWriter out) {
    int width = "agent".length();
    for (AgentRow row : report.agents()) {
      width = Math.max(width, row.agent().length());
    }
    StringBuilder header = new StringBuilder();
    header.append(
        String.format(Locale.ROOT, "%-" + width + "s  %-10s  %6s", "agent", "released", "runs"));
    for (int percent : success.stream().distinct().toList()) {
      header.append(
          String.format(
              Locale.ROOT, "  %10s  %-22s", "p" + percent + " min", "p" + percent + " 95% CI"));
    }
    out.println(header.toString().stripTrailing());
    for (AgentRow row : report.agents()) {
      StringBuilder line = new StringBuilder();
      line.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %-10s  %6d",
              row.agent(),
              row.released().map(LocalDate::toString).orElse("-"),
              row.runs()));
      for (HorizonRow horizon : row.horizons()) {
        line.append(
            String.format(
                Locale.ROOT,
                "  %10s  %-22s",
                horizon
                    .minutes()
                    .map(HorizonCommand::minutes)
                    .orElse(row.status().equals("flat") ? "flat" : "unbounded"),
                horizon
                    .interval()
                    .map(i -> "[" + minutes(i.low()) + ", " + minutes(i.high()) + "]")
                    .orElse("-")));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println();
    out.println("doubling time (p50 frontier):");
    for (Window window : report.doublingTimes()) {
      if (window.doublingTime().isEmpty()) {
        out.println("  " + window.label() + ": skipped, " + window.skipped().orElse(""));
        continue;
      }
      DoublingTime doubling = window.doublingTime().get();
      out.println(
          "  "
              + window.label()
              + ": "
              + Dates.number(doubling.days(), 1)
              + " days"
              + doubling
                  .interval()
                  .map(i ->
                      ", 95% CI ["
                          + Dates.days(i.low())
                          + ", "
                          + Dates.days(i.high())
                          + "] ("
                          + i.samples()
                          + " samples)")
                  .orElse(""));
      out.println("    frontier: " + String.join(", ", doubling.frontier()));
      if (!doubling.floored().isEmpty()) {
        out.println("    floored to 0.001 minutes: " + String.join(", ", doubling.floored()));
      }
    }
    if (!report.rising().isEmpty()) {
      out.println(
          report.includeRising()
              ? "rising curve, kept in the doubling fit: " + String.join(", ", report.rising())
              : "rising curve, excluded from the doubling fit: "
                  + String.join(", ", report.rising())
                  + " (--include-rising keeps it)");
    }
    if (!report.flat().isEmpty()) {
      out.println("flat curve, no horizon: " + String.join(", ", report.flat()));
    }
    out.flush();
  }

  /** The windows to report: the one given by --since/--until, else the default three. */
  private List<Window> windows() {
    if (after != null || before != null) {
      Optional<LocalDate> from = Optional.ofNullable(after).map(a -> Dates.parse("--since", a));
      Optional<LocalDate> until = Optional.ofNullable(before).map(b -> Dates.parse("--until", b));
      String label =
          from.map(f -> "from " + f).orElse("")
              + (from.isPresent() && until.isPresent() ? " " : "")
              + until.map(u -> "before " + u).orElse("");
      return List.of(new Window(label, from, until, Optional.empty(), Optional.empty()));
    }
    Optional<LocalDate> end = Optional.of(DEFAULT_END);
    List<Window> windows = new ArrayList<>();
    windows.add(new Window("all data", Optional.empty(), end, Optional.empty(), Optional.empty()));
    for (LocalDate start : DEFAULT_STARTS) {
      windows.add(
          new Window("from " + start, Optional.of(start), end, Optional.empty(), Optional.empty()));
    }
    return List.copyOf(windows);
  }

  /** {@code window} with its doubling time, or with the reason it has none. */
  private static Window doubling(
      Window window, List<AgentPoint> points, Optional<HorizonSamples> samples) {
    LocalDate from = window.after().orElse(LocalDate.MIN);
    LocalDate until = window.before().orElse(LocalDate.MAX);
    List<AgentPoint> frontier = DoublingTimes.frontier(points, from, until);
    long dates = frontier.stream().map(AgentPoint::released).distinct().count();
    if (dates < 2) {
      return new Window(
          window.label(),
          window.after(),
          window.before(),
          Optional.empty(),
          Optional.of(
              "fewer than 2 frontier release dates ("
                  + (frontier.isEmpty()
                      ? "no agents"
                      : String.join(", ", frontier.stream().map(AgentPoint::agent).toList()))
                  + ")"));
    }
    DoublingTime doubling =
        samples.isPresent()
            ? DoublingTimes.estimate(points, from, until, samples.get(), LEVEL)
            : DoublingTimes.estimate(points, from, until);
    return new Window(
        window.label(), window.after(), window.before(), Optional.of(doubling), Optional.empty());
  }

  private static String minutes(double value) {
    return Numbers.significant(value);
  }
}
