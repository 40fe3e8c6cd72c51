package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.detour.DetourPoint;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItemMinerTest {

  private static final Instant AT = Instant.parse("2026-03-14T10:01:12Z");
  private static final String AWS = "AKIAIOSFODNN7EXAMPLE";

  private static Step step(Step.Role role, String text) {
    return new Step(role, Optional.of(AT), text);
  }

  private static DetourPoint point(List<Step> before, String next, List<Step> after) {
    return new DetourPoint(
        "claude-code",
        "s-1",
        18,
        AT,
        List.of(new Trigger("steer", 1, next)),
        before,
        next,
        after,
        Optional.of("verified_success"),
        Optional.of("check passed: mvn test"));
  }

  @Test
  void item_secretsEverywhere_redactsThemAllAndCountsThem() {
    DetourPoint point =
        point(
            List.of(
                step(Step.Role.USER, "deploy with AWS_ACCESS_KEY_ID=" + AWS),
                step(Step.Role.TOOL_CALL, "Bash: psql postgres://app:S3cretPw9@db/app")),
            "use key " + AWS + " again",
            List.of(step(Step.Role.TOOL_RESULT, "ok: " + AWS)));
    ItemMiner miner = new ItemMiner(8000, 4000);

    Item item = miner.item(point);

    assertThat(ItemsFile.line(item)).doesNotContain(AWS).doesNotContain("S3cretPw9");
    assertThat(item.humanNextStep()).isEqualTo("use key [REDACTED:aws_access_key] again");
    assertThat(item.triggers().getFirst().evidence())
        .isEqualTo("use key [REDACTED:aws_access_key] again");
    // Four AWS keys: context, next step, trigger evidence, outcome; one URL password.
    assertThat(miner.redactions())
        .containsExactly(Map.entry("aws_access_key", 4), Map.entry("url_password", 1));
    assertThat(miner.redactionCount()).isEqualTo(5);
  }

  @Test
  void item_longContext_dropsTheOldestAndRecordsTheTrim() {
    List<Step> before = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      before.add(step(Step.Role.ASSISTANT, "step " + i + " " + "x".repeat(392)));
    }
    ItemMiner miner = new ItemMiner(1000, 4000);

    Item item = miner.item(point(before, "stop", List.of(step(Step.Role.ASSISTANT, "ok"))));

    // Each step is 400 characters: 100 + 4 tokens; 9 fit in 1000.
    assertThat(item.context().steps()).hasSize(9);
    assertThat(item.context().steps().getFirst().text()).startsWith("step 41 ");
    assertThat(item.context().steps().getLast().text()).startsWith("step 49 ");
    assertThat(item.context().droppedSteps()).isEqualTo(41);
    assertThat(item.context().droppedTokens()).isEqualTo(41 * 104);
    assertThat(item.context().tokens()).isEqualTo(9 * 104);
  }

  @Test
  void item_point_carriesIdentityAndTaskOutcome() {
    Item item =
        new ItemMiner(100, 100)
            .item(point(List.of(step(Step.Role.USER, "fix it")), "also x", List.of()));

    assertThat(item.id()).isEqualTo("claude-code:s-1:18");
    assertThat(item.sessionId()).isEqualTo("s-1");
    assertThat(item.sourceAgent()).isEqualTo("claude-code");
    assertThat(item.at()).contains(AT);
    assertThat(item.outcome().taskOutcome()).contains("verified_success");
    assertThat(item.outcome().taskEvidence()).contains("check passed: mvn test");
  }

  @Test
  void new_zeroBudget_isRejected() {
    assertThatThrownBy(() -> new ItemMiner(0, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
