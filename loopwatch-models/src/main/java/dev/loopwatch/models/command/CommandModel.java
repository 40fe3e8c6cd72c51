package dev.loopwatch.models.command;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.ResponseJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A model that is a program: each call starts {@code command}, writes the request's canonical JSON
 * (with {@code model}) to its stdin and reads one response JSON ({@link ResponseJson}) from its
 * stdout. Exit 0 is an answer; exit 75 ({@code EX_TEMPFAIL}) is a retryable failure; any other exit
 * is a final failure carrying the program's stderr. A program still running at the timeout is
 * killed with its whole process tree and the call is retryable. The contract is in docs/MODELS.md.
 */
public final class CommandModel implements Model {
  /** The exit code that asks for a retry. */
  public static final int RETRY_EXIT = 75;

  private final ModelSpec spec;
  private final Path directory;

  /** A model running {@code spec.command()} in {@code directory}. */
  public CommandModel(ModelSpec spec, Path directory) {
    this.spec = requireNonNull(spec, "spec is null");
    this.directory = requireNonNull(directory, "directory is null");
    if (spec.command().isEmpty()) {
      throw new IllegalArgumentException("model '" + spec.name() + "' has no command");
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Response complete(Request request) {
    ObjectNode input = CanonicalRequest.json(request);
    input.put("model", spec.model());
    byte[] stdin = CanonicalRequest.write(input).getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    try (ChildProcess child =
        ChildProcess.startInteractive(spec.command(), directory, Map.of(), spec.timeout())) {
      Thread writer =
          Thread.ofVirtual()
              .name("lw-model-stdin")
              .start(() -> {
                try (OutputStream out = child.stdin()) {
                  out.write(stdin);
                } catch (IOException e) {
                  // The program closed stdin early; its exit code and stderr tell why.
                }
              });
      byte[] stdout;
      int exit;
      try {
        stdout = child.stdout().readAllBytes();
        exit = child.waitFor();
        writer.join();
      } catch (LoopwatchException e) {
        throw failure(
            new ModelError.Retryable(
                408,
                "'"
                    + spec.command().getFirst()
                    + "' ran past "
                    + spec.timeout()
                    + " and was killed",
                Optional.empty()));
      } catch (IOException e) {
        throw failure(
            new ModelError.Retryable(
                0, "cannot read the program's output: " + e.getMessage(), Optional.empty()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(new ModelError.Rejected(0, "interrupted"));
      }
      if (child.timedOut()) {
        throw failure(
            new ModelError.Retryable(
                408,
                "'"
                    + spec.command().getFirst()
                    + "' ran past "
                    + spec.timeout()
                    + " and was killed",
                Optional.empty()));
      }
      if (exit != 0) {
        String message =
            "'"
                + spec.command().getFirst()
                + "' exited with "
                + exit
                + ": "
                + oneLine(child.stderrText());
        throw failure(
            exit == RETRY_EXIT
                ? new ModelError.Retryable(0, message, Optional.empty())
                : new ModelError.Rejected(0, message));
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      try {
        JsonNode json = CanonicalRequest.mapper().readTree(stdout);
        return ResponseJson.read(json, spec.model(), latency);
      } catch (JacksonException | IllegalArgumentException e) {
        throw failure(
            new ModelError.Rejected(
                0,
                "'"
                    + spec.command().getFirst()
                    + "' printed no valid response JSON: "
                    + oneLine(String.valueOf(e.getMessage()))));
      } catch (IOException e) {
        throw failure(
            new ModelError.Rejected(0, "cannot parse the program's output: " + e.getMessage()));
      }
    }
  }

  private ModelException failure(ModelError error) {
    return new ModelException(spec.name(), error);
  }

  private static String oneLine(String text) {
    String line = text.strip().replace('\n', ' ');
    return line.isEmpty()
        ? "(no stderr)"
        : line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
