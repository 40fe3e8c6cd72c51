package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.log.TileLog;
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

/** {@code loopwatch ledger init}: creates an empty log and its Ed25519 key. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger init /srv/ledger --origin ledger.example.org/attest > log.vkey",
      "  loopwatch ledger init ./ledger --origin example.org/attest"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Create an empty log in DIR with a new Ed25519 log key in DIR/log.key (mode 0600).",
      "Prints the log's verifier key, which verifiers need."
    })
final class LedgerInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log folder (created if missing).")
  Path folder;

  @Option(
      names = "--origin",
      required = true,
      paramLabel = "NAME",
      description = "The log's origin and key name, e.g. ledger.example.org/log (no spaces or +).")
  String origin;

  @Override
  public Integer call() {
    if (!NoteKeys.isValidName(origin)) {
      throw LoopwatchException.userInput(
          "--origin \"" + origin + "\" must be non-empty without spaces or '+'");
    }
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + folder + ": " + e.getMessage(), e);
    }
    if (Files.exists(folder.resolve(LogDirectory.CHECKPOINT))) {
      throw LoopwatchException.userInput(
          "log folder " + folder + " already holds a log (it has a checkpoint)");
    }
    NoteKeys.GeneratedKey key = NoteKeys.generateEd25519(origin);
    KeyFiles.writePrivate(folder.resolve(KeyFiles.LOG_KEY), key.signerKey());
    try (TileLog log = TileLog.create(folder, origin, NoteKeys.signer(key.signerKey()))) {
      spec.commandLine().getOut().println(key.verifierKey());
      spec.commandLine()
          .getErr()
          .println(
              "created log "
                  + origin
                  + " in "
                  + log.directory().root()
                  + "; private key in "
                  + folder.resolve(KeyFiles.LOG_KEY));
    }
    return 0;
  }
}
