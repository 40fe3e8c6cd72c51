package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.detour.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {

  private static Step step(String text) {
    return new Step(Step.Role.ASSISTANT, Optional.empty(), text);
  }

  // Each step of 16 characters costs 4 + 4 = 8 estimated tokens.
  private static final List<Step> STEPS =
      List.of(step("a".repeat(16)), step("b".repeat(16)), step("c".repeat(16)));

  @Test
  void of_text_isAQuarterOfTheCharactersRoundedUp() {
    assertThat(Tokens.of("")).isZero();
    assertThat(Tokens.of("abcd")).isEqualTo(1);
    assertThat(Tokens.of("abcde")).isEqualTo(2);
  }

  @Test
  void keepNewest_withinBudget_keepsAll() {
    Tokens.Trimmed trimmed = Tokens.keepNewest(STEPS, 24);

    assertThat(trimmed).isEqualTo(new Tokens.Trimmed(STEPS, 24, 0, 0));
  }

  @Test
  void keepNewest_overBudget_dropsTheOldestAndRecordsIt() {
    Tokens.Trimmed trimmed = Tokens.keepNewest(STEPS, 20);

    assertThat(trimmed.steps()).containsExactly(STEPS.get(1), STEPS.get(2));
    assertThat(trimmed.tokens()).isEqualTo(16);
    assertThat(trimmed.droppedSteps()).isEqualTo(1);
    assertThat(trimmed.droppedTokens()).isEqualTo(8);
  }

  @Test
  void keepOldest_overBudget_dropsTheNewest() {
    Tokens.Trimmed trimmed = Tokens.keepOldest(STEPS, 17);

    assertThat(trimmed.steps()).containsExactly(STEPS.get(0), STEPS.get(1));
    assertThat(trimmed.droppedSteps()).isEqualTo(1);
  }

  @Test
  void keepNewest_newestAloneTooLong_keepsItsEnd() {
    Step long1 = step("x".repeat(100) + "THE END");

    Tokens.Trimmed trimmed = Tokens.keepNewest(List.of(step("old"), long1), 10);

    assertThat(trimmed.steps()).hasSize(1);
    assertThat(trimmed.steps().getFirst().text()).startsWith("…").endsWith("THE END");
    assertThat(trimmed.tokens()).isLessThanOrEqualTo(10);
    assertThat(trimmed.droppedSteps()).isEqualTo(1);
    assertThat(trimmed.tokens() + trimmed.droppedTokens())
        .isEqualTo(Tokens.of(List.of(step("old"), long1)));
  }
}
