package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger append}: adds signed attestations to a local log in one batch. */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger append /srv/ledger start.note",
      "  loopwatch ledger append /srv/ledger run1.note run2.note --json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Check each signed attestation and append them all to the log in DIR as one durable batch.",
      "Prints '<index> <file>' per entry. Nothing is appended if any file is invalid."
    })
final class LedgerAppendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Option(names = "--json", description = "Print the appended entries as JSON.")
  boolean json;

  /**
   * One appended entry as printed with {@code --json}.
   *
   * @param index its index in the log
   * @param file the signed attestation appended
   */
  record Appended(long index, String file) {}

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
      List<Appended> appended = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        appended.add(new Appended(result.firstIndex() + i, files.get(i).toString()));
      }
      if (json) {
        Json.print(appended, out);
      } else {
        appended.forEach(a -> out.println(a.index() + " " + a.file()));
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
