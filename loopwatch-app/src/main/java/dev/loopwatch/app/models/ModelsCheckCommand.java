package dev.loopwatch.app.models;

import dev.loopwatch.app.cli.BudgetOptions;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.sessions.SessionsScan;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Usage;
import dev.loopwatch.models.stack.ModelStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch models check NAME}: sends one tiny request through the model's retries, rate
 * limit and budget (never the cache: a check must reach the provider) and prints the answer's
 * latency, tokens and cost.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the model answered, or the budget stopped the call (stopped_by_budget)",
      "2:bad input (unknown model, unset key, bad config, rejected request)",
      "3:the provider failed (after retries) or could not be reached"
    },
    description = {
      "Send one tiny request to a configured model and print latency, tokens and cost.",
      "NAME is a [models.NAME] table of loopwatch.toml. The response cache is neither read nor",
      "written."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch models check judge",
      "  loopwatch models check local-qwen --config loopwatch.toml --json",
      "  loopwatch models check judge --max-cost 0.01"
    })
final class ModelsCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "A model of loopwatch.toml [models].")
  String name;

  @Option(names = "--config", paramLabel = "FILE", description = "Read this loopwatch.toml only.")
  Path config;

  @Mixin BudgetOptions budget;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "The request's text (default: ${DEFAULT-VALUE}).")
  String prompt = "Reply with the single word: ok";

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "The most output tokens (default: ${DEFAULT-VALUE}).")
  int maxTokens = 16;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  /**
   * The outcome of a check.
   *
   * @param name the model's name
   * @param provider its provider
   * @param model its model id
   * @param baseUrl its base URL
   * @param stoppedByBudget whether the budget refused the call
   * @param content the answer
   * @param stopReason why the model stopped
   * @param latencyMs the call's latency in milliseconds
   * @param usage the tokens, empty when the provider did not report them
   * @param costUsd the cost, empty when unknown (no price or no usage)
   * @param requestId the provider's request id
   * @param retries retries needed
   */
  record Result(
      String name,
      String provider,
      String model,
      String baseUrl,
      boolean stoppedByBudget,
      Optional<String> content,
      Optional<String> stopReason,
      Optional<Long> latencyMs,
      Optional<Usage> usage,
      Optional<Double> costUsd,
      Optional<String> requestId,
      long retries) {}

  @Override
  public Integer call() {
    if (maxTokens < 1) {
      throw LoopwatchException.userInput("--max-tokens must be at least 1: " + maxTokens);
    }
    Config loaded = ModelsSettings.config(config);
    ModelSpec model = ModelsConfig.of(loaded).spec(name);
    ModelStack stack =
        ModelStack.of(
            System.getenv(), SessionsScan.prices(loaded), Optional.empty(), budget.budget());
    Model opened = stack.open(model);
    Result result;
    try {
      Response response = opened.complete(Request.of("", prompt, maxTokens));
      result =
          new Result(
              model.name(),
              model.provider().configName(),
              model.model(),
              model.baseUrl(),
              false,
              Optional.of(response.content()),
              Optional.of(response.stopReason()),
              Optional.of(response.latency().toMillis()),
              response.usage(),
              stack.cost(model, response),
              response.requestId(),
              stack.spend().retries());
    } catch (ModelException e) {
      result =
          switch (e.error()) {
            case ModelError.OverBudget over ->
                new Result(
                    model.name(),
                    model.provider().configName(),
                    model.model(),
                    model.baseUrl(),
                    true,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    stack.spend().retries());
            case ModelError.Rejected rejected ->
                throw rejectedByUser(rejected.status())
                    ? LoopwatchException.userInput(e.getMessage())
                    : LoopwatchException.external(e.getMessage(), e);
            case ModelError.Retryable retryable ->
                throw LoopwatchException.external(
                    e.getMessage() + " (after " + stack.spend().retries() + " retries)", e);
          };
    }
    print(result, stack);
    return 0;
  }

  private static boolean rejectedByUser(int status) {
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 413;
  }

  private void print(Result result, ModelStack stack) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(result, out);
      return;
    }
    out.printf(
        Locale.ROOT, "model     %s (%s, %s)%n", result.name(), result.provider(), result.model());
    if (!result.baseUrl().isEmpty()) {
      out.printf(Locale.ROOT, "base URL  %s%n", result.baseUrl());
    }
    if (result.stoppedByBudget()) {
      out.println("result    stopped_by_budget: the call was not sent");
      out.flush();
      return;
    }
    out.printf(
        Locale.ROOT,
        "answer    %s (stop: %s)%n",
        oneLine(result.content().orElse("")),
        result.stopReason().orElse("?"));
    out.printf(Locale.ROOT, "latency   %d ms%n", result.latencyMs().orElse(0L));
    out.printf(
        Locale.ROOT,
        "tokens    %s%n",
        result
            .usage()
            .map(u ->
                String.format(
                    Locale.ROOT,
                    "input %d, output %d, cache write %d, cache read %d",
                    u.input(),
                    u.output(),
                    u.cacheCreation(),
                    u.cacheRead()))
            .orElse("unknown (the provider reported no usage)"));
    out.printf(
        Locale.ROOT,
        "cost      %s%n",
        result
            .costUsd()
            .map(c -> String.format(Locale.ROOT, "$%.6f", c))
            .orElse("unknown (no price for " + result.model() + " or no usage)"));
    if (result.retries() > 0) {
      out.printf(Locale.ROOT, "retries   %d%n", result.retries());
    }
    result.requestId().ifPresent(id -> out.printf(Locale.ROOT, "request   %s%n", id));
    out.flush();
  }

  private static String oneLine(String text) {
    String line = text.strip().replace('\n', ' ');
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
