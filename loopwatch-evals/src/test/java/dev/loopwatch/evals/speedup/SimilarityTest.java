package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalised token shingles and containment. */
class SimilarityTest {
  @Test
  void tokens_commentsLayoutNamesAndLiteralsNormalised() {
    assertThat(Similarity.tokens("int total = 42; // sum\n/* block */ String s = \"a\\\"b\";"))
        .containsExactly("int", "I", "=", "0", ";", "I", "I", "=", "\"S\"", ";");
  }

  @Test
  void tokens_hugeStringLiteral_noStackOverflow() {
    // Regression: a candidate embedding a 200 KB string (cached outputs) overflowed the stack of a
    // backtracking literal pattern and crashed the grading.
    String literal = "\"" + "x\\n".repeat(100_000) + "\"";

    assertThat(Similarity.tokens("String s = " + literal + ";"))
        .containsExactly("I", "I", "=", "\"S\"", ";");
  }

  @Test
  void containment_renamedCopyHigh_baselineOnlyLow() {
    String baseline =
        "int f(int a) { int s = 0; for (int i = 0; i < a; i++) { s += i; } return s; }";
    String reference =
        "int f(int a) { long s = 0; int i = 0; while (i < a) { s += i; i++; } return (int) s; }";
    String renamed = "// mine\n" + reference.replace("s", "acc").replace("a)", "n)");

    assertThat(Similarity.containment(List.of(baseline), List.of(reference), List.of(renamed)))
        .isGreaterThanOrEqualTo(0.9);
    assertThat(Similarity.containment(List.of(baseline), List.of(reference), List.of(baseline)))
        .isLessThan(0.5);
  }
}
