package dev.loopwatch.sessions.claude;

import static dev.loopwatch.sessions.Fixtures.eventKinds;
import static dev.loopwatch.sessions.Fixtures.interventions;
import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.InterventionKind;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionStats;
import dev.loopwatch.sessions.Tier;
import dev.loopwatch.sessions.Turn;
import dev.loopwatch.sessions.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCodeReaderTest {

  private static final String MAIN = "1f0e2d3c-4b5a-4c6d-8e7f-901234567890";
  private static final String RESUMED = "2a3b4c5d-6e7f-4a8b-9c0d-e1f2a3b4c5d6";
  private static final Path PROJECTS = resource("claude/projects");

  private final ReadResult result = new ClaudeCodeReader().read(PROJECTS);

  private Session session(String id) {
    return result.sessions().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void read_projectFolder_findsMainResumedAndSubagentSessionsInOrder() {
    assertThat(result.sessions())
        .extracting(Session::id)
        .containsExactly(MAIN, RESUMED, "a1b2c3d4", "b5e6f7a8", "c9d0e1f2");
    assertThat(result.sessions()).extracting(Session::agent).containsOnly("claude-code");
    assertThat(result.sessions()).extracting(Session::depth).containsExactly(0, 0, 1, 1, 2);
    assertThat(result.sessions())
        .extracting(Session::parentId)
        .containsExactly(
            Optional.empty(),
            Optional.empty(),
            Optional.of(MAIN),
            Optional.of(MAIN),
            Optional.of("b5e6f7a8"));
  }

  @Test
  void read_mainSession_recordsContextFields() {
    Session main = session(MAIN);
    assertThat(main.cwd()).contains("/home/dev/shop");
    assertThat(main.gitBranch()).contains("feature/refunds");
    assertThat(main.cliVersion()).contains("2.1.30");
    assertThat(main.models()).containsExactly("claude-opus-4-6");
    assertThat(main.start()).contains(Instant.parse("2026-03-14T10:00:01.001Z"));
    assertThat(main.end()).contains(Instant.parse("2026-03-14T10:04:01.038Z"));
    assertThat(main.files()).containsExactly(PROJECTS.resolve("-home-dev-shop/" + MAIN + ".jsonl"));
  }

  @Test
  void read_mainSession_splitsTurnsAtHumanPromptsOnly() {
    List<Turn> turns = session(MAIN).turns();
    assertThat(turns)
        .extracting(Turn::origin)
        .containsExactly(
            Turn.Origin.PREAMBLE, Turn.Origin.HUMAN, Turn.Origin.HUMAN, Turn.Origin.HUMAN);
    assertThat(turns).extracting(turn -> turn.events().size()).containsExactly(3, 12, 12, 23);
    assertThat(((Event.HumanPrompt) turns.get(2).events().getFirst()).text())
        .isEqualTo("use the helper in cart/utils.js");
    assertThat(turns.get(1).models()).containsExactly("claude-opus-4-6");
  }

  @Test
  void read_mainSession_countsEventsByKind() {
    assertThat(eventKinds(session(MAIN).events()))
        .isEqualTo(
            Map.of(
                "AssistantText", 1,
                "Compaction", 1,
                "HumanPrompt", 3,
                "Interruption", 2,
                "Meta", 9,
                "QueuedPrompt", 2,
                "Reasoning", 1,
                "TokenUsage", 11,
                "ToolCall", 10,
                "ToolResult", 10));
  }

  @Test
  void read_nonPromptUserLines_becomeMetaOfTheirKind() {
    assertThat(
            session(MAIN).events().stream()
                .filter(Event.Meta.class::isInstance)
                .map(event -> ((Event.Meta) event).kind())
                .toList())
        .containsExactly(
            "meta",
            "command",
            "command-output",
            "compact-summary",
            "bash-input",
            "bash-output",
            "meta",
            "system-reminder",
            "api-error");
  }

  @Test
  void read_toolResults_classifiedByExactMarkers() {
    assertThat(
            session(MAIN).events().stream()
                .filter(Event.ToolResult.class::isInstance)
                .map(event -> ((Event.ToolResult) event).status())
                .toList())
        .containsExactly(
            ResultStatus.ERROR,
            ResultStatus.REJECTED_BY_HUMAN,
            ResultStatus.REJECTED_BY_HUMAN,
            ResultStatus.DENIED_BY_POLICY,
            ResultStatus.PLAN_REJECTED_BY_HUMAN,
            ResultStatus.OK,
            ResultStatus.DENIED_BY_POLICY,
            ResultStatus.REJECTED_BY_HUMAN,
            ResultStatus.OK,
            ResultStatus.OK);
  }

  @Test
  void read_compactBoundary_keepsTriggerAndPreTokens() {
    assertThat(session(MAIN).events())
        .filteredOn(Event.Compaction.class::isInstance)
        .singleElement()
        .satisfies(event -> {
          Event.Compaction compaction = (Event.Compaction) event;
          assertThat(compaction.trigger()).isEqualTo("manual");
          assertThat(compaction.preTokens()).isEqualTo(150_000);
        });
  }

  @Test
  void read_everyTier1Marker_yieldsOneInterventionWithTurnIndex() {
    Session main = session(MAIN);
    assertThat(interventions(main))
        .containsExactly(
            "reject@1",
            "reject@1",
            "steer@2",
            "policy_denial@2",
            "interrupt@2",
            "reject@3",
            "policy_denial@3",
            "reject@3",
            "steer@3");
    assertThat(main.interventions()).extracting(i -> i.tier()).containsOnly(Tier.MARKER);
    assertThat(main.interventions()).extracting(i -> i.sessionId()).containsOnly(MAIN);
    assertThat(main.interventions().getFirst().evidence())
        .endsWith("the user said:\nuse the existing discount helper instead");
    assertThat(main.interventions().get(2).evidence()).isEqualTo("also update the changelog");
    assertThat(main.interventions().get(4).evidence()).isEqualTo("[Request interrupted by user]");
    assertThat(main.interventions().get(4).at())
        .isEqualTo(Instant.parse("2026-03-14T10:01:25.018Z"));
  }

  @Test
  void read_usage_dedupedByMessageAndRequestIdAcrossFiles() {
    assertThat(session(MAIN).usage()).isEqualTo(new Usage(55, 154, 100, 600));
    assertThat(session(RESUMED).usage()).isEqualTo(new Usage(7, 8, 9, 10));
    assertThat(session("a1b2c3d4").usage()).isEqualTo(new Usage(24, 26, 0, 0));
    assertThat(session("b5e6f7a8").usage()).isEqualTo(new Usage(22, 23, 0, 0));
    assertThat(session("c9d0e1f2").usage()).isEqualTo(new Usage(31, 32, 0, 0));
  }

  @Test
  void read_resumedSession_skipsRepeatedLinesByUuid() {
    Session resumed = session(RESUMED);
    assertThat(result.duplicateLines()).isEqualTo(5);
    assertThat(resumed.turns()).hasSize(1);
    assertThat(eventKinds(resumed.events()))
        .isEqualTo(Map.of("AssistantText", 1, "HumanPrompt", 1, "Reasoning", 1, "TokenUsage", 1));
  }

  @Test
  void read_subagents_promptsAreDelegatedNotHuman() {
    for (String id : List.of("a1b2c3d4", "b5e6f7a8", "c9d0e1f2")) {
      Session subagent = session(id);
      assertThat(subagent.subagent()).as(id).isTrue();
      assertThat(subagent.turns())
          .as(id)
          .extracting(Turn::origin)
          .containsExactly(Turn.Origin.DELEGATED);
    }
    assertThat(eventKinds(session("a1b2c3d4").events()))
        .isEqualTo(
            Map.of(
                "AssistantText",
                2,
                "DelegatedPrompt",
                1,
                "TokenUsage",
                2,
                "ToolCall",
                1,
                "ToolResult",
                1));
    assertThat(session("b5e6f7a8").events()).hasSize(6);
    assertThat(session("c9d0e1f2").events()).hasSize(4);
    assertThat(session("c9d0e1f2").models()).containsExactly("claude-haiku-4-5");
  }

  @Test
  void read_malformedAndTruncatedLines_reportedWithFileAndLine() {
    Path file = PROJECTS.resolve("-home-dev-shop/" + MAIN + ".jsonl");
    assertThat(result.malformed()).extracting(m -> m.file()).containsExactly(file, file);
    assertThat(result.malformed()).extracting(m -> m.line()).containsExactly(13L, 44L);
    assertThat(result.malformed().get(0).reason()).startsWith("invalid JSON");
    assertThat(result.malformed().get(1).reason()).startsWith("truncated last line");
  }

  @Test
  void stats_mainSession_autonomyAndDelegationNumbers() {
    SessionStats stats = SessionStats.of(session(MAIN), result.sessions());
    assertThat(stats.humanTurns()).isEqualTo(3);
    assertThat(stats.toolCalls()).isEqualTo(10);
    assertThat(stats.toolCallsPerHumanTurn()).isEqualTo(10.0 / 3);
    assertThat(stats.longestToolRun()).isEqualTo(3);
    assertThat(stats.interventions())
        .containsExactly(
            Map.entry(InterventionKind.CORRECT, 0),
            Map.entry(InterventionKind.STEER, 2),
            Map.entry(InterventionKind.TAKE_OVER, 0),
            Map.entry(InterventionKind.INTERRUPT, 1),
            Map.entry(InterventionKind.REJECT, 4),
            Map.entry(InterventionKind.POLICY_DENIAL, 2));
    assertThat(stats.subagents()).isEqualTo(3);
    assertThat(stats.maxSubagentDepth()).isEqualTo(2);
    assertThat(stats.tokens()).isEqualTo(new Usage(55, 154, 100, 600));
    assertThat(stats.tokensWithSubagents()).isEqualTo(new Usage(132, 235, 100, 600));
  }

  @Test
  void read_notADirectory_throwsUserInput(@TempDir Path dir) {
    assertThatThrownBy(() -> new ClaudeCodeReader().read(dir.resolve("missing")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("missing");
  }
}
