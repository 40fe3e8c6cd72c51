package dev.loopwatch.app.research;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --ledger URL --key FILE [--token-file FILE]}: the transparency log {@code research run}
 * and {@code research finalize} append their results to, and how to sign and send them.
 */
public final class LedgerOptions {
  @Option(
      names = "--ledger",
      paramLabel = "URL",
      description =
          "Append the run's results to this Loopwatch log (as served by 'ledger serve') as signed"
              + " eval_result entries.")
  String ledger;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "With --ledger: the declarant's private key file (from 'ledger keygen').")
  Path key;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "With --ledger: a file holding the log's bearer token for POST /add.")
  Path tokenFile;

  /** The log client when {@code --ledger} was given, its key and token read now; else empty. */
  Optional<ResearchLedger> open() {
    return ledger == null
        ? Optional.empty()
        : Optional.of(ResearchLedger.open(ledger, key, Optional.ofNullable(tokenFile)));
  }
}
