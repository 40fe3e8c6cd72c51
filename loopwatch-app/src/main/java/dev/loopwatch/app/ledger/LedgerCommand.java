package dev.loopwatch.app.ledger;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger}: the transparency log of signed attestations. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger init /srv/ledger --origin ledger.example.org/attest > log.vkey",
      "  loopwatch ledger verify start.tlog-proof --entry start.note --log-key log.vkey",
      "  loopwatch ledger audit --log http://127.0.0.1:8790 --policy audit.toml"
    },
    description = "Keep a transparency log of signed attestations, prove and verify entries.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a proof did not verify (verify), violations found (audit), no equivocation shown",
      "2:usage or input error",
      "3:internal or external failure"
    },
    subcommands = {
      LedgerInitCommand.class,
      LedgerKeygenCommand.class,
      LedgerSignCommand.class,
      LedgerAppendCommand.class,
      LedgerProveCommand.class,
      LedgerVerifyCommand.class,
      LedgerServeCommand.class,
      LedgerWitnessCommand.class,
      LedgerAuditCommand.class,
      LedgerEquivocationCommand.class
    })
public final class LedgerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
