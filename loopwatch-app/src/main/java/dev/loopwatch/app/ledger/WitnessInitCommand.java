package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger witness init}: creates a witness folder with its cosigner key. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger witness init /srv/w1 --name witness.example/w1 > w1.vkey",
      "  loopwatch ledger witness init /srv/w2 --name witness.example/w2 > w2.vkey"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Create a witness in DIR and print its verifier key.",
      "DIR gets a cosigner key (type 0x04) in DIR/witness.key (mode 0600, never overwritten) and",
      "an empty DIR/state. The printed verifier key goes in witness policies."
    })
final class WitnessInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "DIR", description = "The witness folder.")
  Path folder;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The witness key name, e.g. witness.example/w1 (no spaces or +).")
  String name;

  @Override
  public Integer call() {
    if (!NoteKeys.isValidName(name)) {
      throw LoopwatchException.userInput(
          "--name \"" + name + "\" must be non-empty without spaces or '+'");
    }
    try {
      Files.createDirectories(folder.resolve(LedgerWitnessCommand.STATE));
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + folder + ": " + e.getMessage(), e);
    }
    byte[] seed = Ed25519.generateSeed();
    KeyFiles.writePrivate(
        folder.resolve(LedgerWitnessCommand.KEY), NoteKeys.signerKey(name, Cosignature.TYPE, seed));
    spec.commandLine().getOut().println(Cosignature.verifierKey(name, Ed25519.publicKey(seed)));
    return 0;
  }
}
