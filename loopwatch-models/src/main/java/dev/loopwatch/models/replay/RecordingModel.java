package dev.loopwatch.models.replay;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.ResponseJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records a model's answers as a replay file: each answer is appended to {@code file} as one {@code
 * {"hash", "response"}} line that {@link ReplayModel} reads back. Tests of model-driven features
 * record once against a real or scripted model and then run offline and deterministic. Failed calls
 * are not recorded.
 */
public final class RecordingModel implements Model {
  private final Model inner;
  private final Path file;

  /** Records the answers of {@code inner} to {@code file} (appending; created if missing). */
  public RecordingModel(Model inner, Path file) {
    this.inner = requireNonNull(inner, "inner is null");
    this.file = requireNonNull(file, "file is null");
  }

  /** The replay-file line of {@code response} to {@code request}. */
  public static String line(Request request, Response response) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("hash", CanonicalRequest.hash(request));
    node.set("response", ResponseJson.write(response));
    return CanonicalRequest.write(node);
  }

  @Override
  public ModelSpec spec() {
    return inner.spec();
  }

  @Override
  public Response complete(Request request) {
    Response response = inner.complete(request);
    String line = line(request, response) + "\n";
    synchronized (this) {
      try {
        Files.writeString(
            file,
            line,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw LoopwatchException.external("cannot append to replay file " + file, e);
      }
    }
    return response;
  }
}
