package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.witness.Witness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger witness serve}: serves a witness on 127.0.0.1 until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger witness serve /srv/w1 --log \"$(cat log.vkey)\" --port 8791",
      "  loopwatch ledger witness serve /srv/w1 --logs logs.txt --port 8791"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Serve the witness in DIR over HTTP on 127.0.0.1.",
      "POST /add-checkpoint (c2sp.org/tlog-witness) for the logs given by --log or --logs; each",
      "log's origin is its key name."
    })
final class WitnessServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "DIR", description = "The witness folder.")
  Path folder;

  @Option(
      names = "--log",
      paramLabel = "VKEY",
      description = "A log's Ed25519 verifier key (repeatable).")
  List<String> logKeys = new ArrayList<>();

  @Option(
      names = "--logs",
      paramLabel = "FILE",
      description = "A file of log verifier keys, one per line ('#' starts a comment).")
  Path logsFile;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "The port (default 8791; 0 picks a free one).")
  int port = 8791;

  @Override
  public Integer call() throws InterruptedException {
    List<Verifier> logs = logs(logKeys, logsFile);
    Path keyFile = folder.resolve(LedgerWitnessCommand.KEY);
    String signerKey = KeyFiles.readSignerKey(keyFile);
    Signer cosigner;
    try {
      cosigner = Cosignature.signer(signerKey, () -> System.currentTimeMillis() / 1000);
    } catch (LoopwatchException e) {
      throw LoopwatchException.userInput(keyFile + ": " + e.getMessage());
    }
    Witness witness = Witness.open(folder.resolve(LedgerWitnessCommand.STATE), cosigner, logs);
    WitnessServer server;
    try {
      server = WitnessServer.start(witness, port);
    } catch (RuntimeException e) {
      witness.close();
      throw e;
    }
    UntilStopped.serve(
        server,
        spec.commandLine().getOut(),
        "witnessing "
            + logs.size()
            + " log key(s) at http://"
            + LedgerServer.HOST
            + ":"
            + server.port());
    return 0;
  }

  /** The log keys given on the command line and in the file, in that order. */
  static List<Verifier> logs(List<String> keys, Path file) {
    List<Verifier> logs = new ArrayList<>();
    for (String key : keys) {
      try {
        logs.add(NoteKeys.verifier(key));
      } catch (LoopwatchException e) {
        throw LoopwatchException.userInput("--log: " + e.getMessage());
      }
    }
    if (file != null) {
      String[] lines = KeyFiles.readText(file, "log list").split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        int hash = line.indexOf('#');
        line = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (line.isEmpty()) {
          continue;
        }
        try {
          logs.add(NoteKeys.verifier(line));
        } catch (LoopwatchException e) {
          throw LoopwatchException.userInput(file + ":" + (i + 1) + ": " + e.getMessage());
        }
      }
    }
    if (logs.isEmpty()) {
      throw LoopwatchException.userInput("give the logs to witness with --log VKEY or --logs FILE");
    }
    return logs;
  }
}
