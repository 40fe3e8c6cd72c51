package dev.loopwatch.models.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandModelTest {
  @TempDir Path temp;

  private CommandModel model(String script, Duration timeout) throws IOException {
    Path file = temp.resolve("model.sh");
    Files.writeString(file, script);
    ModelSpec spec =
        ModelSpec.of("cli", Provider.COMMAND, "scripted", "")
            .withCommand(List.of("sh", file.toString()))
            .withTimeout(timeout);
    return new CommandModel(spec, temp);
  }

  @Test
  void complete_scriptEchoesRequest_answerParsed() throws IOException {
    CommandModel model =
        model(
            """
            request=$(cat)
            printf '%s' "$request" > request.json
            printf '{"content":"seen %s bytes","stop_reason":"end_turn","model":"scripted-1",'  "${#request}"
            printf '"usage":{"input":12,"output":3,"cache_read":0,"cache_write":0}}'
            """,
            Duration.ofSeconds(30));

    Response response = model.complete(Request.of("sys", "Hello", 16));

    assertThat(response.content()).startsWith("seen ").endsWith(" bytes");
    assertThat(response.model()).isEqualTo("scripted-1");
    assertThat(response.usage()).hasValue(new Usage(12, 3, 0, 0));
    assertThat(Files.readString(temp.resolve("request.json")))
        .isEqualTo(
            "{\"max_tokens\":16,\"messages\":[{\"content\":\"Hello\",\"role\":\"user\"}],"
                + "\"model\":\"scripted\",\"stop\":[],\"system\":\"sys\",\"tools\":[]}");
  }

  @Test
  void complete_nonZeroExit_finalErrorKeepsStderr() throws IOException {
    CommandModel model =
        model("cat > /dev/null\necho 'quota gone' >&2\nexit 3\n", Duration.ofSeconds(30));

    assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> assertThat(e.error()).isInstanceOf(ModelError.Rejected.class))
        .hasMessage("model 'cli': 'sh' exited with 3: quota gone");
  }

  @Test
  void complete_exit75_retryable() throws IOException {
    CommandModel model = model("cat > /dev/null\necho busy >&2\nexit 75\n", Duration.ofSeconds(30));

    assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void complete_pastTimeout_processTreeKilled() throws IOException {
    CommandModel model =
        model("cat > /dev/null\nsleep 60 &\necho $! > child.pid\nwait\n", Duration.ofMillis(1500));

    assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("and was killed");
    long child = Long.parseLong(Files.readString(temp.resolve("child.pid")).strip());
    assertThat(runningAfterReap(child)).isFalse();
  }

  /** Whether {@code pid} still runs: a killed process may stay a zombie until its reaper waits. */
  private static boolean runningAfterReap(long pid) throws IOException {
    Path status = Path.of("/proc/" + pid + "/status");
    for (int i = 0; i < 50; i++) {
      if (!Files.exists(status)) {
        return false;
      }
      try {
        String state =
            Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("State:"))
                .findFirst()
                .orElse("");
        if (state.contains("Z") || state.contains("X")) {
          return false;
        }
      } catch (IOException e) {
        return false; // gone while reading
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return true;
  }

  @Test
  void complete_notJson_finalErrorSaysSo() throws IOException {
    CommandModel model = model("cat > /dev/null\necho 'hello'\n", Duration.ofSeconds(30));

    assertThatThrownBy(() -> model.complete(Request.of("", "Hi", 8)))
        .hasMessageStartingWith("model 'cli': 'sh' printed no valid response JSON");
  }
}
