package dev.loopwatch.app.judgment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.judgment.Prompts;
import dev.loopwatch.models.stack.SpendSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Writes one candidate's run as an Inspect evaluation log ({@code .json}, one {@code EvalLog}
 * object, schema version 2; UKGovernmentBEIS/inspect_ai {@code log/_log.py}) so Inspect View can
 * open it: {@code eval} (task, model, dataset), {@code plan} (one solver step), {@code results}
 * (the pairwise-judge score with win rate, interval, tie rate, order consistency and
 * length-controlled rate as metrics), {@code stats.model_usage} (tokens and cost of the candidate
 * and the judge), and one sample per item whose score value is 1 (candidate won), 0.5 (tie) or 0
 * (human won); items not judged carry an {@code error} instead of a score.
 *
 * <p>Every object carries the fields Inspect itself serializes, as listed by the {@code required}
 * arrays of inspect_ai's {@code _view/inspect-openapi.json} (the schema the viewer's types are
 * generated from), so the file validates against its {@code EvalLog} schema: {@code invalidated},
 * {@code tags}, {@code metadata}; {@code eval.task_args_passed}, {@code
 * eval.model_generate_config}; {@code params_passed} of each plan step; {@code stats.role_usage},
 * {@code stats.connection_limit_history}; and per sample {@code role_usage}, {@code
 * output.completion} and each score's {@code history}. Timestamps are written as Python writes them
 * (microseconds, {@code +00:00}).
 */
final class InspectLog {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private InspectLog() {}

  /** Writes {@code candidate} of {@code report} to {@code file} (through a temporary file). */
  static void write(
      Path file,
      RunReport report,
      RunReport.Candidate candidate,
      String judgeProvider,
      String candidateProvider,
      Instant completed) {
    ObjectNode log = log(report, candidate, judgeProvider, candidateProvider, completed);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(
          partial,
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(log),
          StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot write the Inspect log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The {@code EvalLog} object of {@code candidate}. */
  static ObjectNode log(
      RunReport report,
      RunReport.Candidate candidate,
      String judgeProvider,
      String candidateProvider,
      Instant completed) {
    String model = candidateProvider + "/" + candidate.model();
    String judgeModel = judgeProvider + "/" + report.judgeModel();
    ObjectNode log = NODES.objectNode();
    log.put("version", 2);
    log.put("status", report.stoppedByBudget() ? "cancelled" : "success");
    ObjectNode eval = log.putObject("eval");
    eval.put("eval_id", report.runId() + "-" + candidate.name());
    eval.put("run_id", report.runId());
    eval.put("created", time(report.runAt()));
    eval.put("task", "loopwatch/judgment");
    eval.put("task_id", "loopwatch-judgment-" + report.promptVersion());
    eval.put("task_version", 1);
    eval.putObject("task_attribs");
    eval.putObject("task_args");
    eval.putObject("task_args_passed");
    ObjectNode dataset = eval.putObject("dataset");
    dataset.put("name", Path.of(report.itemsFile()).getFileName().toString());
    dataset.put("location", report.itemsFile());
    dataset.put("samples", report.items());
    eval.put("model", model);
    // The seed is the requests' seed: GenerateConfig.seed (EvalConfig has no seed field, and
    // Inspect drops unknown fields when it loads a log).
    eval.putObject("model_generate_config").put("seed", report.seed());
    eval.putObject("model_args");
    eval.putObject("config");
    ObjectNode metadata = eval.putObject("metadata");
    metadata.put("judge", judgeModel);
    metadata.put("prompt_version", report.promptVersion());
    metadata.put("redactions", report.redactions());
    eval.putObject("packages").put("loopwatch", "0.1.0");
    ObjectNode plan = log.putObject("plan");
    plan.put("name", "plan");
    ArrayNode steps = plan.putArray("steps");
    ObjectNode step = steps.addObject();
    step.put("solver", "loopwatch/propose_next_step");
    step.putObject("params");
    step.putObject("params_passed");
    plan.putObject("config");
    ObjectNode results = log.putObject("results");
    results.put("total_samples", report.items());
    results.put("completed_samples", candidate.judged());
    ObjectNode score = results.putArray("scores").addObject();
    score.put("name", "pairwise_judge");
    score.put("scorer", "pairwise_judge");
    score.putObject("params").put("judge", judgeModel);
    ObjectNode metrics = score.putObject("metrics");
    metric(metrics, "win_rate", candidate.winRate());
    metric(metrics, "win_rate_low", candidate.winRateLow());
    metric(metrics, "win_rate_high", candidate.winRateHigh());
    metric(metrics, "tie_rate", candidate.tieRate());
    metric(metrics, "order_consistency", candidate.orderConsistency());
    metric(metrics, "length_controlled_win_rate", candidate.lengthControlled());
    metric(metrics, "judge_errors", OptionalDouble.of(candidate.judgeErrors()));
    ObjectNode stats = log.putObject("stats");
    stats.put("started_at", time(report.runAt()));
    stats.put("completed_at", time(completed));
    ObjectNode usage = stats.putObject("model_usage");
    usage(usage.putObject(model), candidate.candidateSpend());
    usage(
        usage.has(judgeModel) ? (ObjectNode) usage.get(judgeModel) : usage.putObject(judgeModel),
        candidate.judgeSpend());
    stats.putObject("role_usage");
    stats.putArray("connection_limit_history");
    log.put("invalidated", false);
    log.putArray("tags");
    log.putObject("metadata");
    ArrayNode samples = log.putArray("samples");
    for (JudgmentRunner.Sample sample : candidate.samples()) {
      ObjectNode node = samples.addObject();
      node.put("id", sample.item().id());
      node.put("epoch", 1);
      node.put("input", Prompts.candidate(sample.item()));
      node.put("target", sample.item().humanNextStep());
      ArrayNode messages = node.putArray("messages");
      ObjectNode input = messages.addObject();
      input.put("role", "user");
      input.put("content", Prompts.candidate(sample.item()));
      input.put("source", "input");
      sample
          .proposal()
          .ifPresent(proposal -> {
            ObjectNode reply = messages.addObject();
            reply.put("role", "assistant");
            reply.put("content", proposal);
            reply.put("source", "generate");
          });
      ObjectNode output = node.putObject("output");
      output.put("model", model);
      ArrayNode choices = output.putArray("choices");
      sample
          .proposal()
          .ifPresent(proposal -> {
            ObjectNode choice = choices.addObject();
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", proposal);
            message.put("source", "generate");
            choice.put("stop_reason", "stop");
          });
      output.put("completion", sample.proposal().orElse(""));
      ObjectNode scores = node.putObject("scores");
      if (sample.comparison().isPresent()) {
        var comparison = sample.comparison().get();
        ObjectNode value = scores.putObject("pairwise_judge");
        value.put("value", comparison.verdict().score());
        value.put("answer", sample.proposal().orElse(""));
        value.put(
            "explanation",
            "verdict "
                + comparison.verdict().id()
                + " (candidate shown first: "
                + comparison.candidateFirst().name().toLowerCase(Locale.ROOT)
                + ", shown second: "
                + comparison.candidateSecond().name().toLowerCase(Locale.ROOT)
                + ")");
        value.putArray("history");
      }
      ObjectNode sampleMetadata = node.putObject("metadata");
      sampleMetadata.put("session_id", sample.item().sessionId());
      sampleMetadata.put("status", sample.status().id());
      node.putObject("store");
      node.putArray("events");
      node.putObject("model_usage");
      node.putObject("role_usage");
      node.putObject("attachments");
      sample
          .error()
          .ifPresent(error -> {
            ObjectNode failure = node.putObject("error");
            failure.put("message", error);
            failure.put("traceback", "");
            failure.put("traceback_ansi", "");
          });
    }
    return log;
  }

  /**
   * Adds metric {@code name}; an undefined one (nothing judged) is left out, as Inspect wants a
   * number.
   */
  private static void metric(ObjectNode metrics, String name, OptionalDouble value) {
    if (value.isEmpty() || !Double.isFinite(value.getAsDouble())) {
      return;
    }
    ObjectNode metric = metrics.putObject(name);
    metric.put("name", name);
    metric.put("value", value.getAsDouble());
    metric.putObject("params");
  }

  /**
   * {@code instant} as Python's {@code datetime.isoformat()} writes a UTC time, with microseconds:
   * Inspect parses timestamps with {@code datetime.fromisoformat}, which before Python 3.11 takes
   * only 3 or 6 fraction digits, so {@link Instant#toString()}'s nanoseconds would not load.
   */
  static String time(Instant instant) {
    return TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static void usage(ObjectNode node, SpendSummary spend) {
    long input = node.path("input_tokens").asLong(0) + spend.inputTokens();
    long output = node.path("output_tokens").asLong(0) + spend.outputTokens();
    node.put("input_tokens", input);
    node.put("output_tokens", output);
    node.put("total_tokens", input + output);
    node.put("total_cost", node.path("total_cost").asDouble(0) + spend.costUsd());
  }
}
