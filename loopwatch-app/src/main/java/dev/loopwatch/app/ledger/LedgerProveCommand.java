package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.proof.TlogProof;
import dev.loopwatch.ledger.tiles.TileHashReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger prove}: writes the offline inclusion proof of one entry. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger prove /srv/ledger 0 --out start.tlog-proof",
      "  loopwatch ledger prove /srv/ledger 41 --out run41.tlog-proof"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Write a proof that entry INDEX is in the log in DIR.",
      "The proof is a c2sp.org/tlog-proof@v1 against the published checkpoint (checkpoint.cosigned,",
      "with its cosignatures, for a witnessed log)."
    })
final class LedgerProveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log folder.")
  Path folder;

  @Parameters(index = "1", paramLabel = "INDEX", description = "The entry's zero-based index.")
  long index;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The proof file to write (conventionally *.tlog-proof).")
  Path out;

  @Override
  public Integer call() {
    LogDirectory directory = new LogDirectory(folder);
    String logKey = KeyFiles.verifierKeyOf(KeyFiles.logSignerKey(folder));
    // A witnessed log publishes checkpoint.cosigned; its newer plain checkpoint is not public yet.
    byte[] bytes = directory.readPublishedCheckpoint();
    Note.open(bytes, List.of(NoteKeys.verifier(logKey)));
    Note signed = Note.parse(bytes);
    Checkpoint checkpoint = Checkpoint.parse(signed.text());
    if (index < 0 || index >= checkpoint.size()) {
      throw LoopwatchException.userInput(
          "index " + index + " is not in log " + folder + " of size " + checkpoint.size());
    }
    TlogProof proof =
        TlogProof.build(new TileHashReader(directory, checkpoint.size()), signed, index);
    KeyFiles.write(out, proof.write().getBytes(StandardCharsets.UTF_8));
    spec.commandLine()
        .getErr()
        .println(
            "proof of entry "
                + index
                + " in tree of size "
                + checkpoint.size()
                + " written to "
                + out);
    return 0;
  }
}
