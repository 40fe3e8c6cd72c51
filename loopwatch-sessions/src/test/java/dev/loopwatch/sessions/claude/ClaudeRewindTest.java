package dev.loopwatch.sessions.claude;

import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionStats;
import dev.loopwatch.sessions.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewinds (forks of the parentUuid DAG) in Claude Code transcripts. */
class ClaudeRewindTest {

  private static final Path PROJECTS = resource("claude-rewind/projects");
  private static final String SESSION = "8e9f0a1b-2c3d-4e4f-9a5b-6c7d8e9f0a1b";
  private static final String FORK_POINT = "9b000004-3c4d-4e5f-8a6b-000000000004";

  @TempDir Path temp;

  private static List<String> tier2(Session session) {
    return Interventions.tier2(session.id(), session.turns()).stream()
        .map(i -> i.kind().id() + "@" + i.turnIndex() + " " + i.evidence())
        .toList();
  }

  @Test
  void read_forkedConversation_oneRewindAndCompactionIsNone() {
    Session session = new ClaudeCodeReader().read(PROJECTS).sessions().getFirst();

    assertThat(session.turns()).extracting(Turn::origin).containsOnly(Turn.Origin.HUMAN);
    assertThat(session.turns()).hasSize(4);
    assertThat(tier2(session)).containsExactly("correct@1 rewind: continued from " + FORK_POINT);
    assertThat(session.events().stream().filter(Event.Compaction.class::isInstance)).hasSize(1);
    assertThat(session.interventions()).isEmpty();
  }

  @Test
  void read_forkedConversation_abandonedBranchCountedOnce() {
    Session session = new ClaudeCodeReader().read(PROJECTS).sessions().getFirst();
    SessionStats stats = SessionStats.of(session, List.of(session));

    assertThat(stats.humanTurns()).isEqualTo(4);
    assertThat(stats.toolCalls()).isEqualTo(3);
    assertThat(session.usage().output()).isEqualTo(50 * 3 + 20 * 3);
  }

  @Test
  void read_resumedCopy_skipsRepeatedLinesAndFindsNoSecondRewind() throws IOException {
    Path project = Files.createDirectories(temp.resolve("-home-dev-web"));
    Path source = PROJECTS.resolve("-home-dev-web/" + SESSION + ".jsonl");
    Files.copy(source, project.resolve(SESSION + ".jsonl"));
    Files.copy(source, project.resolve("f0000000-0000-4000-8000-000000000000.jsonl"));

    ReadResult result = new ClaudeCodeReader().read(temp);

    assertThat(result.sessions()).extracting(Session::id).containsExactly(SESSION);
    assertThat(result.duplicateLines()).isEqualTo(16);
    assertThat(tier2(result.sessions().getFirst())).hasSize(1);
  }

  @Test
  void read_promptWithNullParentAfterPrompts_isRewindToStart() throws IOException {
    Path project = Files.createDirectories(temp.resolve("p"));
    Files.writeString(
        project.resolve("s.jsonl"),
        """
        {"type":"user","uuid":"u1","parentUuid":null,"sessionId":"s","timestamp":"2026-03-25T10:00:00Z","message":{"role":"user","content":"first"}}
        {"type":"assistant","uuid":"a1","parentUuid":"u1","sessionId":"s","timestamp":"2026-03-25T10:00:05Z","message":{"model":"m","content":[{"type":"text","text":"ok"}]}}
        {"type":"user","uuid":"u2","parentUuid":null,"sessionId":"s","timestamp":"2026-03-25T10:01:00Z","message":{"role":"user","content":"first, but better"}}
        """);

    Session session = new ClaudeCodeReader().read(temp).sessions().getFirst();

    assertThat(tier2(session)).containsExactly("correct@0 rewind: continued from the start");
  }
}
