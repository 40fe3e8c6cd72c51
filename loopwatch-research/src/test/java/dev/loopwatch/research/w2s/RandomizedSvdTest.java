package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomizedSvdTest {
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void fitTransform_randomSparseMatrix_matchesExactTopSingularValues(long seed) {
    Random random = new Random(seed);
    int rows = 80;
    int columns = 50;
    int k = 5;
    DMatrixRMaj dense = new DMatrixRMaj(rows, columns);
    int[] rowStart = new int[rows + 1];
    java.util.List<Integer> column = new java.util.ArrayList<>();
    java.util.List<Double> value = new java.util.ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        // A few strong directions plus sparse noise, like documents over terms.
        if (random.nextDouble() < 0.15 || (c % 10 == r % 5 && random.nextBoolean())) {
          double v = random.nextDouble() + (c % 10 == r % 5 ? 2 : 0);
          dense.set(r, c, v);
          column.add(c);
          value.add(v);
        }
      }
      rowStart[r + 1] = column.size();
    }
    SparseRows sparse =
        new SparseRows(
            rows,
            columns,
            rowStart,
            column.stream().mapToInt(Integer::intValue).toArray(),
            value.stream().mapToDouble(Double::doubleValue).toArray());
    DMatrixRMaj coordinates = RandomizedSvd.fitTransform(sparse, k, 10, 5, seed);
    SingularValueDecomposition_F64<DMatrixRMaj> exact =
        DecompositionFactory_DDRM.svd(rows, columns, false, false, true);
    assertThat(exact.decompose(dense.copy())).isTrue();
    double[] singular = exact.getSingularValues().clone();
    Arrays.sort(singular);
    for (int c = 0; c < k; c++) {
      // Column c of U Σ has Euclidean norm σ_c.
      double norm = 0;
      for (int r = 0; r < rows; r++) {
        norm += coordinates.get(r, c) * coordinates.get(r, c);
      }
      double expected = singular[singular.length - 1 - c];
      assertThat(Math.sqrt(norm))
          .as("seed %d component %d", seed, c)
          .isCloseTo(expected, within(1e-6 * expected));
    }
  }
}
