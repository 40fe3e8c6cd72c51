package dev.loopwatch.sessions.codex;

import static dev.loopwatch.sessions.Fixtures.eventKinds;
import static dev.loopwatch.sessions.Fixtures.interventions;
import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.InterventionKind;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionStats;
import dev.loopwatch.sessions.Turn;
import dev.loopwatch.sessions.Usage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodexReaderTest {

  private static final String MAIN = "0195a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b";
  private static final String SUB = "0195a1b2-9d8e-7f6a-8b5c-4d3e2f1a0b9c";
  private static final Path HOME = resource("codex");

  private final ReadResult result = new CodexReader().read(HOME);

  @Test
  void read_codexHome_findsSessionsAndArchivedSubagent() {
    assertThat(result.sessions()).extracting(Session::id).containsExactly(MAIN, SUB);
    assertThat(result.sessions()).extracting(Session::agent).containsOnly("codex");
    assertThat(result.sessions()).extracting(Session::depth).containsExactly(0, 1);
    assertThat(result.sessions().get(1).parentId()).isEqualTo(Optional.of(MAIN));
  }

  @Test
  void read_sessionMeta_recordsContextFields() {
    Session main = result.sessions().getFirst();
    assertThat(main.cwd()).contains("/home/dev/shop");
    assertThat(main.gitBranch()).contains("feature/refunds");
    assertThat(main.cliVersion()).contains("0.114.0");
    assertThat(main.models()).containsExactly("gpt-5.1-codex");
  }

  @Test
  void read_rollout_turnsAndEventsByKind() {
    Session main = result.sessions().getFirst();
    assertThat(main.turns()).extracting(Turn::origin).containsOnly(Turn.Origin.HUMAN);
    assertThat(main.turns()).extracting(turn -> turn.events().size()).containsExactly(10, 6, 7);
    assertThat(eventKinds(main.events()))
        .isEqualTo(
            Map.of(
                "AssistantText", 1,
                "Compaction", 1,
                "HumanPrompt", 3,
                "Interruption", 1,
                "Meta", 1,
                "QueuedPrompt", 1,
                "Reasoning", 1,
                "TokenUsage", 2,
                "ToolCall", 6,
                "ToolResult", 6));
    assertThat(
            main.events().stream()
                .filter(Event.ToolResult.class::isInstance)
                .map(event -> ((Event.ToolResult) event).status())
                .toList())
        .containsExactly(
            ResultStatus.OK,
            ResultStatus.REJECTED_BY_HUMAN,
            ResultStatus.REJECTED_BY_HUMAN,
            ResultStatus.DENIED_BY_POLICY,
            ResultStatus.OK,
            ResultStatus.ERROR);
  }

  @Test
  void read_markers_yieldTier1InterventionsWithTurnIndex() {
    Session main = result.sessions().getFirst();
    assertThat(interventions(main))
        .containsExactly("steer@0", "reject@0", "reject@1", "policy_denial@1", "interrupt@1");
    assertThat(main.interventions().get(0).evidence()).isEqualTo("use the express router please");
    assertThat(main.interventions().get(2).evidence()).isEqualTo("exec command rejected by user");
    assertThat(main.interventions().get(4).evidence()).isEqualTo("turn_aborted: interrupted");
  }

  @Test
  void read_tokenCounts_repeatedTotalsCountedOnce() {
    assertThat(result.sessions().get(0).usage()).isEqualTo(new Usage(1300, 120, 0, 1200));
    assertThat(result.sessions().get(1).usage()).isEqualTo(new Usage(100, 10, 0, 0));
  }

  @Test
  void read_subagentRollout_promptIsDelegated() {
    Session sub = result.sessions().get(1);
    assertThat(sub.turns()).extracting(Turn::origin).containsExactly(Turn.Origin.DELEGATED);
    assertThat(sub.events()).hasSize(5);
  }

  @Test
  void read_malformedLine_reportedWithFileAndLine() {
    assertThat(result.malformed()).hasSize(1);
    assertThat(result.malformed().getFirst().file().getFileName().toString())
        .isEqualTo("rollout-2026-03-14T09-12-00-" + MAIN + ".jsonl");
    assertThat(result.malformed().getFirst().line()).isEqualTo(35);
  }

  @Test
  void stats_mainRollout_autonomyNumbers() {
    SessionStats stats = SessionStats.of(result.sessions().getFirst(), result.sessions());
    assertThat(stats.humanTurns()).isEqualTo(3);
    assertThat(stats.toolCalls()).isEqualTo(6);
    assertThat(stats.toolCallsPerHumanTurn()).isEqualTo(2.0);
    assertThat(stats.longestToolRun()).isEqualTo(2);
    assertThat(stats.interventions())
        .containsEntry(InterventionKind.STEER, 1)
        .containsEntry(InterventionKind.REJECT, 2)
        .containsEntry(InterventionKind.POLICY_DENIAL, 1)
        .containsEntry(InterventionKind.INTERRUPT, 1)
        .containsEntry(InterventionKind.CORRECT, 0)
        .containsEntry(InterventionKind.TAKE_OVER, 0);
    assertThat(stats.subagents()).isEqualTo(1);
    assertThat(stats.maxSubagentDepth()).isEqualTo(1);
    assertThat(stats.tokensWithSubagents()).isEqualTo(new Usage(1400, 130, 0, 1200));
    assertThat(List.of(stats.tokens())).containsExactly(new Usage(1300, 120, 0, 1200));
  }
}
