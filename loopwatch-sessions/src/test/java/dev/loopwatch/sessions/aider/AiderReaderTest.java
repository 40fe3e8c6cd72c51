package dev.loopwatch.sessions.aider;

import static dev.loopwatch.sessions.Fixtures.eventKinds;
import static dev.loopwatch.sessions.Fixtures.interventions;
import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionStats;
import dev.loopwatch.sessions.SessionsSummary;
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

class AiderReaderTest {

  private static final Path ROOT = resource("aider");

  private final ReadResult result = new AiderReader().read(ROOT);

  @TempDir Path temp;

  @Test
  void read_history_oneSessionPerStartHeader() {
    assertThat(result.sessions())
        .extracting(Session::id)
        .containsExactly("shop@2026-03-24T09:15:02Z", "shop@2026-03-24T14:02:45Z");
    assertThat(result.sessions()).extracting(Session::agent).containsOnly("aider");
    assertThat(result.sessions())
        .extracting(Session::start)
        .containsExactly(
            Optional.of(Instant.parse("2026-03-24T09:15:02Z")),
            Optional.of(Instant.parse("2026-03-24T14:02:45Z")));
    assertThat(result.sessions()).extracting(Session::end).containsOnly(Optional.empty());
    assertThat(result.sessions().getFirst().cwd()).contains(ROOT.resolve("shop").toString());
    assertThat(result.malformed()).isEmpty();
  }

  @Test
  void read_firstSession_promptsRepliesEditsCommitsAndRejection() {
    Session session = result.sessions().getFirst();
    assertThat(session.turns()).extracting(Turn::origin).containsOnly(Turn.Origin.HUMAN);
    assertThat(session.turns()).extracting(turn -> turn.events().size()).containsExactly(6, 6, 5);
    assertThat(((Event.HumanPrompt) session.turns().get(1).events().getFirst()).text())
        .isEqualTo("no, the option should be called --max\nand default to 50");
    assertThat(eventKinds(session.events()))
        .isEqualTo(
            Map.of(
                "AssistantText", 3, "HumanPrompt", 3, "Meta", 1, "ToolCall", 5, "ToolResult", 5));
    assertThat(
            session.events().stream()
                .filter(Event.ToolCall.class::isInstance)
                .map(event -> ((Event.ToolCall) event).name())
                .toList())
        .containsExactly("edit", "shell", "edit", "shell", "confirm");
    assertThat(interventions(session)).containsExactly("reject@2");
    assertThat(Interventions.tier2(session.id(), session.turns()))
        .extracting(intervention -> intervention.kind().id() + "@" + intervention.turnIndex())
        .containsExactly("correct@1");
    assertThat(session.usage()).isEqualTo(Usage.ZERO);
    assertThat(SessionStats.of(session, result.sessions()).toolCalls()).isEqualTo(5);
  }

  @Test
  void read_secondSession_keyboardInterruptIsTierOneInterrupt() {
    Session session = result.sessions().get(1);
    assertThat(session.turns()).extracting(turn -> turn.events().size()).containsExactly(3, 2);
    assertThat(interventions(session)).containsExactly("interrupt@0");
  }

  @Test
  void summary_aiderSessions_addNoAgentHoursNorPerHourRates() {
    SessionsSummary summary = SessionsSummary.of(result.sessions(), List.of());
    assertThat(summary.sessions()).isEqualTo(2);
    assertThat(summary.humanTurns()).isEqualTo(5);
    assertThat(summary.agentHours()).isZero();
    assertThat(summary.interventionsPerAgentHour()).containsEntry("tier1", 0.0);
    assertThat(summary.interventionsPerSession()).containsEntry("tier1", 1.0);
    assertThat(summary.interventions().get("tier1")).containsEntry("reject", 1);
    assertThat(summary.interventions().get("tier1")).containsEntry("interrupt", 1);
  }

  @Test
  void read_badHeaderAndPlainInterrupt_reportedAndCounted() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("api"));
    Files.writeString(
        folder.resolve(".aider.chat.history.md"),
        """
        # aider chat started at yesterday

        #### fix it

        Working on it
        ^C KeyboardInterrupt
        """);

    ReadResult read = new AiderReader().read(temp);

    assertThat(read.sessions()).extracting(Session::id).containsExactly("api@unknown");
    assertThat(read.sessions().getFirst().start()).isEmpty();
    assertThat(interventions(read.sessions().getFirst())).containsExactly("interrupt@0");
    assertThat(read.malformed())
        .extracting(malformed -> malformed.line() + " " + malformed.reason())
        .containsExactly("1 unreadable start time: yesterday");
  }
}
