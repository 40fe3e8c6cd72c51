package dev.loopwatch.trends.breakpoint;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Quantiles;
import dev.loopwatch.trends.horizon.Interval;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Fits a single line and a broken line to a dated series and compares them.
 *
 * <p>x is the day since 1970-01-01, y the value or its natural log. The broken line has a fixed
 * breakpoint (which must leave {@code minSegment} points on each side) or the one of least squared
 * error among the whole days from the m-th to the (n - m)-th point, where m is the larger of {@code
 * minSegment} and 15% of n (see {@link #searchMargin}). The comparison uses leave-one-out
 * cross-validation (the breakpoint re-searched in each fold when searched) and BIC; the slope ratio
 * and projection intervals come from a seeded nonparametric bootstrap that resamples points with
 * replacement and refits both models (re-searching a searched breakpoint), skipping resamples that
 * cannot be fitted. The slope ratio's interval is a percentile interval of ln(ratio),
 * exponentiated, so it never goes below 0: a resample whose second segment is flat or falling
 * (ratio at most 0) counts as ln(ratio) = -infinity (interval bound 0: the trend may stop or
 * reverse), and a resample whose first segment is flat or falling is dropped, since a ratio to a
 * non-rising slope is no rate ratio. Percentiles of the raw ratio gave negative lower bounds,
 * meaningless for a ratio of rates. Projections solve the single line, and the broken line's last
 * segment, for each target; a flat or falling line never reaches one.
 */
public final class TrendAnalysis {
  private static final double SEARCH_TRIM = 0.15;

  /** Epoch day of 9999-12-31: later projections are reported as empty. */
  private static final double LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private TrendAnalysis() {}

  /**
   * Analyses {@code points} under {@code options}.
   *
   * @throws LoopwatchException (user input) when the series is too short, a fixed breakpoint lies
   *     outside the data or leaves too few points on a side, or {@code log} meets a non-positive
   *     value
   */
  public static TrendResult analyze(List<SeriesPoint> points, TrendOptions options) {
    requireNonNull(points, "points is null");
    requireNonNull(options, "options is null");
    List<SeriesPoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparing(SeriesPoint::date));
    int n = sorted.size();
    if (n < 2 * options.minSegment()) {
      throw LoopwatchException.userInput(
          "a broken-line fit needs at least " + 2 * options.minSegment() + " points, found " + n);
    }
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      SeriesPoint point = sorted.get(i);
      x[i] = point.date().toEpochDay();
      if (options.log() && !(point.value() > 0)) {
        throw LoopwatchException.userInput(
            "log space needs positive values; the value on "
                + point.date()
                + " is "
                + point.value());
      }
      y[i] = options.log() ? Math.log(point.value()) : point.value();
    }
    LocalDate first = sorted.get(0).date();
    LocalDate last = sorted.get(n - 1).date();
    if (options.breakpoint() instanceof Breakpoint.Fixed fixed) {
      checkFixed(fixed.date(), x, first, last, options.minSegment());
    }
    Line single =
        LineFits.ols(x, y, n)
            .orElseThrow(
                () -> LoopwatchException.userInput("the series needs at least two distinct dates"));
    BrokenLine broken =
        broken(x, y, n, options)
            .orElseThrow(() ->
                LoopwatchException.userInput(
                    "no breakpoint leaves two distinct dates and "
                        + options.minSegment()
                        + " points on each side"));
    ModelComparison comparison = compare(x, y, n, single, broken, options);
    Samples samples = bootstrap(x, y, n, options);
    Optional<Interval> ratioInterval = samples.ratioInterval(options.level());
    Verdict verdict = verdict(broken, comparison, ratioInterval);
    List<Projection> projections = new ArrayList<>();
    for (double target : options.targets()) {
      double level = options.log() ? Math.log(target) : target;
      projections.add(
          new Projection(
              target,
              date(reach(single, level)),
              samples.projection(samples.single, level, options.level()),
              date(reach(broken.after(), level)),
              samples.projection(samples.after, level, options.level())));
    }
    return new TrendResult(
        n,
        first,
        last,
        options.log(),
        single,
        broken,
        broken.slopeRatio(),
        ratioInterval,
        comparison,
        verdict,
        projections);
  }

  private static void checkFixed(
      LocalDate breakpoint, double[] x, LocalDate first, LocalDate last, int minSegment) {
    if (!breakpoint.isAfter(first) || !breakpoint.isBefore(last)) {
      throw LoopwatchException.userInput(
          "breakpoint "
              + breakpoint
              + " is outside the data range "
              + first
              + ".."
              + last
              + "; it must fall after the first date and before the last");
    }
    double day = breakpoint.toEpochDay();
    int before = 0;
    for (double value : x) {
      if (value <= day) {
        before++;
      }
    }
    int after = x.length - before;
    if (before < minSegment || after < minSegment) {
      throw LoopwatchException.userInput(
          "breakpoint "
              + breakpoint
              + " leaves "
              + before
              + " point(s) up to it and "
              + after
              + " after it; each side needs at least "
              + minSegment);
    }
  }

  private static Optional<BrokenLine> broken(double[] x, double[] y, int n, TrendOptions options) {
    return switch (options.breakpoint()) {
      case Breakpoint.Fixed fixed ->
          LineFits.broken(x, y, n, fixed.date().toEpochDay(), options.continuous());
      case Breakpoint.Searched searched ->
          LineFits.search(x, y, n, options.continuous(), searchMargin(n, options));
    };
  }

  /**
   * Points kept off each end when searching a breakpoint: at least {@code minSegment}, and 15% of
   * the points (the trimming of Andrews' 1993 test for a break at an unknown date), so that a few
   * noisy points at either end cannot pass for a change of slope.
   */
  static int searchMargin(int n, TrendOptions options) {
    return Math.max(options.minSegment(), (int) Math.ceil(SEARCH_TRIM * n));
  }

  private static ModelComparison compare(
      double[] x, double[] y, int n, Line single, BrokenLine broken, TrendOptions options) {
    double[] foldX = new double[n - 1];
    double[] foldY = new double[n - 1];
    double singleError = 0;
    double brokenError = 0;
    for (int out = 0; out < n; out++) {
      for (int i = 0, j = 0; i < n; i++) {
        if (i != out) {
          foldX[j] = x[i];
          foldY[j] = y[i];
          j++;
        }
      }
      Line foldSingle = LineFits.ols(foldX, foldY, n - 1).orElseThrow(TrendAnalysis::foldFailure);
      BrokenLine foldBroken =
          broken(foldX, foldY, n - 1, options).orElseThrow(TrendAnalysis::foldFailure);
      double singleResidual = y[out] - foldSingle.at(x[out]);
      double brokenResidual = y[out] - foldBroken.at(x[out]);
      singleError += singleResidual * singleResidual;
      brokenError += brokenResidual * brokenResidual;
    }
    int brokenParameters =
        (options.continuous() ? 3 : 4)
            + (options.breakpoint() instanceof Breakpoint.Searched ? 1 : 0);
    return new ModelComparison(
        singleError / n,
        brokenError / n,
        bic(LineFits.sse(single, x, y, n), n, 2),
        bic(LineFits.sse(broken, x, y, n), n, brokenParameters));
  }

  private static LoopwatchException foldFailure() {
    return LoopwatchException.userInput(
        "leave-one-out cross-validation needs two distinct dates on each side of the breakpoint"
            + " in every fold; add points or move the breakpoint");
  }

  /** BIC of a Gaussian least-squares fit, up to a constant shared by both models. */
  static double bic(double sse, int n, int parameters) {
    return n * Math.log(Math.max(sse, Double.MIN_NORMAL) / n) + parameters * Math.log(n);
  }

  private static Verdict verdict(
      BrokenLine broken, ModelComparison comparison, Optional<Interval> ratio) {
    if (!comparison.brokenWins() || ratio.isEmpty() || !(broken.before().slope() > 0)) {
      return Verdict.NOT_SHOWN;
    }
    if (ratio.get().low() > 1) {
      return Verdict.ACCELERATED;
    }
    if (ratio.get().high() < 1) {
      return Verdict.DECELERATED;
    }
    return Verdict.NOT_SHOWN;
  }

  /** The day a rising line reaches {@code level}; +infinity for a flat or falling line. */
  private static double reach(Line line, double level) {
    OptionalDouble day = line.reach(level);
    if (day.isEmpty() || !(line.slope() > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return day.getAsDouble();
  }

  private static Optional<LocalDate> date(double day) {
    if (!(day <= LAST_DAY) || day < LocalDate.of(-9999, 1, 1).toEpochDay()) {
      return Optional.empty();
    }
    return Optional.of(LocalDate.ofEpochDay(Math.round(day)));
  }

  private static Samples bootstrap(double[] x, double[] y, int n, TrendOptions options) {
    SplittableRandom random = new SplittableRandom(options.seed());
    double[] sampleX = new double[n];
    double[] sampleY = new double[n];
    List<Double> ratios = new ArrayList<>();
    List<Double> befores = new ArrayList<>();
    List<Line> singles = new ArrayList<>();
    List<Line> afters = new ArrayList<>();
    for (int b = 0; b < options.bootstrap(); b++) {
      for (int i = 0; i < n; i++) {
        int pick = random.nextInt(n);
        sampleX[i] = x[pick];
        sampleY[i] = y[pick];
      }
      Optional<Line> single = LineFits.ols(sampleX, sampleY, n);
      Optional<BrokenLine> broken = broken(sampleX, sampleY, n, options);
      if (single.isEmpty() || broken.isEmpty()) {
        continue;
      }
      singles.add(single.get());
      afters.add(broken.get().after());
      ratios.add(broken.get().slopeRatio());
      befores.add(broken.get().before().slope());
    }
    return new Samples(ratios, befores, singles, afters);
  }

  /** The fitted bootstrap resamples. */
  private record Samples(
      List<Double> ratios, List<Double> befores, List<Line> single, List<Line> after) {
    /** The percentile interval of ln(ratio), exponentiated; see the class comment. */
    Optional<Interval> ratioInterval(double level) {
      double[] logs = new double[ratios.size()];
      int n = 0;
      for (int i = 0; i < ratios.size(); i++) {
        double ratio = ratios.get(i);
        if (!(befores.get(i) > 0) || !Double.isFinite(ratio)) {
          continue;
        }
        // -Double.MAX_VALUE stands for ln 0 = -infinity: the percentile interpolation stays finite.
        logs[n++] = ratio > 0 ? Math.log(ratio) : -Double.MAX_VALUE;
      }
      if (n == 0) {
        return Optional.empty();
      }
      double[] values = Arrays.copyOf(logs, n);
      Arrays.sort(values);
      double alpha = (1 - level) / 2;
      return Optional.of(
          new Interval(
              Math.exp(Quantiles.sorted(values, alpha)),
              Math.exp(Quantiles.sorted(values, 1 - alpha)),
              n));
    }

    /** The percentile interval of the reaching day; never-reaching resamples sort last. */
    Optional<DateInterval> projection(List<Line> lines, double level, double confidence) {
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      double[] days = new double[lines.size()];
      for (int i = 0; i < days.length; i++) {
        days[i] = Math.min(reach(lines.get(i), level), 2 * LAST_DAY);
      }
      Arrays.sort(days);
      double alpha = (1 - confidence) / 2;
      return Optional.of(
          new DateInterval(
              date(Quantiles.sorted(days, alpha)),
              date(Quantiles.sorted(days, 1 - alpha)),
              days.length));
    }
  }
}
