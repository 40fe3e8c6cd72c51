package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * L2-regularised logistic regression with an unpenalised intercept, fitted by Newton's method.
 *
 * <p>Objective: {@code ½‖w‖² + C Σᵢ sᵢ · [−tᵢ ln pᵢ − (1 − tᵢ) ln(1 − pᵢ)]} with {@code pᵢ = σ(w·xᵢ
 * + b)}, targets {@code tᵢ ∈ [0, 1]} (hard labels or soft ones, as the confidence loss needs) and
 * sample weights {@code sᵢ ≥ 0}. It is scikit-learn's {@code LogisticRegression(C)} objective
 * extended to soft targets; it is strictly convex in {@code w} (the ½‖w‖² term) and convex in
 * {@code b}, so Newton steps with step halving converge to the one minimum. The Hessian is {@code d
 * + 1} square (101 for the 100-dimension student), solved by Cholesky each step; iteration stops
 * when the largest gradient component is under {@code 1e-9 · (1 + C n)} or after 100 steps.
 *
 * @param weights the coefficients, one per feature
 * @param intercept the intercept
 */
record LogisticRegression(double[] weights, double intercept) {
  private static final int MAX_STEPS = 100;

  LogisticRegression {
    requireNonNull(weights, "weights is null");
    weights = weights.clone();
  }

  /** Fits hard 0/1 labels, every sample weighted 1. */
  static LogisticRegression fit(double[][] x, int[] labels, double c) {
    double[] targets = new double[labels.length];
    double[] ones = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      targets[i] = labels[i];
      ones[i] = 1;
    }
    return fit(x, targets, ones, c);
  }

  /** Fits soft targets in [0, 1] with sample weights. */
  static LogisticRegression fit(double[][] x, double[] targets, double[] sampleWeights, double c) {
    int n = x.length;
    if (n == 0 || targets.length != n || sampleWeights.length != n) {
      throw new IllegalArgumentException("need as many targets and weights as rows, and rows");
    }
    int d = x[0].length;
    int size = d + 1;
    double[] beta = new double[size]; // weights then intercept
    double tolerance = 1e-9 * (1 + c * n);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(size);
    DMatrixRMaj hessian = new DMatrixRMaj(size, size);
    DMatrixRMaj gradient = new DMatrixRMaj(size, 1);
    DMatrixRMaj step = new DMatrixRMaj(size, 1);
    double loss = loss(x, targets, sampleWeights, c, beta);
    for (int iteration = 0; iteration < MAX_STEPS; iteration++) {
      hessian.zero();
      gradient.zero();
      double[] h = hessian.data;
      double[] g = gradient.data;
      for (int j = 0; j < d; j++) {
        g[j] = beta[j];
        h[j * size + j] = 1;
      }
      for (int i = 0; i < n; i++) {
        double[] row = x[i];
        double p = sigmoid(dot(row, beta));
        double residual = c * sampleWeights[i] * (p - targets[i]);
        double curvature = c * sampleWeights[i] * p * (1 - p);
        for (int j = 0; j < d; j++) {
          g[j] += residual * row[j];
        }
        g[d] += residual;
        if (curvature == 0) {
          continue;
        }
        for (int j = 0; j < d; j++) {
          double cj = curvature * row[j];
          if (cj == 0) {
            continue;
          }
          int base = j * size;
          for (int m = j; m < d; m++) {
            h[base + m] += cj * row[m];
          }
          h[base + d] += cj;
        }
        h[d * size + d] += curvature;
      }
      for (int j = 0; j < size; j++) {
        for (int m = 0; m < j; m++) {
          h[j * size + m] = h[m * size + j];
        }
      }
      double largest = 0;
      for (double v : g) {
        largest = Math.max(largest, Math.abs(v));
      }
      if (largest < tolerance) {
        break;
      }
      if (h[d * size + d] < 1e-12) {
        h[d * size + d] += 1e-12; // all probabilities saturated: keep the system solvable
      }
      if (!solver.setA(hessian)) {
        throw new IllegalStateException("the Hessian is not positive definite");
      }
      solver.solve(gradient, step);
      double scale = 1;
      double[] candidate = new double[size];
      double next;
      do {
        for (int j = 0; j < size; j++) {
          candidate[j] = beta[j] - scale * step.data[j];
        }
        next = loss(x, targets, sampleWeights, c, candidate);
        scale /= 2;
      } while (next > loss + 1e-12 * Math.abs(loss) && scale > 1e-10);
      double improvement = loss - next;
      beta = candidate;
      loss = next;
      if (improvement >= 0 && improvement < 1e-14 * (1 + Math.abs(loss))) {
        break;
      }
    }
    double[] weights = new double[d];
    System.arraycopy(beta, 0, weights, 0, d);
    return new LogisticRegression(weights, beta[d]);
  }

  private static double loss(
      double[][] x, double[] targets, double[] sampleWeights, double c, double[] beta) {
    int d = beta.length - 1;
    double penalty = 0;
    for (int j = 0; j < d; j++) {
      penalty += beta[j] * beta[j];
    }
    double data = 0;
    for (int i = 0; i < x.length; i++) {
      double z = dot(x[i], beta);
      // −t ln σ(z) − (1 − t) ln(1 − σ(z)) = ln(1 + e^z) − t z, computed without overflow.
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      data += sampleWeights[i] * (softplus - targets[i] * z);
    }
    return 0.5 * penalty + c * data;
  }

  private static double dot(double[] row, double[] beta) {
    int d = row.length;
    double z = beta[d];
    for (int j = 0; j < d; j++) {
      z += row[j] * beta[j];
    }
    return z;
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** The probability of class 1 for one row. */
  double probability(double[] row) {
    return sigmoid(dot(row, fullBeta()));
  }

  /** The log-odds of class 1 ({@code w·x + b}) for {@code rows}. */
  double[] logits(double[][] rows) {
    double[] beta = fullBeta();
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = dot(rows[i], beta);
    }
    return out;
  }

  /** The probabilities of class 1 for {@code rows}. */
  double[] probabilities(double[][] rows) {
    double[] beta = fullBeta();
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = sigmoid(dot(rows[i], beta));
    }
    return out;
  }

  /** The 0/1 predictions (probability above one half) for {@code rows}. */
  int[] predict(double[][] rows) {
    double[] p = probabilities(rows);
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] > 0.5 ? 1 : 0;
    }
    return out;
  }

  private double[] fullBeta() {
    double[] beta = new double[weights.length + 1];
    System.arraycopy(weights, 0, beta, 0, weights.length);
    beta[weights.length] = intercept;
    return beta;
  }
}
