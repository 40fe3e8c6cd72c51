package dev.loopwatch.sessions.gemini;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeminiReaderTest {

  private static final Path TMP = resource("gemini/tmp");
  private static final Path CHATS = TMP.resolve("9f86d081884c7d65/chats");
  private static final String DOCUMENT = "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  private static final String LOG = "e5f6a7b8-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

  private final ReadResult result = new GeminiReader().read(TMP);

  @TempDir Path temp;

  @Test
  void read_geminiTmp_findsBothFormsInPathOrder() {
    assertThat(result.sessions()).extracting(Session::id).containsExactly(DOCUMENT, LOG);
    assertThat(result.sessions()).extracting(Session::agent).containsOnly("gemini");
    assertThat(result.sessions()).extracting(Session::depth).containsOnly(0);
    assertThat(result.malformed()).isEmpty();
    assertThat(result.sessions().get(1).cwd()).contains("/home/dev/api");
    assertThat(result.sessions().get(0).cwd()).isEmpty();
  }

  @Test
  void read_document_turnsEventsAndMarkers() {
    Session session = result.sessions().getFirst();
    assertThat(session.turns()).extracting(Turn::origin).containsOnly(Turn.Origin.HUMAN);
    assertThat(session.turns()).extracting(turn -> turn.events().size()).containsExactly(9, 7, 4);
    assertThat(eventKinds(session.events()))
        .isEqualTo(
            Map.of(
                "AssistantText", 2,
                "HumanPrompt", 3,
                "Interruption", 1,
                "Reasoning", 1,
                "TokenUsage", 3,
                "ToolCall", 5,
                "ToolResult", 5));
    assertThat(
            session.events().stream()
                .filter(Event.ToolResult.class::isInstance)
                .map(event -> ((Event.ToolResult) event).status())
                .toList())
        .containsExactly(
            ResultStatus.OK,
            ResultStatus.REJECTED_BY_HUMAN,
            ResultStatus.OK,
            ResultStatus.OK,
            ResultStatus.INTERRUPTED);
    assertThat(interventions(session)).containsExactly("reject@0", "interrupt@2");
    assertThat(Interventions.tier2(session.id(), session.turns()))
        .extracting(intervention -> intervention.kind().id() + "@" + intervention.turnIndex())
        .containsExactly("correct@1");
    assertThat(session.models()).containsExactly("gemini-2.5-pro");
    assertThat(session.start()).contains(Instant.parse("2026-03-20T09:00:05Z"));
    assertThat(session.end()).contains(Instant.parse("2026-03-20T09:05:42Z"));
  }

  @Test
  void read_document_tokensTakeCachedOutOfInputAndAddThoughtsToOutput() {
    assertThat(result.sessions().getFirst().usage()).isEqualTo(new Usage(2010, 350, 0, 2700));
    assertThat(SessionStats.of(result.sessions().getFirst(), result.sessions()).toolCalls())
        .isEqualTo(5);
  }

  @Test
  void read_jsonl_upsertsMessagesAndCountsRewindOnce() {
    Session session = result.sessions().get(1);
    assertThat(session.turns()).extracting(turn -> turn.events().size()).containsExactly(7, 5, 8);
    assertThat(eventKinds(session.events()))
        .isEqualTo(
            Map.of(
                "AssistantText", 2,
                "HumanPrompt", 3,
                "Meta", 2,
                "Reasoning", 1,
                "TokenUsage", 4,
                "ToolCall", 4,
                "ToolResult", 4));
    assertThat(
            session.events().stream()
                .filter(Event.Meta.class::isInstance)
                .map(event -> ((Event.Meta) event).kind())
                .toList())
        .containsExactly("rewind", "warning");
    assertThat(interventions(session)).isEmpty();
    assertThat(Interventions.tier2(session.id(), session.turns()))
        .extracting(intervention ->
            intervention.kind().id()
                + "@"
                + intervention.turnIndex()
                + " "
                + intervention.evidence())
        .containsExactly(
            "correct@1 rewind: $rewindTo 7a2b3c4d-0004-4b00-8000-000000000004 (2 messages dropped)");
    assertThat(session.usage()).isEqualTo(new Usage(4305, 420, 0, 8900));
  }

  @Test
  void read_truncatedDocument_keepsMessagesBeforeTheBreakAndReportsItsLine() throws IOException {
    Path source = CHATS.resolve("session-2026-03-20T09-00-a1b2c3d4.json");
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    Path chats = Files.createDirectories(temp.resolve("h/chats"));
    Files.write(chats.resolve("session-x.json"), lines.subList(0, 70), StandardCharsets.UTF_8);

    ReadResult truncated = new GeminiReader().read(temp);

    assertThat(truncated.sessions()).hasSize(1);
    assertThat(truncated.sessions().getFirst().turns()).hasSize(1);
    assertThat(truncated.malformed()).hasSize(1);
    assertThat(truncated.malformed().getFirst().line()).isEqualTo(71);
    assertThat(truncated.malformed().getFirst().reason()).startsWith("invalid JSON: ");
  }

  @Test
  void read_rewindToUnknownId_dropsEverythingAndStillCountsOneRewind() throws IOException {
    Path chats = Files.createDirectories(temp.resolve("h/chats"));
    Files.writeString(
        chats.resolve("session-y.jsonl"),
        """
        {"sessionId":"s1","startTime":"2026-03-22T08:00:00Z"}
        {"id":"a","timestamp":"2026-03-22T08:00:01Z","type":"user","content":"hello"}
        {"$rewindTo":"zzz"}
        {"id":"a","timestamp":"2026-03-22T08:00:09Z","type":"user","content":"hello again"}
        [1,2]
        {"neither":true}
        """);

    ReadResult read = new GeminiReader().read(temp);

    Session session = read.sessions().getFirst();
    assertThat(session.id()).isEqualTo("s1");
    assertThat(session.turns()).hasSize(2);
    assertThat(Interventions.tier2("s1", session.turns())).hasSize(1);
    assertThat(read.malformed())
        .extracting(malformed -> malformed.line() + " " + malformed.reason())
        .containsExactly(
            "5 not a JSON object",
            "6 unexpected structure: not a message, metadata, $set or $rewindTo record");
    assertThat(session.parentId()).isEqualTo(Optional.empty());
  }
}
