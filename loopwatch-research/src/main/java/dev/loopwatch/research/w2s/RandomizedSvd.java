package dev.loopwatch.research.w2s;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * A truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson and Tropp 2011,
 * algorithms 4.3 and 5.1): a Gaussian test matrix with {@code k + oversample} columns, {@code
 * powerIterations} rounds of {@code A Aᵀ} re-orthonormalized by QR each half step, then the small
 * matrix {@code B = Qᵀ A} decomposed through the eigenvectors of {@code B Bᵀ}. Only the top {@code
 * k} components are needed, so the cost is a few sparse-times-dense products. Returns the
 * documents' coordinates {@code U Σ} (what scikit-learn's {@code TruncatedSVD.fit_transform}
 * returns; no centering), components in descending singular value order. Signs are arbitrary, which
 * a linear model downstream does not notice.
 */
final class RandomizedSvd {
  private RandomizedSvd() {}

  /** The top-{@code k} coordinates of the rows of {@code a}, as a rows × k matrix. */
  static DMatrixRMaj fitTransform(
      SparseRows a, int k, int oversample, int powerIterations, long seed) {
    int l = Math.min(k + oversample, Math.min(a.rows(), a.columns()));
    if (k > l) {
      throw new IllegalArgumentException("k " + k + " exceeds the matrix rank bound " + l);
    }
    Random random = new Random(seed);
    DMatrixRMaj omega = new DMatrixRMaj(a.columns(), l);
    for (int i = 0; i < omega.data.length; i++) {
      omega.data[i] = random.nextGaussian();
    }
    DMatrixRMaj q = orthonormal(a.times(omega));
    for (int i = 0; i < powerIterations; i++) {
      DMatrixRMaj z = orthonormal(a.transposeTimes(q));
      q = orthonormal(a.times(z));
    }
    DMatrixRMaj bt = a.transposeTimes(q); // columns × l, = Bᵀ
    DMatrixRMaj gram = new DMatrixRMaj(l, l);
    CommonOps_DDRM.multTransA(bt, bt, gram); // B Bᵀ
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(l, true, true);
    if (!eigen.decompose(gram)) {
      throw new IllegalStateException("eigen decomposition of B Bᵀ failed");
    }
    Integer[] order = new Integer[l];
    double[] values = new double[l];
    for (int i = 0; i < l; i++) {
      order[i] = i;
      values[i] = eigen.getEigenvalue(i).real;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
    // U_B Σ restricted to the top k: column c is eigenvector(order[c]) × sqrt(λ).
    DMatrixRMaj ubSigma = new DMatrixRMaj(l, k);
    for (int c = 0; c < k; c++) {
      DMatrixRMaj vector = eigen.getEigenVector(order[c]);
      double sigma = Math.sqrt(Math.max(0, values[order[c]]));
      for (int r = 0; r < l; r++) {
        ubSigma.set(r, c, vector.get(r, 0) * sigma);
      }
    }
    DMatrixRMaj coordinates = new DMatrixRMaj(a.rows(), k);
    CommonOps_DDRM.mult(q, ubSigma, coordinates);
    return coordinates;
  }

  private static DMatrixRMaj orthonormal(DMatrixRMaj m) {
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m.numRows, m.numCols);
    if (!qr.decompose(m.copy())) {
      throw new IllegalStateException("QR decomposition failed");
    }
    return qr.getQ(null, true);
  }
}
