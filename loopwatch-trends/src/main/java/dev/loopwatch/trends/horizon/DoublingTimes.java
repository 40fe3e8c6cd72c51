package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Quantiles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frontier rule and doubling time of METR's compute_trendline_ci.py and plot/bootstrap_ci.py.
 *
 * <p>Frontier: the agents released in {@code [after, before)}, taken date by date in release order;
 * the running maximum is raised to the best horizon of each date, and every agent of that date at
 * or above it is on the frontier (so ties on one date all count). Trend: OLS of {@code
 * ln(max(horizon, 1e-3))} on the release date in days; doubling time {@code ln 2 / slope}.
 * Interval: for each bootstrap sample, the same frontier agents' sampled horizons, raised to 1e-3
 * exactly as in the point fit (a sample where every run drawn for the agent failed counts as 0, as
 * the point fit counts an agent that failed every run), dropping skipped (NaN) and infinite values,
 * refitted when at least two remain; samples with a positive, finite doubling time (a flat sample
 * has none) give the percentiles. Dropping the floored values instead, as this class once did, left
 * an agent that failed every run out of every sample while its floored point pulled the point fit
 * down: the point estimate then fell outside its own interval.
 */
public final class DoublingTimes {
  /** The band is evaluated at this many equal steps across the frontier's release dates. */
  private static final int BAND_STEPS = 24;

  private static final double FLOOR = 1e-3;

  private DoublingTimes() {}

  /**
   * The frontier agents of {@code points} released in {@code [after, before)}, in release order.
   */
  public static List<AgentPoint> frontier(
      List<AgentPoint> points, LocalDate after, LocalDate before) {
    requireNonNull(points, "points is null");
    requireNonNull(after, "after is null");
    requireNonNull(before, "before is null");
    List<AgentPoint> window = new ArrayList<>();
    for (AgentPoint point : points) {
      if (!point.released().isBefore(after) && point.released().isBefore(before)) {
        window.add(point);
      }
    }
    window.sort(Comparator.comparing(AgentPoint::released)); // stable: ties keep input order
    List<AgentPoint> frontier = new ArrayList<>();
    double highest = Double.NEGATIVE_INFINITY;
    for (int start = 0; start < window.size(); ) {
      int end = start;
      while (end < window.size()
          && window.get(end).released().equals(window.get(start).released())) {
        highest = Math.max(highest, window.get(end).horizon());
        end++;
      }
      for (int i = start; i < end; i++) {
        if (window.get(i).horizon() >= highest) {
          frontier.add(window.get(i));
        }
      }
      start = end;
    }
    return List.copyOf(frontier);
  }

  /** The doubling time in days of the OLS fit of ln(max(horizon, 1e-3)) on release day. */
  public static double fit(List<AgentPoint> points) {
    requireNonNull(points, "points is null");
    double[] days = new double[points.size()];
    double[] logs = new double[points.size()];
    for (int i = 0; i < days.length; i++) {
      days[i] = points.get(i).released().toEpochDay();
      logs[i] = Math.log(Math.max(points.get(i).horizon(), FLOOR));
    }
    double slope = slope(days, logs, days.length);
    if (Double.isNaN(slope)) {
      throw LoopwatchException.userInput(
          "a doubling time needs at least two frontier agents with different release dates");
    }
    return Math.log(2) / slope;
  }

  /** The doubling time of the frontier in {@code [after, before)}, without an interval. */
  public static DoublingTime estimate(List<AgentPoint> points, LocalDate after, LocalDate before) {
    List<AgentPoint> frontier = frontier(points, after, before);
    return new DoublingTime(
        fit(frontier),
        Optional.empty(),
        frontier.stream().map(AgentPoint::agent).toList(),
        List.of(),
        floored(frontier));
  }

  /**
   * The doubling time of the frontier in {@code [after, before)} with the percentile interval at
   * {@code level} from the p50 bootstrap {@code samples}.
   */
  public static DoublingTime estimate(
      List<AgentPoint> points,
      LocalDate after,
      LocalDate before,
      HorizonSamples samples,
      double level) {
    requireNonNull(samples, "samples is null");
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    List<AgentPoint> frontier = frontier(points, after, before);
    double days = fit(frontier);
    int k = frontier.size();
    double[][] sampled = new double[k][];
    double[] releaseDays = new double[k];
    for (int i = 0; i < k; i++) {
      sampled[i] = samples.trendHorizons(frontier.get(i).agent(), 0.5);
      releaseDays[i] = frontier.get(i).released().toEpochDay();
    }
    double[] x = new double[k];
    double[] y = new double[k];
    double[] doublings = new double[samples.samples()];
    double[] intercepts = new double[samples.samples()];
    double[] slopes = new double[samples.samples()];
    int kept = 0;
    for (int s = 0; s < samples.samples(); s++) {
      int n = 0;
      for (int i = 0; i < k; i++) {
        double horizon = sampled[i][s];
        if (Double.isNaN(horizon) || Double.isInfinite(horizon)) {
          continue;
        }
        x[n] = releaseDays[i];
        y[n] = Math.log(Math.max(horizon, FLOOR));
        n++;
      }
      if (n < 2) {
        continue;
      }
      double slope = slope(x, y, n);
      double doubling = Math.log(2) / slope;
      if (doubling > 0 && Double.isFinite(doubling)) {
        intercepts[kept] = mean(y, n) - slope * mean(x, n);
        slopes[kept] = slope;
        doublings[kept++] = doubling;
      }
    }
    Optional<Interval> interval = Optional.empty();
    if (kept > 0) {
      double[] sorted = Arrays.copyOf(doublings, kept);
      Arrays.sort(sorted);
      double alpha = (1 - level) / 2;
      interval =
          Optional.of(
              new Interval(
                  Quantiles.sorted(sorted, alpha), Quantiles.sorted(sorted, 1 - alpha), kept));
    }
    List<DoublingTime.BandPoint> band = new ArrayList<>();
    if (kept > 0) {
      double first = Arrays.stream(releaseDays).min().orElseThrow();
      double last = Arrays.stream(releaseDays).max().orElseThrow();
      double alpha = (1 - level) / 2;
      double[] values = new double[kept];
      for (int step = 0; step <= BAND_STEPS; step++) {
        long day = Math.round(first + (last - first) * step / BAND_STEPS);
        for (int s = 0; s < kept; s++) {
          values[s] = Math.exp(intercepts[s] + slopes[s] * day);
        }
        Arrays.sort(values);
        band.add(
            new DoublingTime.BandPoint(
                LocalDate.ofEpochDay(day),
                Quantiles.sorted(values, alpha),
                Quantiles.sorted(values, 1 - alpha)));
      }
    }
    return new DoublingTime(
        days, interval, frontier.stream().map(AgentPoint::agent).toList(), band, floored(frontier));
  }

  private static List<String> floored(List<AgentPoint> frontier) {
    return frontier.stream().filter(p -> p.horizon() < FLOOR).map(AgentPoint::agent).toList();
  }

  /**
   * Pairs every fitted agent with its release date at success rate {@code p}.
   *
   * @throws LoopwatchException (user input) naming every agent without a release date, and every
   *     agent whose horizon is infinite (all runs succeeded), since neither can be trended
   */
  public static List<AgentPoint> points(
      List<AgentFit> fits, Map<String, LocalDate> releaseDates, double p) {
    requireNonNull(fits, "fits is null");
    requireNonNull(releaseDates, "releaseDates is null");
    List<AgentPoint> points = new ArrayList<>();
    List<String> undated = new ArrayList<>();
    List<String> unbounded = new ArrayList<>();
    for (AgentFit fit : fits) {
      LocalDate released = releaseDates.get(fit.agent());
      double horizon = fit.horizon(p);
      if (released == null) {
        undated.add(fit.agent());
      } else if (Double.isNaN(horizon) || Double.isInfinite(horizon)) {
        unbounded.add(fit.agent());
      } else {
        points.add(new AgentPoint(fit.agent(), released, horizon));
      }
    }
    if (!undated.isEmpty()) {
      throw LoopwatchException.userInput(
          "no release date for agent(s): " + String.join(", ", undated));
    }
    if (!unbounded.isEmpty()) {
      throw LoopwatchException.userInput(
          "no finite horizon for agent(s): " + String.join(", ", unbounded));
    }
    return List.copyOf(points);
  }

  private static double mean(double[] values, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    return sum / n;
  }

  /** The OLS slope of y on x over the first n points; NaN when x does not vary. */
  static double slope(double[] x, double[] y, int n) {
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += x[i];
      meanY += y[i];
    }
    meanX /= n;
    meanY /= n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - meanX) * (y[i] - meanY);
      sxx += (x[i] - meanX) * (x[i] - meanX);
    }
    return sxx == 0 ? Double.NaN : sxy / sxx;
  }
}
