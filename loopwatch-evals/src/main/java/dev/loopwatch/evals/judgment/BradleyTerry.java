package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Bootstrap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Bradley–Terry ratings on the Chatbot Arena scale, with session-bootstrap intervals, for several
 * candidates that were each compared with the human on the same items.
 *
 * <p><b>Model.</b> {@code P(a beats b) = 1 / (1 + 10^((R_b - R_a)/400))}, ratings centred so their
 * mean is 1000: Arena's convention (lm-sys/FastChat {@code elo_analysis.py}, {@code
 * compute_mle_elo}: SCALE 400, BASE 10, INIT_RATING 1000, a tie counted as half a win for each
 * side, a logistic regression without intercept whose solution from zero keeps the coefficients
 * summing to zero). Players are the candidates and {@code human}.
 *
 * <p><b>Fit.</b> Newton's method with a backtracking line search on the negative log-likelihood in
 * natural-log units β (R = 1000 + 400·β/ln 10), with a ridge of {@value #RIDGE}·Σβ² that makes the
 * Hessian invertible and fixes the sum at zero without moving the ratings measurably. A player that
 * wins or loses every comparison has no finite maximum-likelihood rating; the ridge then gives a
 * very large or very small finite one, and its interval shows it. Stops when the Newton step is
 * below 1e-10 or after 200 iterations.
 *
 * <p><b>Intervals.</b> Percentiles over {@code resamples} resamples of whole sessions (FastChat
 * resamples single battles; here the items of a session share a context, so sessions are the unit).
 * A player absent from a resample is left out of that resample's percentiles.
 */
public final class BradleyTerry {
  /** The player name of the human's next step. */
  public static final String HUMAN = "human";

  /** The ridge weight on the coefficients. */
  static final double RIDGE = 1e-6;

  private static final double SCALE = 400;
  private static final double BASE = 10;
  private static final double INIT = 1000;
  private static final int MAX_ITERATIONS = 200;

  private BradleyTerry() {}

  /**
   * One game: player {@code a} against player {@code b}, scored for {@code a}.
   *
   * @param sessionId the session of the item, the unit the bootstrap resamples
   * @param a one player
   * @param b the other player
   * @param scoreA 1 when a won, 0.5 for a tie, 0 when b won
   */
  public record Battle(String sessionId, String a, String b, double scoreA) {
    /** Checks for nulls, distinct players and a score of 0, ½ or 1. */
    public Battle {
      requireNonNull(sessionId, "sessionId is null");
      requireNonNull(a, "a is null");
      requireNonNull(b, "b is null");
      if (a.equals(b)) {
        throw new IllegalArgumentException("a player cannot play itself: " + a);
      }
      if (scoreA != 0 && scoreA != 0.5 && scoreA != 1) {
        throw new IllegalArgumentException("scoreA must be 0, 0.5 or 1: " + scoreA);
      }
    }

    /** Returns the battle of a candidate against the human for one comparison. */
    public static Battle of(Comparison comparison) {
      return new Battle(
          comparison.sessionId(), comparison.candidate(), HUMAN, comparison.verdict().score());
    }
  }

  /**
   * A player's rating with its interval.
   *
   * @param player the player
   * @param rating the rating on the Arena scale
   * @param low the interval's lower bound
   * @param high the interval's upper bound
   */
  public record Rating(String player, double rating, double low, double high) {
    /** Checks for nulls. */
    public Rating {
      requireNonNull(player, "player is null");
    }
  }

  /** Returns the maximum-likelihood ratings of the players of {@code battles}, by player name. */
  public static Map<String, Double> fit(List<Battle> battles) {
    requireNonNull(battles, "battles is null");
    List<String> players = new ArrayList<>(players(battles));
    int k = players.size();
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < k; i++) {
      index.put(players.get(i), i);
    }
    // won[i][j]: the score i took from games against j (wins 1, ties ½).
    double[][] won = new double[k][k];
    for (Battle battle : battles) {
      int a = index.get(battle.a());
      int b = index.get(battle.b());
      won[a][b] += battle.scoreA();
      won[b][a] += 1 - battle.scoreA();
    }
    double[] beta = new double[k];
    double objective = objective(beta, won);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[k];
      double[][] hessian = new double[k][k];
      for (int i = 0; i < k; i++) {
        gradient[i] = 2 * RIDGE * beta[i];
        hessian[i][i] = 2 * RIDGE;
      }
      for (int i = 0; i < k; i++) {
        for (int j = i + 1; j < k; j++) {
          double games = won[i][j] + won[j][i];
          if (games == 0) {
            continue;
          }
          double p = LengthControlled.sigmoid(beta[i] - beta[j]);
          double residual = games * p - won[i][j];
          gradient[i] += residual;
          gradient[j] -= residual;
          double w = games * p * (1 - p);
          hessian[i][i] += w;
          hessian[j][j] += w;
          hessian[i][j] -= w;
          hessian[j][i] -= w;
        }
      }
      double[] step = solve(hessian, gradient);
      double size = 1;
      double[] next = minus(beta, step, size);
      double value = objective(next, won);
      while (value > objective && size > 1e-12) {
        size /= 2;
        next = minus(beta, step, size);
        value = objective(next, won);
      }
      if (value > objective) {
        break;
      }
      beta = next;
      objective = value;
      double length = 0;
      for (double s : step) {
        length += Math.abs(s * size);
      }
      if (length < 1e-10) {
        break;
      }
    }
    Map<String, Double> ratings = new TreeMap<>();
    for (int i = 0; i < k; i++) {
      ratings.put(players.get(i), INIT + SCALE * beta[i] / Math.log(BASE));
    }
    return ratings;
  }

  /**
   * Returns the ratings of the players of {@code battles} with percentile intervals from {@code
   * resamples} session resamples, highest rating first (ties by name).
   */
  public static List<Rating> ratings(List<Battle> battles, double level, int resamples, long seed) {
    requireNonNull(battles, "battles is null");
    if (battles.isEmpty()) {
      throw new IllegalArgumentException("no battles");
    }
    Map<String, Double> point = fit(battles);
    List<Rating> ratings = new ArrayList<>();
    for (String player : point.keySet()) {
      double[] draws =
          SessionBootstrap.draws(
              battles,
              Battle::sessionId,
              sample -> {
                boolean present =
                    sample.stream().anyMatch(b -> b.a().equals(player) || b.b().equals(player));
                return present ? fit(sample).get(player) : Double.NaN;
              },
              resamples,
              seed);
      Bootstrap.Interval interval = SessionBootstrap.interval(point.get(player), draws, level);
      ratings.add(new Rating(player, interval.estimate(), interval.low(), interval.high()));
    }
    ratings.sort(
        Comparator.comparingDouble(Rating::rating).reversed().thenComparing(Rating::player));
    return List.copyOf(ratings);
  }

  private static TreeSet<String> players(List<Battle> battles) {
    TreeSet<String> players = new TreeSet<>();
    for (Battle battle : battles) {
      players.add(battle.a());
      players.add(battle.b());
    }
    return players;
  }

  private static double objective(double[] beta, double[][] won) {
    double total = 0;
    for (int i = 0; i < beta.length; i++) {
      total += RIDGE * beta[i] * beta[i];
      for (int j = 0; j < beta.length; j++) {
        if (won[i][j] > 0) {
          double z = beta[i] - beta[j];
          total += won[i][j] * (z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z)));
        }
      }
    }
    return total;
  }

  private static double[] minus(double[] beta, double[] step, double size) {
    double[] next = new double[beta.length];
    for (int i = 0; i < beta.length; i++) {
      next[i] = beta[i] - size * step[i];
    }
    return next;
  }

  /** Solves {@code a x = b} by Gaussian elimination with partial pivoting (a is small). */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    double[] v = b.clone();
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    for (int column = 0; column < n; column++) {
      int pivot = column;
      for (int row = column + 1; row < n; row++) {
        if (Math.abs(m[row][column]) > Math.abs(m[pivot][column])) {
          pivot = row;
        }
      }
      double[] swap = m[column];
      m[column] = m[pivot];
      m[pivot] = swap;
      double t = v[column];
      v[column] = v[pivot];
      v[pivot] = t;
      for (int row = column + 1; row < n; row++) {
        double factor = m[row][column] / m[column][column];
        for (int c = column; c < n; c++) {
          m[row][c] -= factor * m[column][c];
        }
        v[row] -= factor * v[column];
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = v[row];
      for (int c = row + 1; c < n; c++) {
        sum -= m[row][c] * x[c];
      }
      x[row] = sum / m[row][row];
    }
    return x;
  }
}
