package dev.loopwatch.app.ledger;

import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.policy.WitnessPolicy;
import dev.loopwatch.ledger.proof.TlogProof;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger verify}: checks an offline proof and its entry, without the network. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger verify start.tlog-proof --entry start.note --log-key log.vkey",
      "  loopwatch ledger verify p.proof --entry e.note --log-key log.vkey --witness-policy w.txt --json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the proof and the entry are valid",
      "1:the proof or the entry is invalid",
      "2:usage or input error (unreadable or malformed files or key)",
      "3:internal or external failure"
    },
    description = {
      "Check offline that an entry is in the log.",
      "Checks the checkpoint's signature by the log key, the inclusion proof from the entry to the checkpoint's root, and the entry's signature",
      "by its declarant; with --witness-policy, also the witnesses' cosignatures and quorum."
    })
final class LedgerVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Option(names = "--json", description = "Print the verdict as JSON.")
  boolean json;

  /**
   * The verdict as printed with {@code --json}.
   *
   * @param valid whether the proof and the entry are valid
   * @param index the entry's index
   * @param origin the log's origin (when valid)
   * @param treeSize the checkpoint's tree size (when valid)
   * @param type the attestation's type (when valid)
   * @param runId the attested run (when valid)
   * @param declarant the declarant's key name (when valid)
   * @param error why it is invalid (when invalid)
   */
  record Verdict(
      boolean valid,
      long index,
      Optional<String> origin,
      Optional<Long> treeSize,
      Optional<String> type,
      Optional<String> runId,
      Optional<String> declarant,
      Optional<String> error) {}

  @Parameters(index = "0", paramLabel = "PROOF", description = "The tlog-proof file.")
  Path proofFile;

  @Option(
      names = "--entry",
      required = true,
      paramLabel = "FILE",
      description = "The signed attestation the proof is for.")
  Path entryFile;

  @Option(
      names = "--log-key",
      required = true,
      paramLabel = "VKEY",
      description = "The log's verifier key, or a file holding it.")
  String logKey;

  @Option(
      names = "--witness-policy",
      paramLabel = "FILE",
      description = {
        "A witness policy (c2sp.org/tlog-policy, as for 'ledger serve --witness-policy'): the",
        "proof's checkpoint must also carry cosignatures that reach its quorum."
      })
  Path witnessPolicy;

  @Override
  public Integer call() {
    TlogProof proof = TlogProof.parse(KeyFiles.readBytes(proofFile, "proof"));
    byte[] entry = KeyFiles.readBytes(entryFile, "entry");
    Verifier verifier = NoteKeys.verifier(KeyFiles.keyOrFile(logKey));
    Optional<WitnessPolicy> policy = Optional.ofNullable(witnessPolicy).map(WitnessPolicy::read);
    Checkpoint checkpoint;
    Attestation attestation;
    try {
      checkpoint = proof.verify(entry, List.of(verifier));
      if (policy.isPresent()) {
        Set<String> cosigners = policy.get().cosigners(proof.checkpoint().bytes());
        if (!policy.get().satisfied(cosigners)) {
          throw LoopwatchException.userInput(
              "the proof's checkpoint lacks the witness cosignatures required by "
                  + witnessPolicy
                  + " (cosigned by: "
                  + (cosigners.isEmpty() ? "none" : String.join(", ", cosigners))
                  + ")");
        }
      }
      attestation = SignedAttestation.open(entry).attestation();
    } catch (LoopwatchException e) {
      if (json) {
        Json.print(
            new Verdict(
                false,
                proof.index(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(e.getMessage())),
            spec.commandLine().getOut());
      } else {
        spec.commandLine().getErr().println("loopwatch: invalid: " + e.getMessage());
      }
      return Main.VIOLATIONS;
    }
    if (json) {
      Json.print(
          new Verdict(
              true,
              proof.index(),
              Optional.of(checkpoint.origin()),
              Optional.of(checkpoint.size()),
              Optional.of(attestation.type().jsonName()),
              Optional.of(attestation.runId()),
              Optional.of(NoteKeys.verifier(attestation.declarant()).name()),
              Optional.empty()),
          spec.commandLine().getOut());
      return Main.OK;
    }
    spec.commandLine()
        .getOut()
        .println(
            "ok: entry "
                + proof.index()
                + " of "
                + checkpoint.origin()
                + " (tree size "
                + checkpoint.size()
                + "): "
                + attestation.type().jsonName()
                + " for run "
                + attestation.runId()
                + " by "
                + NoteKeys.verifier(attestation.declarant()).name());
    return Main.OK;
  }
}
