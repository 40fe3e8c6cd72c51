package dev.loopwatch.trends.index;

import java.util.Arrays;

/**
 * Bounded, penalised nonlinear least squares for the item-response model of Epoch's ECI.
 *
 * <p>The prediction for row i (model m, benchmark b) is {@code s_i = sigmoid(a_b * (C_m - D_b))};
 * the objective is {@code sum_i w_i (s_i - y_i)^2 + rho * |theta|^2}, where {@code w_i} is the
 * row's multiplicity (1, or its count in a bootstrap draw), {@code theta} holds every capability
 * {@code C}, every difficulty {@code D} and every discriminability {@code a} but the anchor
 * benchmark's (pinned, not a parameter), and {@code rho = strength / |theta|}. This is the
 * objective of eci-public's {@code fit_eci_model} (its penalty residual {@code sqrt(strength *
 * |theta|^2 / |theta|)}, squared, is the same term), with its box: {@code C, D in [-10, 10]},
 * {@code a in [0.1, 10]}.
 *
 * <p>Method: a damped Newton (Levenberg-Marquardt) iteration with analytic first and second
 * derivatives: the step solves {@code (H + mu D) step = -g}, H the exact Hessian (the Gauss-Newton
 * matrix plus the residual-curvature terms, which keep the sparsity and make the final convergence
 * quadratic rather than linear), D the Gauss-Newton diagonal, mu raised until the damped matrix is
 * positive definite and the step lowers the objective, lowered after each success; projected onto
 * the box (a variable at a bound whose gradient points outward is held for the step; the step is
 * clipped to the box and kept only if the objective falls). Each row touches one capability and one
 * benchmark, so the capability block of H is diagonal and the benchmark block is 2x2
 * block-diagonal; the capabilities are eliminated by a Schur complement and only a {@code 2B x 2B}
 * system is factored (B benchmarks), which makes an iteration cost O(rows + sum over models of
 * benchmarks^2 + B^3). Iteration stops when the projected gradient's largest component is below
 * {@code 1e-10}, when an accepted step lowers the objective by less than {@code 1e-15} of itself,
 * or after 1000 iterations. scipy's {@code least_squares} (method trf) stops at its default {@code
 * ftol = xtol = gtol = 1e-8}, so Epoch's published values can sit slightly off this optimum.
 */
final class IrtSolver {
  static final double CAPABILITY_BOUND = 10;
  static final double DISCRIMINABILITY_MIN = 0.1;
  static final double DISCRIMINABILITY_MAX = 10;

  private static final int MAX_ITERATIONS = 1000;
  private static final double GRADIENT_TOLERANCE = 1e-10;
  private static final double REDUCTION_TOLERANCE = 1e-15;

  /**
   * A solution.
   *
   * @param x capabilities, then difficulties, then discriminabilities (the anchor's included)
   * @param cost the objective at {@code x}
   * @param iterations accepted and rejected steps taken
   * @param converged whether a stopping rule other than the iteration cap ended the solve
   */
  record Solution(double[] x, double cost, int iterations, boolean converged) {}

  private final ScoreMatrix data;
  private final int anchor;
  private final double anchorDiscriminability;
  private final double rho;
  private final int models;
  private final int benchmarks;
  private final int size;
  private final int widest;

  IrtSolver(ScoreMatrix data, int anchor, double anchorDiscriminability, double strength) {
    this.data = data;
    this.anchor = anchor;
    this.anchorDiscriminability = anchorDiscriminability;
    this.models = data.modelCount();
    this.benchmarks = data.benchmarkCount();
    this.size = models + 2 * benchmarks;
    this.rho = strength / (models + 2.0 * benchmarks - 1);
    int most = 0;
    for (int m = 0; m < models; m++) {
      most = Math.max(most, data.pairStart[m + 1] - data.pairStart[m]);
    }
    this.widest = most;
  }

  /**
   * The starting point: capabilities and difficulties 0, discriminabilities 1 (the anchor's
   * pinned).
   */
  double[] start() {
    double[] x = new double[size];
    for (int b = 0; b < benchmarks; b++) {
      x[models + benchmarks + b] = b == anchor ? anchorDiscriminability : 1;
    }
    return x;
  }

  private double lower(int j) {
    return j < models + benchmarks ? -CAPABILITY_BOUND : DISCRIMINABILITY_MIN;
  }

  private double upper(int j) {
    return j < models + benchmarks ? CAPABILITY_BOUND : DISCRIMINABILITY_MAX;
  }

  private boolean pinned(int j) {
    return j == models + benchmarks + anchor;
  }

  /** The objective at {@code x} for rows weighted by {@code weights}. */
  double cost(double[] weights, double[] x) {
    double sum = 0;
    int[] model = data.model;
    int[] benchmark = data.benchmark;
    double[] y = data.performance;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (w == 0) {
        continue;
      }
      int m = model[i];
      int b = benchmark[i];
      double r = sigmoid(x[models + benchmarks + b] * (x[m] - x[models + b])) - y[i];
      sum += w * r * r;
    }
    double penalty = 0;
    for (int j = 0; j < size; j++) {
      if (!pinned(j)) {
        penalty += x[j] * x[j];
      }
    }
    return sum + rho * penalty;
  }

  /** Minimises the objective for rows weighted by {@code weights}, starting at {@code x0}. */
  Solution solve(double[] weights, double[] x0) {
    double[] x = x0.clone();
    for (int j = 0; j < size; j++) {
      x[j] = pinned(j) ? anchorDiscriminability : clamp(x[j], lower(j), upper(j));
    }
    Linearisation current = new Linearisation();
    Linearisation spare = new Linearisation();
    boolean[] held = new boolean[size];
    double[] step = new double[size];
    double[] trial = new double[size];
    int n2 = 2 * benchmarks;
    double[] schur = new double[n2 * n2];
    double[] rhs = new double[n2];
    double[] gathered0 = new double[widest];
    double[] gathered1 = new double[widest];
    double[] blocks = new double[benchmarks * benchmarks * 4];
    double mu = 1e-3;
    double cost = linearise(weights, x, current);
    int iterations = 0;
    int smallReductions = 0;
    while (iterations < MAX_ITERATIONS) {
      double[] gradient = current.gradient;
      double projected = 0;
      for (int j = 0; j < size; j++) {
        held[j] =
            pinned(j)
                || (x[j] <= lower(j) && gradient[j] > 0)
                || (x[j] >= upper(j) && gradient[j] < 0);
        if (!held[j]) {
          projected = Math.max(projected, Math.abs(gradient[j]));
        }
      }
      if (projected <= GRADIENT_TOLERANCE) {
        return new Solution(x, cost, iterations, true);
      }
      boolean accepted = false;
      while (!accepted && iterations < MAX_ITERATIONS) {
        iterations++;
        if (!solveStep(current, held, mu, blocks, schur, rhs, step, gathered0, gathered1)) {
          // The damped Newton matrix is not positive definite yet: damp more.
          mu *= 4;
          if (mu > 1e16) {
            return new Solution(x, cost, iterations, false);
          }
          continue;
        }
        for (int j = 0; j < size; j++) {
          trial[j] = held[j] ? x[j] : clamp(x[j] + step[j], lower(j), upper(j));
        }
        // The trial is linearised whole: most steps are accepted, and then its derivatives are
        // the next iteration's, so no row is evaluated twice.
        double trialCost = linearise(weights, trial, spare);
        if (trialCost < cost) {
          double reduction = cost - trialCost;
          System.arraycopy(trial, 0, x, 0, size);
          Linearisation swap = current;
          current = spare;
          spare = swap;
          cost = trialCost;
          mu = Math.max(mu / 3, 1e-12);
          accepted = true;
          smallReductions = reduction <= REDUCTION_TOLERANCE * cost ? smallReductions + 1 : 0;
          if (smallReductions >= 2) {
            return new Solution(x, cost, iterations, true);
          }
        } else {
          mu *= 4;
          if (mu > 1e16) {
            // No step lowers the objective in floating point: x is the optimum to working
            // precision.
            return new Solution(x, cost, iterations, true);
          }
        }
      }
    }
    return new Solution(x, cost, iterations, false);
  }

  /** The objective's gradient and Hessian blocks at a point, with the Gauss-Newton diagonal. */
  private final class Linearisation {
    final double[] gradient = new double[size];
    final double[] hc = new double[models];
    final double[] hdd = new double[benchmarks];
    final double[] hda = new double[benchmarks];
    final double[] haa = new double[benchmarks];
    final double[] e = new double[2 * data.pairBenchmark.length];
    final double[] damping = new double[size];
  }

  /**
   * Fills {@code out} with the gradient of half the objective and the blocks of its Hessian at
   * {@code x}, and returns the objective there.
   */
  private double linearise(double[] weights, double[] x, Linearisation out) {
    double[] gradient = out.gradient;
    double[] hc = out.hc;
    double[] hdd = out.hdd;
    double[] hda = out.hda;
    double[] haa = out.haa;
    double[] e = out.e;
    double[] damping = out.damping;
    Arrays.fill(gradient, 0);
    Arrays.fill(damping, 0);
    Arrays.fill(hc, 0);
    Arrays.fill(hdd, 0);
    Arrays.fill(hda, 0);
    Arrays.fill(haa, 0);
    Arrays.fill(e, 0);
    double squares = 0;
    int[] model = data.model;
    int[] benchmark = data.benchmark;
    int[] pair = data.pair;
    double[] y = data.performance;
    int offsetD = models;
    int offsetA = models + benchmarks;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (w == 0) {
        continue;
      }
      int m = model[i];
      int b = benchmark[i];
      double a = x[offsetA + b];
      double gap = x[m] - x[offsetD + b];
      double s = sigmoid(a * gap);
      double r = s - y[i];
      squares += w * r * r;
      double ds = s * (1 - s);
      double jc = ds * a;
      double jd = -jc;
      double ja = b == anchor ? 0 : ds * gap;
      gradient[m] += w * jc * r;
      gradient[offsetD + b] += w * jd * r;
      gradient[offsetA + b] += w * ja * r;
      // Gauss-Newton part J^T W J, and its diagonal for the damping.
      damping[m] += w * jc * jc;
      damping[offsetD + b] += w * jd * jd;
      damping[offsetA + b] += w * ja * ja;
      // Newton's residual-curvature part: w r d2s/dtheta2 with z = a (C - D),
      // d2s = s''(z) z_i z_j + s'(z) z_ij, s'' = s'(1 - 2s), z_Ca = 1, z_Da = -1.
      double curve = w * r * ds * (1 - 2 * s);
      double slope = b == anchor ? 0 : w * r * ds;
      double aa = a * a;
      hc[m] += w * jc * jc + curve * aa;
      hdd[b] += w * jd * jd + curve * aa;
      hda[b] += w * jd * ja + (b == anchor ? 0 : -curve * a * gap - slope);
      haa[b] += w * ja * ja + (b == anchor ? 0 : curve * gap * gap);
      int p = pair[i];
      e[2 * p] += w * jc * jd - curve * aa;
      e[2 * p + 1] += w * jc * ja + (b == anchor ? 0 : curve * a * gap + slope);
    }
    for (int m = 0; m < models; m++) {
      gradient[m] += rho * x[m];
      hc[m] += rho;
      damping[m] += rho;
    }
    for (int b = 0; b < benchmarks; b++) {
      gradient[offsetD + b] += rho * x[offsetD + b];
      hdd[b] += rho;
      damping[offsetD + b] += rho;
      if (b != anchor) {
        gradient[offsetA + b] += rho * x[offsetA + b];
        haa[b] += rho;
        damping[offsetA + b] += rho;
      } else {
        gradient[offsetA + b] = 0;
      }
    }
    double penalty = 0;
    for (int j = 0; j < size; j++) {
      if (!pinned(j)) {
        penalty += x[j] * x[j];
      }
    }
    return squares + rho * penalty;
  }

  /**
   * Solves {@code (H + mu D) step = -gradient} over the variables not held, where D is the diagonal
   * of the Gauss-Newton matrix, by eliminating the capabilities (a diagonal block) and factoring
   * the benchmark system; false when the damped matrix is not positive definite.
   */
  private boolean solveStep(
      Linearisation at,
      boolean[] held,
      double mu,
      double[] blocks,
      double[] schur,
      double[] rhs,
      double[] step,
      double[] gathered0,
      double[] gathered1) {
    double[] gradient = at.gradient;
    double[] hc = at.hc;
    double[] hdd = at.hdd;
    double[] hda = at.hda;
    double[] haa = at.haa;
    double[] e = at.e;
    double[] damping = at.damping;
    int n2 = 2 * benchmarks;
    int offsetD = models;
    int offsetA = models + benchmarks;
    // The complement is accumulated in 2x2 blocks, block (p, q) at blocks[(p * B + q) * 4], laid
    // out (D_p D_q, D_p a_q, a_p D_q, a_p a_q), so each update touches one cache line; only blocks
    // with q <= p are formed (the factorisation reads the lower triangle only). A model's pairs
    // are in benchmark order, so pair l < k has q < p.
    Arrays.fill(blocks, 0);
    for (int b = 0; b < benchmarks; b++) {
      boolean heldD = held[offsetD + b];
      boolean heldA = held[offsetA + b];
      int base = (b * benchmarks + b) * 4;
      blocks[base] = heldD ? 1 : hdd[b] + mu * damping[offsetD + b];
      blocks[base + 2] = heldD || heldA ? 0 : hda[b];
      blocks[base + 3] = heldA ? 1 : haa[b] + mu * damping[offsetA + b];
      rhs[2 * b] = heldD ? 0 : -gradient[offsetD + b];
      rhs[2 * b + 1] = heldA ? 0 : -gradient[offsetA + b];
    }
    int[] pairStart = data.pairStart;
    int[] pairBenchmark = data.pairBenchmark;
    double[] e0 = gathered0;
    double[] e1 = gathered1;
    for (int m = 0; m < models; m++) {
      if (held[m]) {
        continue;
      }
      double pivot = hc[m] + mu * damping[m];
      if (!(pivot > 0)) {
        return false;
      }
      double inverse = 1 / pivot;
      double rc = -gradient[m];
      int first = pairStart[m];
      int count = pairStart[m + 1] - first;
      for (int k = 0; k < count; k++) {
        int p = first + k;
        int bp = pairBenchmark[p];
        e0[k] = held[offsetD + bp] ? 0 : e[2 * p];
        e1[k] = held[offsetA + bp] ? 0 : e[2 * p + 1];
        rhs[2 * bp] -= e0[k] * inverse * rc;
        rhs[2 * bp + 1] -= e1[k] * inverse * rc;
      }
      for (int k = 0; k < count; k++) {
        int bp = pairBenchmark[first + k];
        double p0 = e0[k] * inverse;
        double p1 = e1[k] * inverse;
        int row = bp * benchmarks;
        for (int l = 0; l < k; l++) {
          int base = (row + pairBenchmark[first + l]) * 4;
          double q0 = e0[l];
          double q1 = e1[l];
          blocks[base] -= p0 * q0;
          blocks[base + 1] -= p0 * q1;
          blocks[base + 2] -= p1 * q0;
          blocks[base + 3] -= p1 * q1;
        }
        int base = (row + bp) * 4;
        blocks[base] -= p0 * e0[k];
        blocks[base + 2] -= p1 * e0[k];
        blocks[base + 3] -= p1 * e1[k];
      }
    }
    for (int bp = 0; bp < benchmarks; bp++) {
      int r0 = 2 * bp * n2;
      int r1 = r0 + n2;
      for (int bq = 0; bq <= bp; bq++) {
        int base = (bp * benchmarks + bq) * 4;
        schur[r0 + 2 * bq] = blocks[base];
        schur[r0 + 2 * bq + 1] = blocks[base + 1];
        schur[r1 + 2 * bq] = blocks[base + 2];
        schur[r1 + 2 * bq + 1] = blocks[base + 3];
      }
    }
    if (!choleskySolve(schur, rhs, n2)) {
      return false;
    }
    for (int b = 0; b < benchmarks; b++) {
      step[offsetD + b] = held[offsetD + b] ? 0 : rhs[2 * b];
      step[offsetA + b] = held[offsetA + b] ? 0 : rhs[2 * b + 1];
    }
    for (int m = 0; m < models; m++) {
      if (held[m]) {
        step[m] = 0;
        continue;
      }
      double sum = -gradient[m];
      for (int p = pairStart[m]; p < pairStart[m + 1]; p++) {
        int bp = pairBenchmark[p];
        sum -= e[2 * p] * step[offsetD + bp] + e[2 * p + 1] * step[offsetA + bp];
      }
      step[m] = sum / (hc[m] + mu * damping[m]);
    }
    return true;
  }

  /**
   * Solves {@code A z = rhs} in place for symmetric {@code A} (n x n); false when {@code A} is not
   * positive definite.
   */
  private static boolean choleskySolve(double[] a, double[] rhs, int n) {
    for (int j = 0; j < n; j++) {
      double diagonal = a[j * n + j];
      for (int k = 0; k < j; k++) {
        diagonal -= a[j * n + k] * a[j * n + k];
      }
      if (!(diagonal > 0)) {
        return false;
      }
      double root = Math.sqrt(diagonal);
      a[j * n + j] = root;
      for (int i = j + 1; i < n; i++) {
        double sum = a[i * n + j];
        for (int k = 0; k < j; k++) {
          sum -= a[i * n + k] * a[j * n + k];
        }
        a[i * n + j] = sum / root;
      }
    }
    for (int i = 0; i < n; i++) {
      double sum = rhs[i];
      for (int k = 0; k < i; k++) {
        sum -= a[i * n + k] * rhs[k];
      }
      rhs[i] = sum / a[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double sum = rhs[i];
      for (int k = i + 1; k < n; k++) {
        sum -= a[k * n + i] * rhs[k];
      }
      rhs[i] = sum / a[i * n + i];
    }
    return true;
  }

  static double sigmoid(double z) {
    double clipped = Math.max(-500, Math.min(500, z));
    return 1 / (1 + Math.exp(-clipped));
  }

  private static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }
}
