package dev.loopwatch.models.replay;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.ResponseJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model that answers from a recording: a JSONL file whose lines are {@code {"hash": H,
 * "response": R}}, {@code H} the {@link CanonicalRequest#hash request hash} and {@code R} a {@link
 * ResponseJson} response. A request with no line fails loudly, naming its hash, so a test that
 * changed its prompts cannot pass on stale answers. The whole file is read when the model opens.
 */
public final class ReplayModel implements Model {
  private final ModelSpec spec;
  private final Path file;
  private final Map<String, Response> responses;

  private ReplayModel(ModelSpec spec, Path file, Map<String, Response> responses) {
    this.spec = spec;
    this.file = file;
    this.responses = responses;
  }

  /** Reads {@code spec.file()}; a user-input error naming file and line when a line is bad. */
  public static ReplayModel open(ModelSpec spec) {
    requireNonNull(spec, "spec is null");
    Path file =
        spec.file()
            .orElseThrow(
                () -> new IllegalArgumentException("model '" + spec.name() + "' has no file"));
    Map<String, Response> responses = new TreeMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = CanonicalRequest.mapper().readTree(line);
          String hash = node.path("hash").asText("");
          if (hash.isEmpty()) {
            throw new IllegalArgumentException("'hash' is missing");
          }
          responses.put(hash, ResponseJson.read(node.get("response"), spec.model(), Duration.ZERO));
        } catch (JacksonException | IllegalArgumentException e) {
          throw LoopwatchException.userInput(
              file + ":" + number + ": bad replay line: " + firstLine(e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput(
          "model '" + spec.name() + "': cannot read replay file " + file + ": " + e.getMessage());
    }
    return new ReplayModel(spec, file, Map.copyOf(responses));
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Response complete(Request request) {
    String hash = CanonicalRequest.hash(request);
    Response response = responses.get(hash);
    if (response == null) {
      throw new ModelException(
          spec.name(),
          new ModelError.Rejected(
              0, "replay file " + file + " has no response for request hash " + hash));
    }
    return response;
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
