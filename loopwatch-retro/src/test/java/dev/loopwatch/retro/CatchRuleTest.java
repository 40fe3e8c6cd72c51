package dev.loopwatch.retro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.review.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict catch rule on exact cases. */
class CatchRuleTest {
  private static final List<LineRef> BUGGY =
      List.of(new LineRef("src/Calc.java", 20), new LineRef("src/Calc.java", 21));

  private static Finding at(String file, int start, int end) {
    return new Finding(file, start, end, "m", "warning");
  }

  @ParameterizedTest
  @CsvSource({
    "src/Calc.java, 20, 20, true",
    "src/Calc.java, 15, 15, true", // 5 before line 20
    "src/Calc.java, 14, 14, false", // 6 before line 20
    "src/Calc.java, 26, 26, true", // 5 after line 21
    "src/Calc.java, 27, 27, false", // 6 after line 21
    "src/Other.java, 20, 20, false", // right line, other file
    "src/calc.java, 20, 20, false", // paths are case-sensitive
    "src/Calc.java, 1, 14, false", // range ends 6 before
    "src/Calc.java, 1, 15, true", // range ends 5 before
    "src/Calc.java, 27, 40, false", // range starts 6 after
    "src/Calc.java, 26, 40, true", // range starts 5 after
    "src/Calc.java, 1, 100, true", // range spans the buggy lines
  })
  void catches_defaultWindow_matchesBoundaries(String file, int start, int end, boolean caught) {
    assertThat(CatchRule.defaults().catches(at(file, start, end), BUGGY)).isEqualTo(caught);
  }

  @Test
  void catches_windowZero_needsExactLine() {
    CatchRule exact = new CatchRule(0);

    assertThat(exact.catches(at("src/Calc.java", 21, 21), BUGGY)).isTrue();
    assertThat(exact.catches(at("src/Calc.java", 22, 22), BUGGY)).isFalse();
    assertThat(exact.catches(at("src/Calc.java", 19, 19), BUGGY)).isFalse();
  }

  @Test
  void catches_noBuggyLines_neverCatches() {
    assertThat(CatchRule.defaults().catches(at("src/Calc.java", 20, 20), List.of())).isFalse();
  }

  @Test
  void firstCatch_severalFindings_returnsFirstInReviewerOrder() {
    Finding far = at("src/Calc.java", 60, 60);
    Finding near = at("src/Calc.java", 24, 25);
    Finding exact = at("src/Calc.java", 20, 20);

    assertThat(CatchRule.defaults().firstCatch(List.of(far, near, exact), BUGGY)).contains(near);
    assertThat(CatchRule.defaults().firstCatch(List.of(far), BUGGY)).isEmpty();
  }

  @Test
  void new_negativeWindow_isRejected() {
    assertThatThrownBy(() -> new CatchRule(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be 0 or more, got -1");
  }
}
