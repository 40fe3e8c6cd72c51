package dev.loopwatch.app.research;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.app.speedup.AttemptCommand;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.speedup.Limits;
import dev.loopwatch.research.run.Budget;
import dev.loopwatch.research.run.Directions;
import dev.loopwatch.research.run.Orchestrator;
import dev.loopwatch.research.run.RunSpec;
import dev.loopwatch.research.scoring.TaskScoring;
import dev.loopwatch.research.task.W2sTaskSpec;
import dev.loopwatch.research.w2s.W2sExperiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch research run}: starts N sandboxed agents on a task and waits for them. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch research run w2s-spam --agents 3 --agent bench/agents/good.sh --out runs/r1",
      "  loopwatch research run w2s-spam --agents 9 --agent ./claude.sh --agent-network --max-cost 50"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the run ended (every agent finished, crashed, failed or was stopped by a budget)",
      "2:usage or input error",
      "3:internal or external failure"
    },
    description = {
      "Run N sandboxed research agents on a task until each ends.",
      "Each agent is a command in its own sandbox (bubblewrap, cgroup, own uid) with a direction,",
      "a token, and the run's forum and code store on Unix sockets. Crashed agents restart;",
      "agents past a budget are stopped (status stopped_by_budget). The run folder keeps",
      "run.json, forum.jsonl, store.git and every attempt's output."
    })
public final class ResearchRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TASK",
      description = "The task, a folder or a built-in name (recorded in run.json).")
  String task;

  @Option(
      names = "--agents",
      paramLabel = "N",
      defaultValue = "3",
      description = "How many agents to run (default ${DEFAULT-VALUE}).")
  int agents;

  @Option(
      names = "--agent",
      required = true,
      paramLabel = "COMMAND",
      description = {
        "The agent, run with /bin/sh -c in its workspace; a script path is copied in.",
        "Repeat it to mix agents: agent i runs the (i mod K)-th of the K commands."
      })
  List<String> agent;

  @Option(
      names = "--directions",
      paramLabel = "FILE",
      description = "Starting directions, one per line; agent i gets line i (reuse is stated).")
  Path directions;

  @Option(
      names = "--out",
      paramLabel = "RUNDIR",
      description = "The run folder, new or empty (default runs/research-DATE-TIME).")
  Path out;

  @Option(
      names = "--max-wall",
      paramLabel = "DURATION",
      description = "The run's wall-clock budget, e.g. 30m, 5h (every agent stopped at it).")
  String maxWall;

  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description = "The run's dollar budget, summed over the agents' transcripts.")
  Double maxCost;

  @Option(
      names = "--max-cpu",
      paramLabel = "SECONDS",
      description = "The run's CPU budget, summed over the agents' cgroups.")
  Double maxCpu;

  @Option(
      names = "--agent-max-wall",
      paramLabel = "DURATION",
      description = "Each agent's wall-clock budget over all its attempts (a hang is stopped).")
  String agentMaxWall;

  @Option(
      names = "--agent-max-cpu",
      paramLabel = "SECONDS",
      description = "Each agent's CPU budget, from its cgroup counters.")
  Double agentMaxCpu;

  @Option(
      names = "--agent-max-cost",
      paramLabel = "USD",
      description = "Each agent's dollar budget, from its transcripts.")
  Double agentMaxCost;

  @Option(
      names = "--agent-max-tokens",
      paramLabel = "N",
      description = "Each agent's token budget, from its transcripts.")
  Long agentMaxTokens;

  @Option(
      names = "--agent-max-submissions",
      paramLabel = "N",
      description = "Each agent's scored submissions budget, as the scoring server counts them.")
  Long agentMaxSubmissions;

  @Option(
      names = "--restarts",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Restarts of a crashed agent before it is marked crashed (default ${DEFAULT-VALUE}).")
  int restarts;

  @Option(
      names = "--memory-mb",
      paramLabel = "MB",
      defaultValue = "2048",
      description = "Each agent's memory limit in MiB (its cgroup; default ${DEFAULT-VALUE}).")
  int memoryMb;

  @Option(
      names = "--agent-network",
      description =
          "Give agents the host's network, for their model API. Risk: they can then reach"
              + " anything the machine can; run.json records it.")
  boolean agentNetwork;

  @Option(names = "--json", description = "Print the final run.json on stdout instead of text.")
  boolean json;

  @Mixin LedgerOptions ledger;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (agents < 1) {
      throw LoopwatchException.userInput("--agents must be at least 1, not " + agents);
    }
    if (restarts < 0) {
      throw LoopwatchException.userInput("--restarts must be 0 or more, not " + restarts);
    }
    positive("--max-cost", maxCost);
    positive("--max-cpu", maxCpu);
    positive("--agent-max-cpu", agentMaxCpu);
    positive("--agent-max-cost", agentMaxCost);
    PrintWriter err = spec.commandLine().getErr();
    Path folder =
        out != null
            ? out
            : Path.of(
                "runs",
                "research-"
                    + LocalDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    RunSpec run =
        new RunSpec(
            task,
            agent,
            agents,
            Directions.read(Optional.ofNullable(directions), agents),
            folder,
            new Budget(
                seconds(agentMaxWall, "--agent-max-wall"),
                optional(agentMaxCpu),
                agentMaxSubmissions == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(agentMaxSubmissions),
                agentMaxTokens == null ? OptionalLong.empty() : OptionalLong.of(agentMaxTokens),
                optional(agentMaxCost)),
            new Budget(
                seconds(maxWall, "--max-wall"),
                optional(maxCpu),
                OptionalLong.empty(),
                OptionalLong.empty(),
                optional(maxCost)),
            restarts,
            agentNetwork,
            new Limits(
                Integer.MAX_VALUE / 2,
                memoryMb,
                Runtime.getRuntime().availableProcessors(),
                Limits.DEFAULT_FILE_MB,
                1024,
                0));
    Optional<ResearchLedger> log = ledger.open();
    W2sTaskSpec resolved = W2sTaskSpec.resolve(task);
    Orchestrator.validate(run);
    err.println("loopwatch: preparing task '" + resolved.id() + "' (data, features, splits)");
    err.flush();
    W2sExperiment experiment = W2sExperiment.prepare(resolved);
    Consumer<String> say =
        line -> {
          synchronized (err) {
            err.println("loopwatch: " + line);
            err.flush();
          }
        };
    ObjectNode record;
    LedgerFeed feed = log.map(l -> new LedgerFeed(l, folder, say)).orElse(null);
    try {
      record =
          new Orchestrator(run, Optional.of(new TaskScoring(experiment)), Prices.defaults(), say)
              .run();
    } finally {
      if (feed != null) {
        feed.close();
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      Json.print(record, stdout);
    } else {
      ResearchStatusCommand.print(record, folder.toAbsolutePath().normalize(), stdout);
    }
    return 0;
  }

  private static void positive(String option, Double value) {
    if (value != null && !(value > 0)) {
      throw LoopwatchException.userInput(option + " must be above 0, not " + value);
    }
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static OptionalDouble seconds(String duration, String option) {
    return duration == null
        ? OptionalDouble.empty()
        : OptionalDouble.of(AttemptCommand.parseDuration(duration, option).toMillis() / 1000.0);
  }
}
