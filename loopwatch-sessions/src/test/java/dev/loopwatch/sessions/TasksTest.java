package dev.loopwatch.sessions;

import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TasksTest {

  private static final ReadResult CLAUDE =
      new ClaudeCodeReader().read(resource("tasks/claude/projects"));
  private static final ReadResult CODEX = new CodexReader().read(resource("tasks/codex/sessions"));

  private static List<String> describe(ReadResult result) {
    List<String> lines = new ArrayList<>();
    for (Session session : result.sessions()) {
      for (Task task : Tasks.of(session)) {
        lines.add(
            session.id().substring(0, 4)
                + "#"
                + task.index()
                + " turns "
                + task.firstTurn()
                + ".."
                + task.lastTurn()
                + " "
                + task.outcome().id()
                + " ["
                + task.evidence()
                + "]"
                + task.openEnded().map(reason -> " open-ended(" + reason + ")").orElse(""));
      }
    }
    return lines;
  }

  @Test
  void of_claudeFixtures_splitsAtClearAndLabelsEveryOutcome() {
    assertThat(describe(CLAUDE))
        .containsExactly(
            "3c4d#0 turns 0..1 verified_success [commit: git commit -am 'Fix null config loaders']"
                + " open-ended(prompt: crashes)",
            "3c4d#1 turns 2..3 verified_success [user confirmed: thanks, looks good]",
            "3c4d#2 turns 4..4 partial [edited after the last passed check or commit]",
            "4d5e#0 turns 0..0 unclear [no edits and no checks]",
            "5e6f#0 turns 0..0 failure [check failed: python -m pytest -q tests/]",
            "6f70#0 turns 0..0 abandoned [rejected: The user doesn't want to proceed with this"
                + " tool use. The tool use was rejected (eg. if it was a file edit, the new_string"
                + " was NOT written to the file). STOP what you are doing and wait for t…]",
            "7081#0 turns 0..1 failure [frustration: that’s the wrong file, you broke the client"
                + " retries]",
            "7081#1 turns 2..2 unverified_success [edited, no check or commit after the last"
                + " edit]");
  }

  @Test
  void of_codexRollout_verifiesOnCommitAndTagsOpenEndedFromToolOutput() {
    assertThat(describe(CODEX))
        .containsExactly(
            "0195#0 turns 0..1 verified_success [commit: git commit -am 'Strip BOM from CSV"
                + " headers'] open-ended(tool output: FAILED)");
  }

  @Test
  void of_task_recordsStartEndAndPrompt() {
    Task first = Tasks.of(CLAUDE.sessions().getFirst()).getFirst();
    assertThat(first.prompt())
        .isEqualTo("The app crashes on startup with a NullPointerException in ConfigLoader");
    assertThat(first.start()).isEqualTo(Instant.parse("2026-03-16T09:00:07.001Z"));
    assertThat(first.end()).isEqualTo(Instant.parse("2026-03-16T09:02:06.018Z"));
  }

  @Test
  void of_subagentSession_hasNoTasks() {
    ReadResult shop = new ClaudeCodeReader().read(resource("claude/projects"));
    assertThat(shop.sessions().stream().filter(Session::subagent).map(Tasks::of))
        .allMatch(List::isEmpty)
        .hasSize(3);
  }

  private static Task only(List<Event> events) {
    Session session =
        new Session(
            "claude-code",
            "s",
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            0,
            Turn.split(events),
            List.of());
    return Tasks.of(session).getFirst();
  }

  @Test
  void of_correctionFollowedByAnotherPrompt_isASteerNotAFailure() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    Task task =
        only(
            List.of(
                new Event.HumanPrompt(at, "fix the loader"),
                new Event.ToolCall(at.plusSeconds(1), "t1", "Edit", "Loader.java"),
                new Event.AssistantText(at.plusSeconds(2), "m", "done"),
                new Event.HumanPrompt(at.plusSeconds(3), "no, I meant the YAML loader too"),
                new Event.AssistantText(at.plusSeconds(4), "m", "which file is it in?"),
                new Event.HumanPrompt(at.plusSeconds(5), "config/yaml.py"),
                new Event.AssistantText(at.plusSeconds(6), "m", "that one is already fixed")));
    assertThat(task.outcome()).isEqualTo(TaskOutcome.UNVERIFIED_SUCCESS);
  }

  @Test
  void of_correctionAsLastPrompt_isAFailure() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    Task task =
        only(
            List.of(
                new Event.HumanPrompt(at, "fix the loader"),
                new Event.ToolCall(at.plusSeconds(1), "t1", "Edit", "Loader.java"),
                new Event.AssistantText(at.plusSeconds(2), "m", "done"),
                new Event.HumanPrompt(at.plusSeconds(3), "no, that's the wrong file"),
                new Event.AssistantText(at.plusSeconds(4), "m", "sorry")));
    assertThat(task.outcome()).isEqualTo(TaskOutcome.FAILURE);
    assertThat(task.evidence()).isEqualTo("frustration: no, that's the wrong file");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void of_randomEventSequences_oneTaskPerPromptAfterStartOrReset(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>();
    int expectedTasks = 0;
    boolean started = false;
    boolean reset = false;
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 200; i++) {
      at = at.plusSeconds(random.nextInt(1, 60));
      Event event =
          switch (random.nextInt(8)) {
            case 0 -> new Event.HumanPrompt(at, random.nextBoolean() ? "no, wrong" : "go on");
            case 1 ->
                new Event.ToolCall(at, "t" + i, random.nextBoolean() ? "Edit" : "Bash", "make");
            case 2 ->
                new Event.ToolResult(
                    at,
                    "t" + (i - 1),
                    ResultStatus.values()[random.nextInt(ResultStatus.values().length)],
                    "FAILED");
            case 3 -> new Event.AssistantText(at, "m", "done");
            case 4 -> new Event.Interruption(at, "[Request interrupted by user]");
            case 5 -> new Event.Meta(at, "command", "<command-name>/clear</command-name>");
            case 6 -> new Event.QueuedPrompt(at, "also this");
            default -> new Event.Meta(at, "bash-input", "<bash-input>ls</bash-input>");
          };
      if (event instanceof Event.HumanPrompt) {
        if (!started || reset) {
          expectedTasks++;
        }
        started = true;
        reset = false;
      }
      if (Interventions.isReset(event)) {
        reset = true;
      }
      events.add(event);
    }
    Session session =
        new Session(
            "claude-code",
            "s" + seed,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            0,
            Turn.split(events),
            List.of());
    List<Task> tasks = Tasks.of(session);
    assertThat(tasks).as("seed %d", seed).hasSize(expectedTasks);
    for (int i = 1; i < tasks.size(); i++) {
      assertThat(tasks.get(i).firstTurn())
          .as("seed %d", seed)
          .isEqualTo(tasks.get(i - 1).lastTurn() + 1);
    }
  }
}
