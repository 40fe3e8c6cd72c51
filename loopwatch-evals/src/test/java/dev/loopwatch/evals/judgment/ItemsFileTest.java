package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemsFileTest {

  @TempDir Path folder;

  private static final String GOOD =
      "{\"id\":\"a\",\"session_id\":\"s\",\"source_agent\":\"lab\","
          + "\"context\":{\"steps\":[{\"role\":\"user\",\"text\":\"train it\"}]},"
          + "\"human_next_step\":\"lower the learning rate\","
          + "\"outcome\":{\"summary\":\"loss converged\"}}";

  private static Item item(String id) {
    Instant at = Instant.parse("2026-03-14T10:00:00Z");
    return new Item(
        id,
        "session-" + id,
        "claude-code",
        Optional.of(at),
        List.of(new Trigger("interrupt", 1, "[Request interrupted by user]")),
        new Item.Context(
            List.of(
                new Step(Step.Role.USER, Optional.of(at), "fix the test"),
                new Step(Step.Role.TOOL_CALL, Optional.empty(), "Bash: npm test")),
            12,
            3,
            400),
        "use the helper instead",
        new Item.Outcome(
            List.of(new Step(Step.Role.ASSISTANT, Optional.of(at), "done \"quoted\"\nline")),
            9,
            0,
            0,
            Optional.of("verified_success"),
            Optional.of("check passed: npm test"),
            Optional.empty()),
        List.of(new Item.Label("model-x", Verdict.HUMAN, Optional.of("rater-1"))));
  }

  private Path file(String... lines) throws IOException {
    Path file = folder.resolve("items.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void write_thenRead_givesTheSameItems() {
    Path file = folder.resolve("out/items.jsonl");
    List<Item> items = List.of(item("a"), item("b"));

    ItemsFile.write(file, items);

    assertThat(ItemsFile.read(file)).isEqualTo(items);
  }

  @Test
  void line_item_isOneLineWithTheDocumentedFieldOrder() {
    String line = ItemsFile.line(item("a"));

    assertThat(line).doesNotContain("\n");
    assertThat(line)
        .startsWith(
            "{\"version\":1,\"id\":\"a\",\"session_id\":\"session-a\","
                + "\"source_agent\":\"claude-code\",\"at\":\"2026-03-14T10:00:00Z\","
                + "\"triggers\":[{\"kind\":\"interrupt\",\"tier\":1,");
  }

  @Test
  void read_minimalCuratedItem_fillsDefaults() throws IOException {
    Item item = ItemsFile.read(file("", GOOD, "")).getFirst();

    assertThat(item.triggers()).isEmpty();
    assertThat(item.labels()).isEmpty();
    assertThat(item.at()).isEmpty();
    assertThat(item.context().tokens()).isEqualTo(Tokens.of("train it") + Tokens.PER_STEP);
    assertThat(item.context().droppedSteps()).isZero();
    assertThat(item.outcome().summary()).contains("loss converged");
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "{not json => :2: not JSON",
        "[1,2] => :2: an item must be a JSON object",
        "{\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":[]},"
            + "\"human_next_step\":\"x\",\"outcome\":{\"summary\":\"y\"}} => :2: missing field id",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":[]},"
            + "\"human_next_stp\":\"x\",\"outcome\":{\"summary\":\"y\"}}"
            + " => :2: unknown field human_next_stp",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":"
            + "[{\"role\":\"bot\",\"text\":\"t\"}]},\"human_next_step\":\"x\","
            + "\"outcome\":{\"summary\":\"y\"}} => :2: field context.steps[0].role: must be user,",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":[]},"
            + "\"human_next_step\":\"x\",\"outcome\":{}}"
            + " => :2: field outcome: needs steps, a summary or a task_outcome",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":[]},"
            + "\"human_next_step\":\"  \",\"outcome\":{\"summary\":\"y\"}}"
            + " => :2: field human_next_step: must not be blank",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":[],"
            + "\"dropped_steps\":-1},\"human_next_step\":\"x\",\"outcome\":{\"summary\":\"y\"}}"
            + " => :2: field context.dropped_steps: must be an integer of at least 0",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"context\":{\"steps\":[]},"
            + "\"human_next_step\":\"x\",\"outcome\":{\"summary\":\"y\"},"
            + "\"labels\":[{\"candidate\":\"m\",\"preferred\":\"model\"}]}"
            + " => :2: field labels[0].preferred: must be candidate, human or tie, got model",
        "{\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\",\"at\":\"yesterday\","
            + "\"context\":{\"steps\":[]},\"human_next_step\":\"x\",\"outcome\":{\"summary\":\"y\"}}"
            + " => :2: field at: not an ISO-8601 instant: yesterday",
        "{\"version\":2,\"id\":\"b\",\"session_id\":\"s\",\"source_agent\":\"l\","
            + "\"context\":{\"steps\":[]},\"human_next_step\":\"x\",\"outcome\":{\"summary\":\"y\"}}"
            + " => :2: field version: only version 1 is known, got 2",
        GOOD + " => :2: duplicate id a (first on line 1)",
      })
  void read_badLine_failsNamingFileLineAndField(String line, String message) throws IOException {
    Path file = file(GOOD, line);

    assertThatThrownBy(() -> ItemsFile.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file + message)
        .satisfies(e ->
            assertThat(((LoopwatchException) e).kind())
                .isEqualTo(LoopwatchException.Kind.USER_INPUT));
  }

  @Test
  void read_emptyFile_failsWithNoItems() throws IOException {
    Path file = file("");

    assertThatThrownBy(() -> ItemsFile.read(file)).hasMessage(file + ": no items");
  }

  @Test
  void read_missingFile_failsNamingIt() {
    Path file = folder.resolve("nope.jsonl");

    assertThatThrownBy(() -> ItemsFile.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("no such items file: " + file);
  }
}
