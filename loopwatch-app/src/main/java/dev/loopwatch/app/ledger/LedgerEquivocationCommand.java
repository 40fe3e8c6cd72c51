package dev.loopwatch.app.ledger;

import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.audit.LogSource;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.equivocation.EquivocationProof;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.tiles.TileHashReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger equivocation}: proofs that a log signed inconsistent checkpoints. */
@Command(
    name = "equivocation",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger equivocation prove A.cp B.cp --log /srv/log --log-key log.vkey --out s.proof",
      "  loopwatch ledger equivocation check split.proof --log-key log.vkey"
    },
    description = "Prove, or check offline, that a log signed two inconsistent checkpoints.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the checkpoints or proof do not demonstrate equivocation",
      "2:usage or input error",
      "3:internal or external failure"
    },
    subcommands = {LedgerEquivocationCommand.Prove.class, LedgerEquivocationCommand.Check.class})
final class LedgerEquivocationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return Main.OK;
  }

  /** {@code ledger equivocation prove A B --log DIR|URL --log-key VKEY --out FILE}. */
  @Command(
      name = "prove",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {
        "  loopwatch ledger equivocation prove A.cp B.cp --log /srv/log --log-key log.vkey --out s.proof",
        "  loopwatch ledger equivocation prove a.cp b.cp --log http://127.0.0.1:8790 --log-key k --out p"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the proof was written: the checkpoints are inconsistent",
        "1:the checkpoints are consistent (or the log's tiles do not match the larger one)",
        "2:usage or input error",
        "3:internal or external failure"
      },
      description = {
        "Write a proof that two signed checkpoints of one log are inconsistent.",
        "A and B are checkpoint files; the path of hashes is read from the log's tiles of the",
        "larger tree."
      })
  static final class Prove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "A", description = "A signed checkpoint file.")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "Another signed checkpoint file.")
    Path second;

    @Option(
        names = "--log",
        required = true,
        paramLabel = "URL|DIR",
        description = "The log serving the tiles of the larger checkpoint's tree.")
    String log;

    @Option(
        names = "--log-key",
        required = true,
        paramLabel = "VKEY",
        description = "The log's verifier key, or a file holding it.")
    String logKey;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The proof file.")
    Path out;

    @Override
    public Integer call() {
      Verifier verifier = NoteKeys.verifier(KeyFiles.keyOrFile(logKey));
      Note a = Note.parse(KeyFiles.readBytes(first, "checkpoint"));
      Note b = Note.parse(KeyFiles.readBytes(second, "checkpoint"));
      long larger = Math.max(Checkpoint.parse(a.text()).size(), Checkpoint.parse(b.text()).size());
      EquivocationProof proof =
          EquivocationProof.build(a, b, new TileHashReader(LogSource.open(log), larger));
      String shown;
      try {
        shown = proof.verify(List.of(verifier));
      } catch (LoopwatchException e) {
        spec.commandLine().getErr().println("loopwatch: not equivocation: " + e.getMessage());
        return Main.VIOLATIONS;
      }
      KeyFiles.write(out, proof.write().getBytes(StandardCharsets.UTF_8));
      spec.commandLine().getOut().println("equivocation: " + shown);
      spec.commandLine().getErr().println("proof written to " + out);
      return Main.OK;
    }
  }

  /** {@code ledger equivocation check PROOF --log-key VKEY}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {
        "  loopwatch ledger equivocation check split.proof --log-key log.vkey",
        "  loopwatch ledger equivocation check split.proof --log-key log.vkey --json"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the proof is valid: the log equivocated",
        "1:the proof does not demonstrate equivocation",
        "2:usage or input error (unreadable or malformed proof or key)",
        "3:internal or external failure"
      },
      description = {
        "Check offline that PROOF shows the log signed two inconsistent checkpoints.",
        "Both notes must be signed by the log key, with the same origin, and different roots for one size or a path of the",
        "larger tree whose prefix root differs from the smaller checkpoint's."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "PROOF", description = "The equivocation proof file.")
    Path proofFile;

    @Option(
        names = "--log-key",
        required = true,
        paramLabel = "VKEY",
        description = "The log's verifier key, or a file holding it.")
    String logKey;

    @Option(names = "--json", description = "Print the verdict as JSON.")
    boolean json;

    /**
     * The verdict as printed with {@code --json}.
     *
     * @param equivocation whether the proof shows the log equivocated
     * @param shown what it shows (when it does)
     * @param error why it does not (when it does not)
     */
    record Verdict(boolean equivocation, Optional<String> shown, Optional<String> error) {}

    @Override
    public Integer call() {
      EquivocationProof proof =
          EquivocationProof.parse(KeyFiles.readBytes(proofFile, "equivocation proof"));
      Verifier verifier = NoteKeys.verifier(KeyFiles.keyOrFile(logKey));
      try {
        String shown = proof.verify(List.of(verifier));
        if (json) {
          Json.print(
              new Verdict(true, Optional.of(shown), Optional.empty()), spec.commandLine().getOut());
        } else {
          spec.commandLine().getOut().println("equivocation: " + shown);
        }
        return Main.OK;
      } catch (LoopwatchException e) {
        if (json) {
          Json.print(
              new Verdict(false, Optional.empty(), Optional.of(e.getMessage())),
              spec.commandLine().getOut());
        } else {
          spec.commandLine().getErr().println("loopwatch: invalid: " + e.getMessage());
        }
        return Main.VIOLATIONS;
      }
    }
  }
}
