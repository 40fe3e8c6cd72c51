package dev.loopwatch.app.ledger;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.log.AppendResult;
import dev.loopwatch.ledger.log.TileLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger append}: adds signed attestations to a local log in one batch. */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Check each signed attestation and append them all to the log in DIR as one durable batch.",
      "Prints '<index> <file>' per entry. Nothing is appended if any file is invalid."
    })
final class LedgerAppendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log folder.")
  Path folder;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Signed attestations (from 'ledger sign').")
  List<Path> files;

  @Override
  public Integer call() {
    List<byte[]> entries = new ArrayList<>();
    for (Path file : files) {
      byte[] entry = KeyFiles.readBytes(file, "signed attestation");
      try {
        SignedAttestation.open(entry);
      } catch (LoopwatchException e) {
        throw LoopwatchException.userInput(file + ": " + e.getMessage());
      }
      entries.add(entry);
    }
    try (TileLog log = KeyFiles.openLog(folder)) {
      AppendResult result = log.append(entries);
      PrintWriter out = spec.commandLine().getOut();
      for (int i = 0; i < files.size(); i++) {
        out.println((result.firstIndex() + i) + " " + files.get(i));
      }
      spec.commandLine()
          .getErr()
          .println(
              "log "
                  + result.checkpoint().origin()
                  + " now has size "
                  + result.checkpoint().size());
    }
    return 0;
  }
}
