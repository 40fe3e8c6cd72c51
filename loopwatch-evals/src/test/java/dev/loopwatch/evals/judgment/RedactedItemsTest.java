package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.detour.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactedItemsTest {
  @Test
  void of_secretsInEveryText_areReplacedAndCounted() {
    String key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345";
    Item item =
        new Item(
            "i1",
            "s1",
            "lab",
            Optional.empty(),
            List.of(),
            new Item.Context(
                List.of(new Step(Step.Role.USER, Optional.empty(), "key " + key)), 1, 0, 0),
            "use " + key,
            new Item.Outcome(
                List.of(new Step(Step.Role.NOTE, Optional.empty(), key)),
                1,
                0,
                0,
                Optional.empty(),
                Optional.of("saw " + key),
                Optional.of("summary " + key)),
            List.of());

    RedactedItems redacted = RedactedItems.of(List.of(item));

    assertThat(redacted.total()).isEqualTo(5);
    assertThat(redacted.counts()).isEqualTo(Map.of("anthropic_key", 5));
    assertThat(ItemsFile.line(redacted.items().getFirst())).doesNotContain("sk-ant-");
    assertThat(redacted.items().getFirst().humanNextStep())
        .isEqualTo("use [REDACTED:anthropic_key]");
  }
}
