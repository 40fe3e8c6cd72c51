package dev.loopwatch.app.research;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.app.research.ResearchSummary.Human;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch research report}: a run's best PGR with its intervals, PGR against agent-hours
 * and dollars, the agents, the results, every probe flag and the caveats. Reads the run folder
 * only; {@code research finalize} is what stores a run.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch research report runs/r1",
      "  loopwatch research report runs/r1 --human-pgr 0.23 --html r1.html",
      "  loopwatch research report runs/r1 --csv --model claude-opus-4-6 >> research-trend.csv"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage or input error (not a run folder; --csv of a run not finalized)",
      "3:internal or external failure"
    },
    description = {
      "Report a research run's best PGR, its cost and its probe flags.",
      "The best PGR with a 95%% bootstrap interval over seeds and transfer accuracy next to it,",
      "the best PGR so far against agent-hours and dollars, each agent's posts, submissions,",
      "flags, status and cost per agent-hour, every probe flag with its evidence, and the",
      "caveats. A run not finalized is reported with dev numbers, labelled so."
    })
public final class ResearchReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUNDIR", description = "The run folder.")
  Path folder;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--csv",
      description =
          "Print the series model,date,value,low,high (best sealed PGR) that loopwatch trend"
              + " reads.")
  boolean csv;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write a self-contained HTML page.")
  Path html;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Resamples of the seeds for the interval (default: ${DEFAULT-VALUE}).")
  int bootstrap = 2000;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--human-pgr",
      paramLabel = "X",
      description = "A human baseline PGR to show as a reference line (e.g. 0.23).")
  Double humanPgr;

  @Option(
      names = "--human-source",
      paramLabel = "TEXT",
      description = "Where --human-pgr comes from, shown with it (default: ${DEFAULT-VALUE}).")
  String humanSource = "human baseline given with --human-pgr";

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "The model or agent label of the --csv row (default: the agent command's name).")
  String model;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (json && csv) {
      throw LoopwatchException.userInput("--json and --csv: choose one");
    }
    if (bootstrap < 1) {
      throw LoopwatchException.userInput("--bootstrap must be at least 1: " + bootstrap);
    }
    Optional<Human> human = Optional.empty();
    if (humanPgr != null) {
      if (!Double.isFinite(humanPgr)) {
        throw LoopwatchException.userInput("--human-pgr must be a number: " + humanPgr);
      }
      human = Optional.of(new Human(humanPgr, humanSource));
    }
    ResearchSummary summary = RunFolder.summary(folder, bootstrap, seed, human);
    PrintWriter out = spec.commandLine().getOut();
    if (csv) {
      out.print(
          TrendSeries.csv(
              summary, model != null ? model : TrendSeries.defaultLabel(summary.agentCommand())));
      out.flush();
    } else if (json) {
      Json.print(summary, out);
    } else {
      ReportText.print(summary, out);
    }
    if (html != null) {
      ResearchHtml.write(html, summary);
      spec.commandLine().getErr().println("loopwatch: wrote " + html);
    }
    return 0;
  }
}
