package dev.loopwatch.app.research;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.research.scoring.Finalization;
import dev.loopwatch.research.scoring.SealedScore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch research finalize}: every posted result scored once on the sealed split. */
@Command(
    name = "finalize",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch research finalize runs/r1",
      "  loopwatch research finalize runs/r1 --json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Score every result of an ended research run once on the sealed final split.",
      "A result's predictions are predictions.json in the snapshot it pins; the scores (mean PGR",
      "over seeds with its 95%% interval, accuracy, probe flags) go to final.json in the run folder."
    })
public final class ResearchFinalizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUNDIR", description = "The run folder.")
  Path folder;

  @Option(names = "--json", description = "Print final.json instead of a table.")
  boolean json;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    Finalization.Outcome outcome = Finalization.run(folder);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(outcome, out);
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "task %s: %d results scored on the sealed split, %d not scorable%n",
        outcome.task(),
        outcome.scores().size(),
        outcome.unscored().size());
    for (SealedScore score : outcome.scores()) {
      out.printf(
          Locale.ROOT,
          "  %s %-4s PGR %.3f [%.3f, %.3f] over %d seeds, accuracy %.4f (weak %.4f, ceiling"
              + " %.4f)%s%n",
          score.result(),
          score.agent(),
          score.meanPgr(),
          score.pgrCiLow(),
          score.pgrCiHigh(),
          score.seeds().size(),
          score.meanAccuracy(),
          score.weakAccuracy(),
          score.ceilingAccuracy(),
          score.flags().isEmpty() ? "" : "; flags: " + score.flags().size());
    }
    outcome.unscored().forEach(line -> out.println("  not scored: " + line));
    out.println("written to " + folder.resolve(Finalization.FILE));
    return 0;
  }
}
