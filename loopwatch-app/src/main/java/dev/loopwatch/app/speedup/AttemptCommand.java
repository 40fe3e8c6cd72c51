package dev.loopwatch.app.speedup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.Attempt;
import dev.loopwatch.evals.speedup.GradeOptions;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.evals.speedup.TaskSpec;
import dev.loopwatch.evals.speedup.Tasks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch speedup attempt}: runs an agent on a task and grades what it leaves. */
@Command(
    name = "attempt",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch speedup attempt tiny-lm --agent 'my-agent \"make it faster\"' --budget 2h",
      "  loopwatch speedup attempt tiny-lm --agent ./agent.sh --budget 30m --model opus --db s.duckdb"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the final state was accepted",
      "1:the final state was rejected or flagged",
      "2:usage or input error",
      "3:internal or external failure"
    },
    description = {
      "Let an agent try to speed up a task's baseline under a time budget, then grade its work.",
      "Copies the baseline into a workspace with a practice-seed 'score' helper, runs the agent",
      "there under the budget, then grades the final workspace on the hidden seeds."
    })
public final class AttemptCommand implements Callable<Integer> {
  private static final Pattern BUDGET = Pattern.compile("(\\d+)([smh])");

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TASK",
      description = "A task folder or a built-in task name.")
  String task;

  @Option(
      names = "--agent",
      required = true,
      paramLabel = "COMMAND",
      description =
          "The agent, run with /bin/sh -c in the workspace ($LOOPWATCH_SCORE is the helper).")
  String agent;

  @Option(
      names = "--budget",
      required = true,
      paramLabel = "DURATION",
      description = "The agent's time limit, e.g. 90s, 30m, 2h, 1h30m.")
  String budget;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "The model, recorded in the report.")
  String model;

  @Option(names = "--pairs", paramLabel = "N", description = "Timed pairs of the final grading.")
  Integer pairs;

  @Option(
      names = "--unsafe-no-sandbox",
      description =
          "Grade without the bubblewrap sandbox (when bwrap is unusable here); the report says so first.")
  boolean unsafeNoSandbox;

  @Option(
      names = "--agent-network",
      description =
          "Give the agent (only the agent, never a graded run) the host's network, for its model"
              + " API. Risk: the agent can then reach anything the machine can.")
  boolean agentNetwork;

  @Option(names = "--json", description = "Print the attempt as JSON.")
  boolean json;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description =
          "Also record the result in this store, a DuckDB file (e.g. ~/.loopwatch/loopwatch.duckdb).")
  Path store;

  /** The old spelling of {@code --db}, kept hidden for one release. */
  @Option(names = "--store", hidden = true, paramLabel = "FILE")
  void store(Path path) {
    store = path;
  }

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public Integer call() {
    Duration limit = parseBudget(budget);
    if (pairs != null && pairs < 2) {
      throw LoopwatchException.userInput("--pairs must be at least 2, not " + pairs);
    }
    TaskSpec spec = Tasks.resolve(task);
    try {
      return call(spec, limit);
    } finally {
      Tasks.release(spec);
    }
  }

  private Integer call(TaskSpec spec, Duration limit) {
    PrintWriter err = this.spec.commandLine().getErr();
    Attempt.Result result =
        Attempt.run(
            spec,
            agent,
            limit,
            selfCommand(),
            new GradeOptions(pairs == null ? 0 : pairs, unsafeNoSandbox, false, true),
            agentNetwork,
            line -> {
              err.println("loopwatch: " + line);
              err.flush();
            });
    if (store != null) {
      try (Store opened = Store.open(store, StoreParts.ALL)) {
        SpeedupStore.recordAttempt(
            opened, result, agent, java.util.Optional.ofNullable(model), Instant.now());
      }
    }
    PrintWriter out = this.spec.commandLine().getOut();
    if (json) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("task", spec.name());
      node.put("agent", agent);
      if (model == null) {
        node.putNull("model");
      } else {
        node.put("model", model);
      }
      node.put("folder", result.folder().toString());
      node.put("transcript", result.transcript().toString());
      node.put("agentExitCode", result.agentExitCode());
      node.put("budgetExhausted", result.budgetExhausted());
      node.put("agentSeconds", result.agentSeconds());
      var scores = node.putArray("scores");
      for (String line : result.scores()) {
        try {
          scores.add(Json.mapper().readTree(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          scores.add(line);
        }
      }
      node.set("grade", Json.mapper().valueToTree(result.grade()));
      Json.print(node, out);
    } else {
      out.printf(
          Locale.ROOT,
          "agent ran %.1f s (exit %d%s); %d practice scores; transcript %s%n",
          result.agentSeconds(),
          result.agentExitCode(),
          result.budgetExhausted() ? ", stopped at the budget" : "",
          result.scores().size(),
          result.transcript());
      if (model != null) {
        out.println("model " + model);
      }
      GradeText.print(result.grade(), out);
    }
    return result.grade().accepted() ? Main.OK : Main.VIOLATIONS;
  }

  static Duration parseBudget(String text) {
    return parseDuration(text, "--budget");
  }

  /**
   * A duration like {@code 90s}, {@code 30m}, {@code 2h} or {@code 1h30m}; a usage error naming
   * {@code option} otherwise.
   */
  public static Duration parseDuration(String text, String option) {
    String compact = text.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = BUDGET.matcher(compact);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        break;
      }
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
      end = matcher.end();
    }
    if (end != compact.length() || compact.isEmpty() || total.isZero()) {
      throw LoopwatchException.userInput(
          option + " must be a duration like 90s, 30m, 2h or 1h30m, not '" + text + "'");
    }
    return total;
  }

  /** The argv that runs this same loopwatch: this JVM, its class path, the main class. */
  static List<String> selfCommand() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    return command;
  }
}
