package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.policy.WitnessPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger serve}: serves a log over HTTP on 127.0.0.1 until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger serve /srv/ledger --token-file token",
      "  loopwatch ledger serve /srv/ledger --token-file token --witness-policy policy.txt --port 8790"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Serve the log in DIR over HTTP on 127.0.0.1.",
      "GET /checkpoint, GET /tile/..., GET /tile/entries/..., and POST /add (one signed",
      "attestation; needs --token-file and 'Authorization: Bearer')."
    })
final class LedgerServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log folder.")
  Path folder;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "The port (default 8790; 0 picks a free one).")
  int port = 8790;

  @Option(
      names = "--token-file",
      paramLabel = "F",
      description = "A file holding the bearer token for POST /add (without it, read-only).")
  Path tokenFile;

  @Option(
      names = "--witness-policy",
      paramLabel = "FILE",
      description = {
        "Publish only checkpoints whose witness cosignatures reach this policy's quorum; POST /add",
        "waits for one covering its entry (503 after --quorum-wait)."
      })
  Path witnessPolicy;

  @Option(
      names = "--quorum-wait",
      paramLabel = "SECONDS",
      description = "With --witness-policy: how long POST /add waits for quorum (default 10).")
  int quorumWaitSeconds = 10;

  @Option(
      names = "--partial-grace",
      paramLabel = "SECONDS",
      description = {
        "How long a superseded partial tile or bundle stays on disk for readers of older",
        "checkpoints before it is deleted (default 60; 0 deletes at once)."
      })
  long partialGraceSeconds = TileLog.DEFAULT_PARTIAL_GRACE.toSeconds();

  @Override
  public Integer call() throws InterruptedException {
    Optional<String> token = Optional.empty();
    if (tokenFile != null) {
      String text = KeyFiles.readText(tokenFile, "token file");
      if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ')) {
        throw LoopwatchException.userInput(
            "token file " + tokenFile + " must hold one non-empty token without spaces");
      }
      token = Optional.of(text);
    }
    Optional<WitnessPolicy> policy = Optional.ofNullable(witnessPolicy).map(WitnessPolicy::read);
    if (quorumWaitSeconds < 1) {
      throw LoopwatchException.userInput("--quorum-wait must be at least 1 second");
    }
    if (partialGraceSeconds < 0) {
      throw LoopwatchException.userInput("--partial-grace must not be negative");
    }
    TileLog log = KeyFiles.openLog(folder, Duration.ofSeconds(partialGraceSeconds));
    LedgerServer server;
    try {
      LedgerServer.Batching batching = LedgerServer.Batching.defaults();
      if (policy.isPresent()) {
        Verifier logKey = NoteKeys.verifier(KeyFiles.verifierKeyOf(KeyFiles.logSignerKey(folder)));
        LedgerServer.Witnessing witnessing =
            new LedgerServer.Witnessing(
                policy.get(),
                logKey,
                Duration.ofSeconds(quorumWaitSeconds),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1));
        server = LedgerServer.start(log, port, token, batching, witnessing);
      } else {
        server = LedgerServer.start(log, port, token, batching);
      }
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    UntilStopped.serve(
        server,
        spec.commandLine().getOut(),
        "serving " + folder + " at http://" + LedgerServer.HOST + ":" + server.port());
    return 0;
  }
}
