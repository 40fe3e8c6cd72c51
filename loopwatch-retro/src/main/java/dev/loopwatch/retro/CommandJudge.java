package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ShellCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A judge that is any command, often an LLM behind a script.
 *
 * <p>Contract (docs/RETRO.md): run through {@code /bin/sh -c}; stdin is one JSON object {@code
 * {"finding": {"file", "start_line", "end_line", "message", "severity"}, "fix_diff": "...",
 * "incident_summary": "..."}}; stdout is {@code {"score": 0..3, "reason": "..."}}. A crash, timeout
 * or bad answer is a {@link Judge.Verdict.Failed}, reported as a judge error, never as "not
 * caught".
 */
public final class CommandJudge implements Judge {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String command;
  private final Path directory;
  private final Duration timeout;

  /** A judge running {@code command} in {@code directory} with {@code timeout} per finding. */
  public CommandJudge(String command, Path directory, Duration timeout) {
    this.command = requireNonNull(command, "command is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    if (command.isBlank()) {
      throw new IllegalArgumentException("judge command is blank");
    }
  }

  /** The command line, as given. */
  public String command() {
    return command;
  }

  @Override
  public Verdict judge(Finding finding, String fixDiff, String incidentSummary) {
    requireNonNull(finding, "finding is null");
    requireNonNull(fixDiff, "fixDiff is null");
    requireNonNull(incidentSummary, "incidentSummary is null");
    ObjectNode input = MAPPER.createObjectNode();
    ObjectNode node = input.putObject("finding");
    node.put("file", finding.file());
    node.put("start_line", finding.startLine());
    node.put("end_line", finding.endLine());
    node.put("message", finding.message());
    node.put("severity", finding.severity());
    input.put("fix_diff", fixDiff);
    input.put("incident_summary", incidentSummary);
    ShellCommand.Result result =
        ShellCommand.run(command, directory, Map.of(), input.toString() + "\n", timeout);
    return switch (result) {
      case ShellCommand.Result.NotStarted notStarted ->
          new Verdict.Failed("judge could not run: " + notStarted.reason());
      case ShellCommand.Result.TimedOut timedOut ->
          new Verdict.Failed("judge timed out after " + timedOut.limit().toSeconds() + " s");
      case ShellCommand.Result.Exited exited when exited.exitCode() != 0 ->
          new Verdict.Failed("judge exited with code " + exited.exitCode());
      case ShellCommand.Result.Exited exited -> parse(exited.stdout());
    };
  }

  /** Reads the judge's answer; package-private for tests. */
  static Verdict parse(String stdout) {
    JsonNode root;
    try {
      root = MAPPER.readTree(stdout);
    } catch (JsonProcessingException e) {
      return new Verdict.Failed("judge stdout is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return new Verdict.Failed("judge stdout is not a JSON object");
    }
    JsonNode score = root.get("score");
    if (score == null
        || !score.isIntegralNumber()
        || !score.canConvertToInt()
        || score.intValue() < 0
        || score.intValue() > 3) {
      return new Verdict.Failed("judge score is missing or not an integer 0 to 3");
    }
    JsonNode reason = root.get("reason");
    if (reason != null && !reason.isNull() && !reason.isTextual()) {
      return new Verdict.Failed("judge reason is not a string");
    }
    return new Verdict.Scored(
        score.intValue(), reason == null || reason.isNull() ? "" : reason.asText());
  }
}
