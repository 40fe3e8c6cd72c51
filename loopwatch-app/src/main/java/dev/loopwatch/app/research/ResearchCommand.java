package dev.loopwatch.app.research;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loopwatch research}: the automated research loop. */
@Command(
    name = "research",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch research run w2s-spam --agents 3 --agent bench/agents/good.sh --out runs/r1",
      "  loopwatch research status runs/r1",
      "  loopwatch research finalize runs/r1",
      "  loopwatch research report runs/r1 --human-pgr 0.23 --html r1.html"
    },
    subcommands = {
      ResearchRunCommand.class,
      ResearchStatusCommand.class,
      ResearchFinalizeCommand.class,
      ResearchReportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = "Run parallel sandboxed research agents with a forum, a code store and budgets.")
public final class ResearchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
