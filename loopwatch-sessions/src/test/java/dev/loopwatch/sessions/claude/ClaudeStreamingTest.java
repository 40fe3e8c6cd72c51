package dev.loopwatch.sessions.claude;

import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming read: sessions reach the sink one at a time, while later files are unread. */
class ClaudeStreamingTest {

  @TempDir Path temp;

  private static String line(String session, int minute, String uuid, String prompt) {
    return "{\"type\":\"user\",\"sessionId\":\""
        + session
        + "\",\"uuid\":\""
        + uuid
        + "\",\"parentUuid\":null,\"timestamp\":\"2026-03-01T10:0"
        + minute
        + ":00Z\",\"message\":{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}}\n";
  }

  private static String firstPrompt(Session session) {
    return session.events().stream()
        .filter(Event.HumanPrompt.class::isInstance)
        .map(event -> ((Event.HumanPrompt) event).text())
        .findFirst()
        .orElse("");
  }

  @Test
  void read_threeFiles_sinkSeesFirstSessionBeforeLastFileIsRead() throws IOException {
    Path project = Files.createDirectories(temp.resolve("-home-dev-app"));
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String id = "0000000" + i + "-0000-4000-8000-000000000000";
      Path file = project.resolve(id + ".jsonl");
      Files.writeString(file, line(id, i, "a000000" + i + "-0000-4000-8000-000000000000", "first"));
      files.add(file);
    }
    List<String> seen = new ArrayList<>();

    ReadSummary summary =
        new ClaudeCodeReader()
            .read(
                temp,
                session -> {
                  if (seen.isEmpty()) {
                    rewrite(files.getLast(), line("x", 3, "b0000003-0000-4000-8000-0", "later"));
                  }
                  seen.add(session.id().substring(0, 8) + " " + firstPrompt(session));
                });

    assertThat(seen).containsExactly("00000001 first", "00000002 first", "00000003 later");
    assertThat(summary.malformed()).isEmpty();
  }

  @Test
  void read_sinkAndList_sameSessionsMainsFirst() {
    Path projects = resource("claude/projects");
    ReadResult whole = new ClaudeCodeReader().read(projects);
    List<Session> streamed = new ArrayList<>();
    ReadSummary summary = new ClaudeCodeReader().read(projects, streamed::add);

    List<Session> mainsFirst =
        new ArrayList<>(streamed.stream().filter(s -> s.depth() == 0).toList());
    mainsFirst.addAll(streamed.stream().filter(s -> s.depth() > 0).toList());
    assertThat(mainsFirst).isEqualTo(whole.sessions());
    assertThat(whole.sessions()).hasSizeGreaterThan(2);
    assertThat(summary.malformed()).isEqualTo(whole.malformed());
    assertThat(summary.duplicateLines()).isEqualTo(whole.duplicateLines());
  }

  private static void rewrite(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
