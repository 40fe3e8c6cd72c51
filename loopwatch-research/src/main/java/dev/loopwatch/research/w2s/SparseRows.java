package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import org.ejml.data.DMatrixRMaj;

/**
 * A sparse matrix in compressed-row form (rows are documents, columns are terms), with the two
 * products a randomized SVD needs.
 *
 * @param rows how many rows
 * @param columns how many columns
 * @param rowStart where each row's entries start in {@code column}/{@code value}; length rows + 1
 * @param column each entry's column, ascending within a row
 * @param value each entry's value
 */
record SparseRows(int rows, int columns, int[] rowStart, int[] column, double[] value) {
  SparseRows {
    requireNonNull(rowStart, "rowStart is null");
    requireNonNull(column, "column is null");
    requireNonNull(value, "value is null");
    if (rowStart.length != rows + 1 || column.length != value.length) {
      throw new IllegalArgumentException("inconsistent sparse matrix arrays");
    }
  }

  /** How many stored entries. */
  int entries() {
    return column.length;
  }

  /** {@code this × dense}: (rows × columns) × (columns × k). */
  DMatrixRMaj times(DMatrixRMaj dense) {
    if (dense.numRows != columns) {
      throw new IllegalArgumentException("shape mismatch");
    }
    int k = dense.numCols;
    DMatrixRMaj out = new DMatrixRMaj(rows, k);
    double[] d = dense.data;
    double[] o = out.data;
    for (int r = 0; r < rows; r++) {
      int base = r * k;
      for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
        double v = value[e];
        int from = column[e] * k;
        for (int j = 0; j < k; j++) {
          o[base + j] += v * d[from + j];
        }
      }
    }
    return out;
  }

  /** {@code thisᵀ × dense}: (columns × rows) × (rows × k). */
  DMatrixRMaj transposeTimes(DMatrixRMaj dense) {
    if (dense.numRows != rows) {
      throw new IllegalArgumentException("shape mismatch");
    }
    int k = dense.numCols;
    DMatrixRMaj out = new DMatrixRMaj(columns, k);
    double[] d = dense.data;
    double[] o = out.data;
    for (int r = 0; r < rows; r++) {
      int from = r * k;
      for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
        double v = value[e];
        int base = column[e] * k;
        for (int j = 0; j < k; j++) {
          o[base + j] += v * d[from + j];
        }
      }
    }
    return out;
  }

  /** Whether row {@code r} has a non-zero in column {@code c}. */
  boolean contains(int r, int c) {
    return java.util.Arrays.binarySearch(column, rowStart[r], rowStart[r + 1], c) >= 0;
  }
}
