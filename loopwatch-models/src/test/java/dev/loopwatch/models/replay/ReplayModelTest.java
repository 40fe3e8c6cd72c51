package dev.loopwatch.models.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.command.CommandModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayModelTest {
  @TempDir Path temp;

  @Test
  void complete_recordedHash_answers_missNamesHash() throws IOException {
    Request known = Request.of("sys", "known question", 32);
    Path file = temp.resolve("answers.jsonl");
    Files.writeString(
        file,
        "{\"hash\":\""
            + CanonicalRequest.hash(known)
            + "\",\"response\":{\"content\":\"recorded\",\"usage\":{\"input\":5,\"output\":1}}}\n");
    ReplayModel model =
        ReplayModel.open(ModelSpec.of("rec", Provider.REPLAY, "rec", "").withFile(file));

    assertThat(model.complete(known).content()).isEqualTo("recorded");
    Request unknown = Request.of("sys", "new question", 32);
    assertThatThrownBy(() -> model.complete(unknown))
        .isInstanceOf(ModelException.class)
        .hasMessage(
            "model 'rec': replay file "
                + file
                + " has no response for request hash "
                + CanonicalRequest.hash(unknown));
  }

  @Test
  void open_badLine_namesFileAndLine() throws IOException {
    Path file = temp.resolve("bad.jsonl");
    Files.writeString(file, "\n{\"hash\":\"ab\",\"response\":{}}\n");

    assertThatThrownBy(
            () -> ReplayModel.open(ModelSpec.of("rec", Provider.REPLAY, "rec", "").withFile(file)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(file + ":2: bad replay line: 'content' is missing or not a string");
  }

  @Test
  void recordingModel_answersOfACommand_replayIdentically() throws IOException {
    Path script = temp.resolve("model.sh");
    Files.writeString(
        script,
        "cat > /dev/null\n"
            + "printf '{\"content\":\"answer %s\",\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input\":4,\"output\":2}}' \"$$\"\n");
    ModelSpec commandSpec =
        ModelSpec.of("cli", Provider.COMMAND, "cli", "")
            .withCommand(List.of("sh", script.toString()));
    Path file = temp.resolve("recorded.jsonl");
    RecordingModel recorder = new RecordingModel(new CommandModel(commandSpec, temp), file);
    Request first = Request.of("sys", "one", 16);
    Request second = Request.of("sys", "two", 16);
    Response firstLive = recorder.complete(first);
    Response secondLive = recorder.complete(second);

    ReplayModel replay =
        ReplayModel.open(ModelSpec.of("rec", Provider.REPLAY, "cli", "").withFile(file));

    assertThat(replay.complete(first).content()).isEqualTo(firstLive.content());
    assertThat(replay.complete(second).content()).isEqualTo(secondLive.content());
    assertThat(replay.complete(second).usage()).isEqualTo(secondLive.usage());
    assertThat(firstLive.content()).isNotEqualTo(secondLive.content()); // two processes, two pids
  }
}
