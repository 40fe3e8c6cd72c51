package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {

  @ParameterizedTest
  @CsvSource({
    "FIRST, SECOND, CANDIDATE, true",
    "SECOND, FIRST, HUMAN, true",
    "TIE, TIE, TIE, true",
    "FIRST, FIRST, TIE, false",
    "SECOND, SECOND, TIE, false",
    "FIRST, TIE, TIE, false",
    "TIE, SECOND, TIE, false",
    "SECOND, TIE, TIE, false",
    "TIE, FIRST, TIE, false",
  })
  void verdict_bothOrders_winsOnlyWhenBothAgree(
      Pick candidateFirst, Pick candidateSecond, Verdict verdict, boolean consistent) {
    Comparison comparison = new Comparison("i", "s", "m", candidateFirst, candidateSecond, 10, 20);

    assertThat(comparison.verdict()).isEqualTo(verdict);
    assertThat(comparison.consistent()).isEqualTo(consistent);
    assertThat(comparison.lengthDifference()).isEqualTo(-10);
  }
}
