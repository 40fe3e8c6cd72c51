package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reviewer that is any command: it is run through {@code /bin/sh -c} in the change's worktree and
 * answers with JSON findings on stdout.
 *
 * <p>The contract (docs/RETRO.md): the working directory is the request's worktree; the environment
 * adds {@code LOOPWATCH_REPO} (the worktree path), {@code LOOPWATCH_BASE} and {@code
 * LOOPWATCH_HEAD} (full commit ids) and {@code LOOPWATCH_DIFF} (a file holding the diff); stdin is
 * the diff. The command prints one JSON object: {@code {"findings": [{"file": "src/A.java", "line":
 * 12 (or "start_line": 12, "end_line": 14), "message": "...", "severity": "warning"}], "cost_usd":
 * 0.0123}}; {@code severity}, {@code end_line} and {@code cost_usd} are optional. An optional
 * {@code "files_read": [...]} lists the changed files the reviewer could read; an empty list makes
 * the review {@link ReviewOutcome.NotApplicable} (never a miss). A non-zero exit, a timeout (the
 * whole process tree is killed) or output that breaks the contract is a {@link
 * ReviewOutcome.Failed} whose reason names the JSON field at fault; this class never throws for the
 * command's failures.
 */
public final class CommandReviewer implements Reviewer {
  /** The default time limit per review. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String name;
  private final String command;
  private final Duration timeout;

  /**
   * A reviewer named {@code name} that runs {@code command} with {@code timeout} per review.
   *
   * @throws IllegalArgumentException if the command or name is blank or the timeout not positive
   */
  public CommandReviewer(String name, String command, Duration timeout) {
    this.name = requireNonNull(name, "name is null");
    this.command = requireNonNull(command, "command is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    if (name.isBlank() || command.isBlank()) {
      throw new IllegalArgumentException("reviewer name and command must not be blank");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** A reviewer named after the command's first word, with the default time limit. */
  public static CommandReviewer of(String command) {
    return new CommandReviewer(defaultName(command), command, DEFAULT_TIMEOUT);
  }

  /**
   * The name a command gets when none is given: the file name of its first word ({@code
   * ./bin/review.sh --fast} is {@code review.sh}).
   */
  public static String defaultName(String command) {
    String first = command.strip().split("\\s+", 2)[0];
    int slash = first.lastIndexOf('/');
    String name = slash >= 0 && slash < first.length() - 1 ? first.substring(slash + 1) : first;
    if (name.isBlank()) {
      throw new IllegalArgumentException("reviewer command is blank");
    }
    return name;
  }

  @Override
  public String name() {
    return name;
  }

  /** The command line, as given. */
  public String command() {
    return command;
  }

  @Override
  public ReviewOutcome review(ReviewRequest request) {
    requireNonNull(request, "request is null");
    Path diffFile;
    try {
      diffFile = Files.createTempFile("loopwatch-diff-", ".diff");
      Files.writeString(diffFile, request.diff(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write the diff for reviewer " + name, e);
    }
    try {
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("LOOPWATCH_REPO", request.worktree().toString());
      environment.put("LOOPWATCH_BASE", request.base());
      environment.put("LOOPWATCH_HEAD", request.head());
      environment.put("LOOPWATCH_DIFF", diffFile.toString());
      ShellCommand.Result result =
          ShellCommand.run(command, request.worktree(), environment, request.diff(), timeout);
      return switch (result) {
        case ShellCommand.Result.NotStarted notStarted ->
            failed("could not run: " + firstLine(notStarted.reason()), result.wallTime());
        case ShellCommand.Result.TimedOut timedOut ->
            failed(
                "timed out after "
                    + timedOut.limit().toSeconds()
                    + " s; its process tree was killed",
                result.wallTime());
        case ShellCommand.Result.Exited exited when exited.exitCode() != 0 ->
            failed(
                "exited with code "
                    + exited.exitCode()
                    + (exited.stderr().isEmpty() ? "" : ": " + firstLine(exited.stderr())),
                result.wallTime());
        case ShellCommand.Result.Exited exited ->
            parse(exited.stdout(), request.worktree(), result.wallTime());
      };
    } finally {
      try {
        Files.deleteIfExists(diffFile);
      } catch (IOException e) {
        // A leftover temp file is harmless.
      }
    }
  }

  /**
   * Reads the reviewer's stdout into findings, or a failure naming the field at fault; package
   * private for tests.
   */
  static ReviewOutcome parse(String stdout, Path worktree, Duration wallTime) {
    if (stdout.isBlank()) {
      return failed("printed nothing on stdout (expected a JSON object with findings)", wallTime);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(stdout);
    } catch (JsonProcessingException e) {
      return failed("stdout is not valid JSON: " + firstLine(e.getOriginalMessage()), wallTime);
    }
    if (root == null || !root.isObject()) {
      return failed("stdout is not a JSON object", wallTime);
    }
    Optional<BigDecimal> cost = Optional.empty();
    JsonNode costNode = root.get("cost_usd");
    if (costNode != null && !costNode.isNull()) {
      if (!costNode.isNumber() || costNode.decimalValue().signum() < 0) {
        return failed("cost_usd is not a non-negative number", wallTime);
      }
      cost = Optional.of(costNode.decimalValue());
    }
    JsonNode findingsNode = root.get("findings");
    if (findingsNode == null) {
      return new ReviewOutcome.Failed("findings is missing", wallTime, cost);
    }
    if (!findingsNode.isArray()) {
      return new ReviewOutcome.Failed("findings is not an array", wallTime, cost);
    }
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < findingsNode.size(); i++) {
      String at = "findings[" + i + "]";
      JsonNode node = findingsNode.get(i);
      if (!node.isObject()) {
        return new ReviewOutcome.Failed(at + " is not an object", wallTime, cost);
      }
      JsonNode file = node.get("file");
      if (file == null || !file.isTextual() || file.asText().isBlank()) {
        return new ReviewOutcome.Failed(at + ".file is missing or not a string", wallTime, cost);
      }
      String startField = node.has("start_line") ? "start_line" : "line";
      JsonNode start = node.get(startField);
      if (start == null) {
        return new ReviewOutcome.Failed(
            at + ".line is missing (give line or start_line)", wallTime, cost);
      }
      if (!start.isIntegralNumber() || !start.canConvertToInt() || start.intValue() < 1) {
        return new ReviewOutcome.Failed(
            at + "." + startField + " is not a positive integer", wallTime, cost);
      }
      int startLine = start.intValue();
      int endLine = startLine;
      JsonNode end = node.get("end_line");
      if (end != null && !end.isNull()) {
        if (!end.isIntegralNumber() || !end.canConvertToInt() || end.intValue() < startLine) {
          return new ReviewOutcome.Failed(
              at + ".end_line is not an integer at least " + startField, wallTime, cost);
        }
        endLine = end.intValue();
      }
      JsonNode message = node.get("message");
      if (message == null || !message.isTextual()) {
        return new ReviewOutcome.Failed(at + ".message is missing or not a string", wallTime, cost);
      }
      JsonNode severity = node.get("severity");
      if (severity != null && !severity.isNull() && !severity.isTextual()) {
        return new ReviewOutcome.Failed(at + ".severity is not a string", wallTime, cost);
      }
      findings.add(
          new Finding(
              relative(file.asText(), worktree),
              startLine,
              endLine,
              message.asText(),
              severity == null || severity.isNull() ? "" : severity.asText()));
    }
    JsonNode filesRead = root.get("files_read");
    if (filesRead != null && !filesRead.isNull()) {
      if (!filesRead.isArray()) {
        return new ReviewOutcome.Failed("files_read is not an array", wallTime, cost);
      }
      for (int i = 0; i < filesRead.size(); i++) {
        if (!filesRead.get(i).isTextual()) {
          return new ReviewOutcome.Failed("files_read[" + i + "] is not a string", wallTime, cost);
        }
      }
      if (filesRead.isEmpty()) {
        if (!findings.isEmpty()) {
          return new ReviewOutcome.Failed(
              "files_read is empty but findings were reported", wallTime, cost);
        }
        return new ReviewOutcome.NotApplicable(
            "read none of the changed files (files_read is empty)", wallTime, cost);
      }
    }
    return new ReviewOutcome.Reviewed(findings, wallTime, cost);
  }

  /** A path relative to the worktree: absolute paths inside it and leading {@code ./} removed. */
  static String relative(String file, Path worktree) {
    Path path = Path.of(file);
    if (path.isAbsolute()) {
      Path root = worktree.toAbsolutePath().normalize();
      Path normal = path.normalize();
      if (normal.startsWith(root)) {
        return root.relativize(normal).toString();
      }
      return file;
    }
    String normal = path.normalize().toString();
    return normal.isEmpty() ? file : normal;
  }

  private static ReviewOutcome.Failed failed(String reason, Duration wallTime) {
    return new ReviewOutcome.Failed(reason, wallTime, Optional.empty());
  }

  private static String firstLine(String text) {
    String strip = text == null ? "" : text.strip();
    int newline = strip.indexOf('\n');
    return newline < 0 ? strip : strip.substring(0, newline);
  }
}
