package dev.loopwatch.app.ledger;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger witness}: runs a c2sp.org/tlog-witness witness for logs. */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger witness init /srv/w1 --name witness.example/w1 > w1.vkey",
      "  loopwatch ledger witness serve /srv/w1 --log \"$(cat log.vkey)\" --port 8791"
    },
    description = "Create and run a witness that cosigns consistent log checkpoints.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    subcommands = {WitnessInitCommand.class, WitnessServeCommand.class})
final class LedgerWitnessCommand implements Callable<Integer> {
  /** The witness's private cosigner key file in its folder. */
  static final String KEY = "witness.key";

  /** The folder of the witness's per-origin state in its folder. */
  static final String STATE = "state";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
