package dev.loopwatch.sessions.copilot;

import static dev.loopwatch.sessions.Fixtures.eventKinds;
import static dev.loopwatch.sessions.Fixtures.interventions;
import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionStats;
import dev.loopwatch.sessions.Turn;
import dev.loopwatch.sessions.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopilotReaderTest {

  private static final Path STATE = resource("copilot/session-state");
  private static final String MAIN = "3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

  private final ReadResult result = new CopilotReader().read(STATE);

  @TempDir Path temp;

  @Test
  void read_sessionState_findsMainSessionThenItsSubagent() {
    assertThat(result.sessions()).extracting(Session::id).containsExactly(MAIN, "call_task_1");
    assertThat(result.sessions()).extracting(Session::agent).containsOnly("copilot");
    assertThat(result.sessions()).extracting(Session::depth).containsExactly(0, 1);
    assertThat(result.sessions())
        .extracting(Session::parentId)
        .containsExactly(Optional.empty(), Optional.of(MAIN));
    assertThat(result.malformed()).isEmpty();
    Session main = result.sessions().getFirst();
    assertThat(main.cwd()).contains("/home/dev/shop");
    assertThat(main.gitBranch()).contains("main");
    assertThat(main.cliVersion()).contains("0.0.354");
  }

  @Test
  void read_main_turnsEventsAndModelPerTurn() {
    Session main = result.sessions().getFirst();
    assertThat(main.turns()).extracting(Turn::origin).containsOnly(Turn.Origin.HUMAN);
    assertThat(main.turns()).extracting(turn -> turn.events().size()).containsExactly(10, 10, 5);
    assertThat(main.turns())
        .extracting(Turn::models)
        .containsExactly(List.of("claude-sonnet-4.5"), List.of("gpt-5"), List.of("gpt-5"));
    assertThat(main.models()).containsExactly("claude-sonnet-4.5", "gpt-5");
    assertThat(eventKinds(main.events()))
        .isEqualTo(
            Map.of(
                "AssistantText", 3,
                "HumanPrompt", 3,
                "Interruption", 1,
                "Meta", 1,
                "Reasoning", 1,
                "TokenUsage", 4,
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
            ResultStatus.OK,
            ResultStatus.OK,
            ResultStatus.DENIED_BY_POLICY,
            ResultStatus.OK);
  }

  @Test
  void read_main_interventionsByKindAndTier() {
    Session main = result.sessions().getFirst();
    assertThat(interventions(main)).containsExactly("reject@0", "policy_denial@1", "interrupt@1");
    assertThat(main.interventions().get(0).evidence())
        .isEqualTo("denied-interactively-by-user: don't touch vendor");
    assertThat(Interventions.tier2(MAIN, main.turns()))
        .extracting(intervention -> intervention.kind().id() + "@" + intervention.turnIndex())
        .containsExactly("correct@2");
  }

  @Test
  void read_subagent_hasDelegatedTaskToolsTokensAndDuration() {
    Session sub = result.sessions().get(1);
    assertThat(sub.turns()).extracting(Turn::origin).containsExactly(Turn.Origin.DELEGATED);
    assertThat(((Event.DelegatedPrompt) sub.events().getFirst()).text())
        .isEqualTo("List every caller of ListOrders");
    assertThat(eventKinds(sub.events()))
        .isEqualTo(
            Map.of(
                "DelegatedPrompt", 1, "Meta", 1, "TokenUsage", 1, "ToolCall", 1, "ToolResult", 1));
    assertThat(sub.start()).contains(Instant.parse("2026-03-22T10:01:25Z"));
    assertThat(sub.end()).contains(Instant.parse("2026-03-22T10:01:45Z"));
    assertThat(sub.models()).containsExactly("claude-haiku-4.5");
  }

  @Test
  void read_tokens_mainAndWithSubagents() {
    Session main = result.sessions().getFirst();
    SessionStats stats = SessionStats.of(main, result.sessions());
    assertThat(stats.tokens()).isEqualTo(new Usage(25500, 540, 500, 22000));
    assertThat(stats.tokensWithSubagents()).isEqualTo(new Usage(26400, 600, 500, 22000));
    assertThat(stats.toolCalls()).isEqualTo(6);
    assertThat(stats.subagents()).isEqualTo(1);
    assertThat(stats.maxSubagentDepth()).isEqualTo(1);
  }

  @Test
  void read_nestedSubagent_hasDepthTwo() throws IOException {
    Path log = Files.createDirectories(temp.resolve("s9")).resolve("events.jsonl");
    Files.writeString(
        log,
        """
        {"id":"1","timestamp":"2026-03-23T08:00:00Z","type":"user.message","data":{"content":"go"}}
        {"id":"2","timestamp":"2026-03-23T08:00:01Z","type":"subagent.started","data":{"toolCallId":"t1","agentName":"plan"}}
        {"id":"3","timestamp":"2026-03-23T08:00:02Z","agentId":"a1","type":"subagent.started","data":{"toolCallId":"t2","agentName":"explore","parentToolCallId":"t1"}}
        {"id":"4","timestamp":"2026-03-23T08:00:03Z","type":"tool.execution_start","data":{"toolCallId":"g","toolName":"grep","parentToolCallId":"t2"}}
        not json
        {"id":"6","type":""}
        """);

    ReadResult read = new CopilotReader().read(temp);

    assertThat(read.sessions()).extracting(Session::id).containsExactly("s9", "t1", "t2");
    assertThat(read.sessions()).extracting(Session::depth).containsExactly(0, 1, 2);
    assertThat(read.sessions().get(2).parentId()).contains("t1");
    assertThat(read.sessions().get(2).events()).hasSize(2);
    assertThat(read.malformed()).extracting(malformed -> malformed.line()).containsExactly(5L, 6L);
  }
}
