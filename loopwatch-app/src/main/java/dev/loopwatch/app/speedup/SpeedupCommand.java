package dev.loopwatch.app.speedup;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loopwatch speedup}: the speedup task (faster without changing the outputs). */
@Command(
    name = "speedup",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch speedup grade tiny-lm ./my-candidate",
      "  loopwatch speedup attempt tiny-lm --agent 'my-agent \"make it faster\"' --budget 2h --db s.duckdb",
      "  loopwatch speedup history --db s.duckdb --csv > speedups.csv"
    },
    subcommands = {GradeCommand.class, AttemptCommand.class, HistoryCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:accepted",
      "1:rejected or flagged by a check",
      "2:usage or input error",
      "3:internal or external failure"
    },
    description =
        "Grade whether a candidate is faster than a baseline without changing its outputs.")
public final class SpeedupCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
