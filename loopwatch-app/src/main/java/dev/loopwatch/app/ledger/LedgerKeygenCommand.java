package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.note.NoteKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger keygen}: creates a declarant's Ed25519 signing key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger keygen --name lab.example/compute --out lab.key > lab.vkey",
      "  loopwatch ledger keygen --name ci.example/runner --out ci.key"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Create a declarant's Ed25519 signing key in FILE (mode 0600, never overwritten).",
      "Prints the verifier key to put in the attestations' declarant field."
    })
final class LedgerKeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The key name, e.g. lab.example/compute (no spaces or +).")
  String name;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The private key file to create.")
  Path out;

  @Override
  public Integer call() {
    if (!NoteKeys.isValidName(name)) {
      throw LoopwatchException.userInput(
          "--name \"" + name + "\" must be non-empty without spaces or '+'");
    }
    NoteKeys.GeneratedKey key = NoteKeys.generateEd25519(name);
    KeyFiles.writePrivate(out, key.signerKey());
    spec.commandLine().getOut().println(key.verifierKey());
    return 0;
  }
}
