package dev.loopwatch.research.forum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forum over HTTP on a real Unix-domain socket, called with the real curl. */
class ForumServerTest {
  @TempDir Path temp;

  private String curl(Path socket, String token, String... rest) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "-w",
                " %{http_code}",
                "--unix-socket",
                socket.toString(),
                "-H",
                "Authorization: Bearer " + token));
    command.addAll(List.of(rest));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output.replace("\n", "").strip();
  }

  @Test
  void serve_tokensNameAgents_unknownTokenRefusedPostsReadSince() throws Exception {
    CodeStore store = CodeStore.create(temp.resolve("store.git"));
    Forum forum = new Forum(temp.resolve("forum.jsonl"), store, Clock.systemUTC());
    Path socket = temp.resolve("forum.sock");
    try (ForumServer server = ForumServer.start(socket, forum, store, Map.of("t1", "a1"))) {
      assertThat(server.socket()).isEqualTo(socket);
      assertThat(curl(socket, "nope", "http://forum/posts"))
          .isEqualTo("{\"error\":\"unknown token\"} 401");
      assertThat(curl(socket, "t1", "http://forum/whoami")).isEqualTo("{\"agent\":\"a1\"} 200");
      assertThat(
              curl(
                  socket,
                  "t1",
                  "--data-binary",
                  "{\"kind\":\"insight\",\"title\":\"hello\",\"agent\":\"a2\"}",
                  "http://forum/posts"))
          .contains("\"agent\":\"a1\"")
          .endsWith(" 201");
      assertThat(curl(socket, "t1", "--data-binary", "{oops", "http://forum/posts"))
          .startsWith("{\"error\":\"the body is not JSON")
          .endsWith(" 400");
      assertThat(curl(socket, "t1", "http://forum/posts?since=1")).isEqualTo("{\"posts\":[]} 200");
      assertThat(curl(socket, "t1", "http://forum/posts?since=0")).contains("\"title\":\"hello\"");
      assertThat(curl(socket, "t1", "http://forum/posts?since=x")).endsWith(" 400");
    }
    assertThat(socket).doesNotExist();
  }
}
