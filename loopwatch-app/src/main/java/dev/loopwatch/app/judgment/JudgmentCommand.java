package dev.loopwatch.app.judgment;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loopwatch judgment}: research judgment at the points where humans stepped in. */
@Command(
    name = "judgment",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate research judgment at detour points, where a human stepped in and chose the next"
          + " step.",
      "mine turns transcripts into items, check validates an items file (docs/JUDGMENT.md has the"
          + " schema),",
      "run has candidate models propose the next step and a judge compare it with the human's."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:check found secrets in an items file",
      "2:usage or input error",
      "3:internal or external failure"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch judgment mine ~/.claude/projects --out items.jsonl",
      "  loopwatch judgment mine ./transcripts --since 2026-01-01 --out i.jsonl --json",
      "  loopwatch judgment check items.jsonl",
      "  loopwatch judgment run items.jsonl --candidate sonnet --judge opus --max-cost 5"
    },
    subcommands = {JudgmentMineCommand.class, JudgmentCheckCommand.class, JudgmentRunCommand.class})
public final class JudgmentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
