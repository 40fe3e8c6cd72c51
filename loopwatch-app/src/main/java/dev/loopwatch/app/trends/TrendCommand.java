package dev.loopwatch.app.trends;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.trends.breakpoint.Breakpoint;
import dev.loopwatch.trends.breakpoint.DateInterval;
import dev.loopwatch.trends.breakpoint.Line;
import dev.loopwatch.trends.breakpoint.Projection;
import dev.loopwatch.trends.breakpoint.SeriesPoint;
import dev.loopwatch.trends.breakpoint.SeriesReader;
import dev.loopwatch.trends.breakpoint.TrendAnalysis;
import dev.loopwatch.trends.breakpoint.TrendOptions;
import dev.loopwatch.trends.breakpoint.TrendResult;
import dev.loopwatch.trends.horizon.ReleaseDates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch trend}: a single line against a broken line on a dated series, the slope ratio
 * with its bootstrap interval, the verdict and projections.
 */
@Command(
    name = "trend",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch trend eci.csv --search-breakpoint",
      "  loopwatch trend horizons.csv --log --breakpoint 2024-06-01 --target 480 --unit minutes",
      "  loopwatch trend speedups.csv --log --group claude-opus-4-6 --html trend.html"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Fit a single line and a broken line to a date,value[,group] CSV series.",
      "Reports the slope ratio with a bootstrap interval, whether the trend accelerated, and when",
      "it reaches each target."
    })
public final class TrendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "SERIES", description = "CSV with date,value[,group].")
  Path seriesFile;

  /** The breakpoint choice: fixed or searched. */
  static final class BreakpointChoice {
    @Option(
        names = "--breakpoint",
        paramLabel = "DATE|MODEL",
        description =
            "A fixed breakpoint: the last day of the first segment, or a model whose release date"
                + " --release-dates gives.")
    String date;

    @Option(
        names = "--search-breakpoint",
        description = "Search the breakpoint of least squared error (the default).")
    boolean search;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  BreakpointChoice breakpoint;

  @Option(
      names = "--release-dates",
      paramLabel = "FILE",
      description = "Model release dates (alias: date), so --breakpoint can name a model.")
  Path releaseDatesFile;

  @Option(names = "--log", description = "Fit ln(value), e.g. for time horizons.")
  boolean log;

  @Option(
      names = "--discontinuous",
      description = "Fit two independent lines instead of segments that meet at the breakpoint.")
  boolean discontinuous;

  @Option(
      names = "--group",
      paramLabel = "G",
      description = "Only the points of this group (the file's group column).")
  String group;

  @Option(
      names = "--min-segment",
      paramLabel = "K",
      description = "Fewest points on each side of the breakpoint (default 3).")
  int minSegment = 3;

  @Option(
      names = "--target",
      split = ",",
      paramLabel = "V",
      description = "Values to project the reaching date of (default 480,2400,10020 minutes).")
  List<Double> targets = new ArrayList<>(TrendOptions.HORIZON_TARGETS);

  @Option(
      names = "--unit",
      paramLabel = "NAME",
      description =
          "The unit of the series' values and the targets, named in the projections (default"
              + " minutes, the unit of the default targets).")
  String unit = "minutes";

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Bootstrap resamples (default 1000; 0 for no intervals and no verdict).")
  int bootstrap = 1000;

  @Option(names = "--seed", paramLabel = "S", description = "Bootstrap seed (default 42).")
  long seed = 42;

  @Option(names = "--json", description = "Print JSON instead of text.")
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
   * The JSON report.
   *
   * @param group the group fitted, when one was chosen
   * @param breakpoint the breakpoint date
   * @param searched whether the breakpoint was searched
   * @param unit the unit of the values and the projection targets
   * @param result the fits, comparison, verdict and projections
   */
  record Report(
      Optional<String> group,
      LocalDate breakpoint,
      boolean searched,
      String unit,
      TrendResult result) {}

  @Override
  public Integer call() {
    if (bootstrap < 0) {
      throw LoopwatchException.userInput("--bootstrap must be 0 or more: " + bootstrap);
    }
    if (minSegment < 2) {
      throw LoopwatchException.userInput("--min-segment must be 2 or more: " + minSegment);
    }
    for (double target : targets) {
      if (!Double.isFinite(target) || (log && !(target > 0))) {
        throw LoopwatchException.userInput(
            "--target must be finite, and positive with --log: " + target);
      }
    }
    Breakpoint chosen =
        breakpoint != null && breakpoint.date != null
            ? new Breakpoint.Fixed(breakpointDate(breakpoint.date))
            : new Breakpoint.Searched();
    List<SeriesPoint> points = SeriesReader.read(seriesFile);
    if (group != null) {
      points = points.stream().filter(p -> p.group().equals(Optional.of(group))).toList();
      if (points.isEmpty()) {
        throw LoopwatchException.userInput(seriesFile + " has no points in group " + group);
      }
    }
    TrendOptions options =
        new TrendOptions(chosen, !discontinuous, log, bootstrap, seed, minSegment, targets, 0.95);
    TrendResult result = TrendAnalysis.analyze(points, options);
    PrintWriter out = spec.commandLine().getOut();
    Report report =
        new Report(
            Optional.ofNullable(group),
            result.breakpointDate(),
            chosen instanceof Breakpoint.Searched,
            unit,
            result);
    if (json) {
      Json.print(report, out);
    } else {
      print(result, chosen, out);
    }
    if (reportFile != null) {
      TrendsHtml.writeTrend(report, points, reportFile);
    }
    return 0;
  }

  private void print(TrendResult result, Breakpoint chosen, PrintWriter out) {
    out.println(
        "series: "
            + result.points()
            + " points, "
            + result.first()
            + ".."
            + result.last()
            + (result.log() ? ", fitted as ln(value)" : ""));
    out.println("single line: " + slope(result.single()));
    out.println(
        "broken line ("
            + (result.broken().continuous() ? "continuous" : "discontinuous")
            + ", "
            + (chosen instanceof Breakpoint.Searched ? "searched" : "fixed")
            + " breakpoint "
            + result.breakpointDate()
            + "):");
    out.println("  before: " + slope(result.broken().before()));
    out.println("  after:  " + slope(result.broken().after()));
    out.println(
        "slope ratio (after/before): "
            + Dates.number(result.slopeRatio(), 2)
            + result
                .ratioInterval()
                .map(i ->
                    ", 95% CI ["
                        + Dates.number(i.low(), 2)
                        + ", "
                        + Dates.number(i.high(), 2)
                        + "] ("
                        + i.samples()
                        + " resamples)")
                .orElse(", no interval (--bootstrap 0)"));
    var comparison = result.comparison();
    out.println(
        "model comparison: LOO-CV MSE single "
            + Dates.number(comparison.singleCvError(), 4)
            + ", broken "
            + Dates.number(comparison.brokenCvError(), 4)
            + "; BIC single "
            + Dates.number(comparison.singleBic(), 1)
            + ", broken "
            + Dates.number(comparison.brokenBic(), 1)
            + (comparison.brokenWins()
                ? " -> the broken line wins both"
                : " -> the broken line does not win both"));
    out.println("verdict: " + result.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    out.println("projections (date the trend reaches each target, in " + unit + "; 95% CI):");
    String target = "target (" + unit + ")";
    int width = Math.max(10, target.length());
    out.println(
        String.format(
            Locale.ROOT, "  %" + width + "s  %-36s  %s", target, "single line", "broken line"));
    for (Projection projection : result.projections()) {
      out.println(
          String.format(
                  Locale.ROOT,
                  "  %" + width + "s  %-36s  %s",
                  Dates.number(projection.target(), 0),
                  date(projection.single(), projection.singleInterval()),
                  date(projection.broken(), projection.brokenInterval()))
              .stripTrailing());
    }
    out.flush();
  }

  private String slope(Line line) {
    String text = Dates.number(line.slope() * 365.25, 4) + " per year";
    if (log && line.slope() > 0) {
      text += " (doubling every " + Dates.number(Math.log(2) / line.slope(), 1) + " days)";
    }
    return text;
  }

  private static String date(Optional<LocalDate> date, Optional<DateInterval> interval) {
    String text = date.map(LocalDate::toString).orElse("never");
    if (interval.isPresent()) {
      text +=
          " ["
              + interval.get().low().map(LocalDate::toString).orElse("never")
              + ", "
              + interval.get().high().map(LocalDate::toString).orElse("never")
              + "]";
    }
    return text;
  }

  /** A date, or the release date of the model {@code text} names in --release-dates. */
  private LocalDate breakpointDate(String text) {
    if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return Dates.parse("--breakpoint", text);
    }
    if (releaseDatesFile == null) {
      throw LoopwatchException.userInput(
          "--breakpoint '"
              + text
              + "' is not a YYYY-MM-DD date; to name a model, give --release-dates");
    }
    LocalDate released = ReleaseDates.read(releaseDatesFile).get(text);
    if (released == null) {
      throw LoopwatchException.userInput(
          "--breakpoint: model '" + text + "' has no release date in " + releaseDatesFile);
    }
    return released;
  }
}
