package dev.loopwatch.app.trends;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.trends.breakpoint.Breakpoint;
import dev.loopwatch.trends.breakpoint.SeriesPoint;
import dev.loopwatch.trends.breakpoint.TrendAnalysis;
import dev.loopwatch.trends.breakpoint.TrendOptions;
import dev.loopwatch.trends.breakpoint.TrendResult;
import dev.loopwatch.trends.horizon.Interval;
import dev.loopwatch.trends.index.BenchmarkParams;
import dev.loopwatch.trends.index.CapabilityIndex;
import dev.loopwatch.trends.index.IndexFit;
import dev.loopwatch.trends.index.IndexFlag;
import dev.loopwatch.trends.index.IndexOptions;
import dev.loopwatch.trends.index.IndexStore;
import dev.loopwatch.trends.index.ModelIndex;
import dev.loopwatch.trends.index.ScaleAnchor;
import dev.loopwatch.trends.index.Score;
import dev.loopwatch.trends.index.ScoreReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch index}: Epoch's capability index (ECI) fitted from benchmark scores, with
 * bootstrap intervals and diagnostics, stored, and optionally its breakpoint trend.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description =
        "Fit a capability index (Epoch's ECI) to (model, benchmark, score) rows: one capability"
            + " per model and a difficulty and discriminability per benchmark, with bootstrap"
            + " intervals, rescaled so two anchor models take two values (default Claude 3.5"
            + " Sonnet 130, GPT-5 150).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch index eci_benchmarks.csv --bootstrap 100 --html index.html",
      "  loopwatch index scores.jsonl --anchor-benchmark MMLU --anchor a=10 --anchor b=20",
      "  loopwatch index scores.csv --csv --no-store > eci.csv",
      "  loopwatch index scores.csv --trend --no-store"
    })
public final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Parameters(
      index = "0",
      paramLabel = "SCORES",
      description =
          "Scores, CSV or JSONL: Model (or model, model_id), benchmark (or benchmark_id),"
              + " performance (or score) in [0, 1], optional date and source.")
  Path scoresFile;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Bootstrap draws (default 100, Epoch's; 0 for no intervals).")
  int bootstrap = 100;

  @Option(names = "--seed", paramLabel = "S", description = "Bootstrap seed (default 12345).")
  long seed = 12345;

  @Option(
      names = "--anchor-benchmark",
      paramLabel = "NAME",
      description =
          "The benchmark pinned to difficulty 0, discriminability 1 (default Winogrande).")
  String anchorBenchmark = IndexOptions.WINOGRANDE;

  @Option(
      names = "--anchor",
      paramLabel = "MODEL=VALUE",
      description =
          "A model and its fixed index; give two (default 'Claude 3.5 Sonnet=130', 'GPT-5=150').")
  List<String> anchors = new ArrayList<>();

  @Option(
      names = "--regularization",
      paramLabel = "R",
      description = "L2 strength, divided by the number of parameters (default 0.1, Epoch's).")
  double regularization = 0.1;

  @Option(
      names = "--min-benchmarks",
      paramLabel = "K",
      description = "Flag models scored on fewer benchmarks (default 4).")
  int minBenchmarks = 4;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Bootstrap worker threads (default: the number of cores).")
  int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** The output format: text, JSON or CSV. */
  static final class Format {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
        names = "--csv",
        description =
            "Print the models as CSV (model,date,value,low,high,...), a series `loopwatch trend`"
                + " reads.")
    boolean csv;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Format format = new Format();

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write a self-contained HTML page with the chart and tables.")
  Path htmlFile;

  /** The old spelling of {@code --html}, kept hidden for one release. */
  @Option(names = "--report", hidden = true, paramLabel = "FILE")
  void reportFile(Path file) {
    if (htmlFile != null) {
      throw new IllegalArgumentException("give --html or its old spelling --report, not both");
    }
    htmlFile = file;
  }

  @Option(names = "--no-store", description = "Do not save the fit in the store.")
  boolean noStore;

  @Option(
      names = "--trend",
      description =
          "Also fit a single and a broken line to the dated models' index (as `loopwatch trend`"
              + " does) and report the slope ratio.")
  boolean trend;

  /**
   * The JSON report.
   *
   * @param input the score file
   * @param fit the fitted index
   * @param trend the breakpoint trend of the dated models' index, with {@code --trend}
   * @param stored the stored fit's id, unless {@code --no-store}
   */
  record Report(String input, IndexFit fit, Optional<TrendResult> trend, Optional<String> stored) {
    Report {
      requireNonNull(input, "input is null");
      requireNonNull(fit, "fit is null");
      requireNonNull(trend, "trend is null");
      requireNonNull(stored, "stored is null");
    }
  }

  @Override
  public Integer call() {
    if (bootstrap < 0) {
      throw LoopwatchException.userInput("--bootstrap must be 0 or more: " + bootstrap);
    }
    if (parallelism < 1) {
      throw LoopwatchException.userInput("--parallelism must be 1 or more: " + parallelism);
    }
    if (minBenchmarks < 1) {
      throw LoopwatchException.userInput("--min-benchmarks must be 1 or more: " + minBenchmarks);
    }
    if (!(regularization >= 0) || Double.isInfinite(regularization)) {
      throw LoopwatchException.userInput("--regularization must be 0 or more: " + regularization);
    }
    List<ScaleAnchor> scale = scaleAnchors();
    IndexOptions defaults = IndexOptions.defaults();
    IndexOptions options;
    try {
      options =
          new IndexOptions(
              anchorBenchmark,
              defaults.anchorDifficulty(),
              defaults.anchorDiscriminability(),
              scale.get(0),
              scale.get(1),
              regularization,
              defaults.clip(),
              bootstrap,
              seed,
              defaults.level(),
              minBenchmarks,
              parallelism);
    } catch (IllegalArgumentException e) {
      throw LoopwatchException.userInput("--anchor: " + e.getMessage());
    }
    List<Score> scores = ScoreReader.read(scoresFile);
    IndexFit fit = CapabilityIndex.fit(scores, options);
    Optional<TrendResult> trendResult = trend ? Optional.of(trend(fit)) : Optional.empty();
    Optional<String> stored = Optional.empty();
    if (!noStore) {
      try (Store opened = store.open(StoreParts.ALL)) {
        stored = Optional.of(IndexStore.record(opened, fit, scoresFile.toString(), Instant.now()));
      }
    }
    Report report = new Report(scoresFile.toString(), fit, trendResult, stored);
    warn(fit);
    PrintWriter out = spec.commandLine().getOut();
    if (format.json) {
      Json.print(report, out);
    } else if (format.csv) {
      printCsv(fit, out);
    } else {
      print(report, out);
    }
    out.flush();
    Optional.ofNullable(htmlFile).ifPresent(file -> IndexHtml.write(report, file));
    return 0;
  }

  private List<ScaleAnchor> scaleAnchors() {
    if (anchors.isEmpty()) {
      return List.of(IndexOptions.CLAUDE_3_5_SONNET, IndexOptions.GPT_5);
    }
    if (anchors.size() != 2) {
      throw LoopwatchException.userInput(
          "--anchor must be given twice (MODEL=VALUE), got " + anchors.size());
    }
    List<ScaleAnchor> parsed = new ArrayList<>();
    for (String text : anchors) {
      int equals = text.lastIndexOf('=');
      if (equals <= 0 || equals == text.length() - 1) {
        throw LoopwatchException.userInput("--anchor must be MODEL=VALUE: '" + text + "'");
      }
      double value;
      try {
        value = Double.parseDouble(text.substring(equals + 1).strip());
      } catch (NumberFormatException e) {
        throw LoopwatchException.userInput("--anchor value is not a number: '" + text + "'");
      }
      if (!Double.isFinite(value)) {
        throw LoopwatchException.userInput("--anchor value must be finite: '" + text + "'");
      }
      parsed.add(new ScaleAnchor(text.substring(0, equals).strip(), value));
    }
    parsed.sort(Comparator.comparingDouble(ScaleAnchor::value));
    return List.copyOf(parsed);
  }

  /** The breakpoint trend of the dated models' index, with the `trend` command's defaults. */
  private TrendResult trend(IndexFit fit) {
    List<SeriesPoint> points = series(fit);
    TrendOptions options =
        new TrendOptions(new Breakpoint.Searched(), true, false, 1000, 42, 3, List.of(), 0.95);
    return TrendAnalysis.analyze(points, options);
  }

  /** The dated models' index as a series, in date then name order. */
  static List<SeriesPoint> series(IndexFit fit) {
    return fit.models().stream()
        .filter(m -> m.date().isPresent())
        .sorted(
            Comparator.comparing((ModelIndex m) -> m.date().orElseThrow())
                .thenComparing(ModelIndex::model))
        .map(m -> SeriesPoint.of(m.date().orElseThrow(), m.index()))
        .toList();
  }

  private void warn(IndexFit fit) {
    PrintWriter err = spec.commandLine().getErr();
    if (!fit.converged()) {
      err.println(
          "warning: the solver stopped at its iteration cap before converging ("
              + fit.iterations()
              + " steps)");
    }
    if (fit.failedDraws() > 0) {
      err.println(
          "warning: "
              + fit.failedDraws()
              + " of "
              + fit.options().bootstrap()
              + " bootstrap draws were left out (no convergence, or the anchor models swapped)");
    }
    for (IndexFlag flag : IndexFlag.values()) {
      List<String> names = new ArrayList<>();
      fit.models().stream()
          .filter(m -> m.flags().contains(flag))
          .forEach(m -> names.add(m.model()));
      fit.benchmarks().stream()
          .filter(b -> b.flags().contains(flag))
          .forEach(b -> names.add(b.benchmark()));
      if (!names.isEmpty()) {
        err.println("warning: " + describe(flag) + ": " + String.join(", ", names));
      }
    }
    err.flush();
  }

  private String describe(IndexFlag flag) {
    return switch (flag) {
      case FEW_BENCHMARKS -> "models scored on fewer than " + minBenchmarks + " benchmarks";
      case ONE_MODEL -> "benchmarks only one model was scored on (weakly identified)";
      case CONSTANT_SCORES -> "benchmarks on which every model scored the same";
      case NOT_LINKED ->
          "not linked to the anchor benchmark by shared scores (placed by the penalty alone)";
      case AT_BOUND -> "parameters on a bound of the fit";
    };
  }

  private static void printCsv(IndexFit fit, PrintWriter out) {
    out.println("model,date,value,low,high,capability,benchmarks,rmse,flags");
    for (ModelIndex model : fit.models()) {
      out.println(
          String.join(
              ",",
              csv(model.model()),
              model.date().map(LocalDate::toString).orElse(""),
              number(model.index()),
              model.interval().map(i -> number(i.low())).orElse(""),
              model.interval().map(i -> number(i.high())).orElse(""),
              number(model.capability()),
              Integer.toString(model.benchmarks()),
              number(model.rmse()),
              model.flags().stream().map(IndexFlag::label).collect(Collectors.joining(";"))));
    }
  }

  private static String csv(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? '"' + text.replace("\"", "\"\"") + '"'
        : text;
  }

  private static String number(double value) {
    return Double.toString(value);
  }

  private void print(Report report, PrintWriter out) {
    IndexFit fit = report.fit();
    IndexOptions options = fit.options();
    out.println(
        "index: "
            + fit.models().size()
            + " models, "
            + fit.benchmarks().size()
            + " benchmarks, "
            + fit.scores()
            + " scores; anchor benchmark "
            + options.anchorBenchmark()
            + "; scale "
            + options.low().model()
            + " = "
            + Numbers.significant(options.low().value())
            + ", "
            + options.high().model()
            + " = "
            + Numbers.significant(options.high().value()));
    String level = Math.round(options.level() * 100) + "% CI";
    out.println(
        fit.draws() > 0
            ? "intervals: " + level + " from " + fit.draws() + " bootstrap draws"
            : "intervals: none (--bootstrap 0)");
    out.println();
    int width = "model".length();
    for (ModelIndex model : fit.models()) {
      width = Math.max(width, model.model().length());
    }
    out.println(
        String.format(
            Locale.ROOT,
            "%-" + width + "s  %-10s  %5s  %8s  %-20s  %s",
            "model",
            "released",
            "bench",
            "index",
            level,
            "flags"));
    for (ModelIndex model : fit.models()) {
      out.println(
          String.format(
                  Locale.ROOT,
                  "%-" + width + "s  %-10s  %5d  %8.2f  %-20s  %s",
                  model.model(),
                  model.date().map(LocalDate::toString).orElse("-"),
                  model.benchmarks(),
                  model.index(),
                  interval(model.interval()),
                  labels(model.flags()))
              .stripTrailing());
    }
    out.println();
    width = "benchmark".length();
    for (BenchmarkParams benchmark : fit.benchmarks()) {
      width = Math.max(width, benchmark.benchmark().length() + (benchmark.anchor() ? 9 : 0));
    }
    out.println(
        String.format(
            Locale.ROOT,
            "%-" + width + "s  %6s  %10s  %-20s  %7s  %6s  %s",
            "benchmark",
            "models",
            "difficulty",
            level,
            "slope",
            "rmse",
            "flags"));
    for (BenchmarkParams benchmark : fit.benchmarks()) {
      out.println(
          String.format(
                  Locale.ROOT,
                  "%-" + width + "s  %6d  %10.2f  %-20s  %7.4f  %6.3f  %s",
                  benchmark.benchmark() + (benchmark.anchor() ? " (anchor)" : ""),
                  benchmark.models(),
                  benchmark.index(),
                  interval(benchmark.indexInterval()),
                  benchmark.slope(),
                  benchmark.rmse(),
                  labels(benchmark.flags()))
              .stripTrailing());
    }
    report.trend().ifPresent(result -> printTrend(result, out));
    report.stored().ifPresent(id -> out.println("\nstored as fit " + id + " in " + store.path()));
  }

  private static void printTrend(TrendResult result, PrintWriter out) {
    out.println();
    out.println(
        "trend of the dated models' index: "
            + result.points()
            + " points, "
            + result.first()
            + ".."
            + result.last());
    out.println(
        "  single line: " + Dates.number(result.single().slope() * 365.25, 2) + " per year");
    out.println(
        "  broken line at "
            + result.breakpointDate()
            + ": "
            + Dates.number(result.broken().before().slope() * 365.25, 2)
            + " -> "
            + Dates.number(result.broken().after().slope() * 365.25, 2)
            + " per year");
    out.println(
        "  slope ratio (after/before): "
            + Dates.number(result.slopeRatio(), 2)
            + result
                .ratioInterval()
                .map(i ->
                    ", 95% CI ["
                        + Dates.number(i.low(), 2)
                        + ", "
                        + Dates.number(i.high(), 2)
                        + "]")
                .orElse(""));
    out.println("  verdict: " + result.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '));
  }

  private static String interval(Optional<Interval> interval) {
    return interval
        .map(i -> String.format(Locale.ROOT, "[%.2f, %.2f]", i.low(), i.high()))
        .orElse("-");
  }

  private static String labels(List<IndexFlag> flags) {
    return flags.stream().map(IndexFlag::label).collect(Collectors.joining(","));
  }
}
