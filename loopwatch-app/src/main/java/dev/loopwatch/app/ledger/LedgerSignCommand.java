package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.note.NoteKeys;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger sign}: signs an attestation statement with the declarant's key. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger sign start.json --key lab.key --out start.note",
      "  loopwatch ledger sign end.json --key lab.key --out end.note"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Sign a statement with the declarant's key, making a log entry.",
      "STATEMENT.json is checked strictly, written in canonical JSON and signed as a signed note",
      "with the declarant's key; the note is the log entry."
    })
final class LedgerSignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "STATEMENT.json", description = "The attestation.")
  Path statement;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The declarant's private key file (from 'ledger keygen').")
  Path key;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The signed attestation to write.")
  Path out;

  @Override
  public Integer call() {
    byte[] bytes = KeyFiles.readBytes(statement, "statement");
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw LoopwatchException.userInput(statement + ": not valid UTF-8");
    }
    Attestation attestation;
    try {
      attestation = Attestation.fromJson(json);
    } catch (LoopwatchException e) {
      throw LoopwatchException.userInput(statement + ": " + e.getMessage());
    }
    String signerKey = KeyFiles.readSignerKey(key);
    SignedAttestation signed;
    try {
      signed = SignedAttestation.sign(attestation, NoteKeys.signer(signerKey));
    } catch (LoopwatchException e) {
      throw LoopwatchException.userInput(statement + ": " + e.getMessage());
    }
    KeyFiles.write(out, signed.bytes());
    spec.commandLine()
        .getErr()
        .println("signed " + attestation.type().jsonName() + " statement written to " + out);
    return 0;
  }
}
