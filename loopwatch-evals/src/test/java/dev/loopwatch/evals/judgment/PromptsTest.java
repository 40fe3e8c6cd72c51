package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.detour.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptsTest {
  private static final Item ITEM =
      new Item(
          "i1",
          "s1",
          "lab",
          Optional.empty(),
          List.of(),
          new Item.Context(
              List.of(new Step(Step.Role.USER, Optional.empty(), "loss plateaus at 2.1")),
              8,
              2,
              40),
          "halve the learning rate",
          new Item.Outcome(
              List.of(new Step(Step.Role.ASSISTANT, Optional.empty(), "loss reached 1.7")),
              5,
              0,
              0,
              Optional.of("verified_success"),
              Optional.empty(),
              Optional.empty()),
          List.of());

  @Test
  void parseVerdict_lastLine_readsThePick() {
    assertThat(Prompts.parseVerdict("A is shorter.\nVERDICT: A")).contains(Pick.FIRST);
    assertThat(Prompts.parseVerdict("VERDICT: B\n\n")).contains(Pick.SECOND);
    assertThat(Prompts.parseVerdict("  VERDICT: TIE  ")).contains(Pick.TIE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "A",
        "verdict: a",
        "VERDICT: A.",
        "VERDICT: C",
        "VERDICT: A\nOn reflection, B.",
        "I prefer A. VERDICT: A",
        "**VERDICT: A**"
      })
  void parseVerdict_anythingElse_isAJudgeError(String answer) {
    assertThat(Prompts.parseVerdict(answer)).isEmpty();
  }

  @Test
  void candidate_seesTheContextOnly() {
    String prompt = Prompts.candidate(ITEM);

    assertThat(prompt)
        .contains("[user] loss plateaus at 2.1")
        .contains("(2 earlier steps left out)");
    assertThat(prompt).doesNotContain("halve").doesNotContain("1.7").doesNotContain("verified");
  }

  @Test
  void judge_seesContextOutcomeAndBothProposalsUnlabelled() {
    String prompt = Prompts.judge(ITEM, "warm up first", "halve the learning rate");

    assertThat(prompt)
        .contains("[user] loss plateaus at 2.1")
        .contains("[assistant] loss reached 1.7")
        .contains("Task outcome: verified_success")
        .contains("## Proposal A\nwarm up first\n")
        .contains("## Proposal B\nhalve the learning rate\n")
        .doesNotContainIgnoringCase("human")
        .doesNotContainIgnoringCase("candidate");
  }
}
