package dev.loopwatch.sessions.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming Codex read: mains first, subagents once every parent is known. */
class CodexStreamingTest {

  @TempDir Path temp;

  private static String rollout(String id, String parent) {
    String source =
        parent.isEmpty()
            ? "\"cli\""
            : "{\"subagent\":{\"thread_spawn\":{\"parent_thread_id\":\"" + parent + "\"}}}";
    return "{\"timestamp\":\"2026-03-14T09:00:00Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\""
        + id
        + "\",\"cwd\":\"/home/dev/api\",\"cli_version\":\"0.5.0\",\"source\":"
        + source
        + "}}\n"
        + "{\"timestamp\":\"2026-03-14T09:00:05Z\",\"type\":\"event_msg\",\"payload\":"
        + "{\"type\":\"user_message\",\"message\":\"work on "
        + id
        + "\"}}\n";
  }

  @Test
  void read_grandchildSortedBeforeItsParent_depthTwoAndMainFirst() throws IOException {
    Files.writeString(temp.resolve("rollout-1-main.jsonl"), rollout("main", ""));
    Files.writeString(temp.resolve("rollout-2-grandchild.jsonl"), rollout("grandchild", "child"));
    Files.writeString(temp.resolve("rollout-3-child.jsonl"), rollout("child", "main"));
    List<String> seen = new ArrayList<>();

    new CodexReader().read(temp, session -> seen.add(session.id() + "/" + session.depth()));

    assertThat(seen).containsExactly("main/0", "grandchild/2", "child/1");
    assertThat(new CodexReader().read(temp).sessions())
        .extracting(Session::id)
        .containsExactly("main", "grandchild", "child");
  }
}
