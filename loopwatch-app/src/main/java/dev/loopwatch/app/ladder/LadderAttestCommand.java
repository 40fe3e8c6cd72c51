package dev.loopwatch.app.ladder;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import dev.loopwatch.app.ledger.LogClient;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Commitment;
import dev.loopwatch.ledger.attestation.Compute;
import dev.loopwatch.ledger.attestation.EstimationMethod;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.audit.PhaseSnapshots;
import dev.loopwatch.ledger.log.AtomicFiles;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.NoteKeys;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch ladder attest}: signs one month's phase and indicators as a phase_report and
 * appends it to a transparency log.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage or input error (month outside the store or not over, missing key, log unreachable)",
      "3:internal or external failure"
    },
    description = {
      "Sign one month's phase and indicators as a phase_report and append it to a log.",
      "Computes the ladder for --month from the store (with the months before it, for the",
      "hysteresis), writes the month's indicators and verdict as a metrics snapshot in canonical",
      "JSON, and signs a phase_report committing to the snapshot's SHA-256 (data_manifest) and the",
      "phases.toml's (config) with the declarant key; appends it to the log served at --ledger and",
      "prints the entry index and the commitments. Publish the snapshot (--out) as",
      "<key id>/<month>.json so that 'ledger audit --snapshots DIR' can check it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ladder attest --month 2026-11 --key org.key --ledger http://127.0.0.1:8790",
      "  loopwatch ladder attest --month 2026-10 --key k --ledger http://127.0.0.1:8790 --out s.json",
      "  loopwatch ladder attest --month 2026-09 --key k --ledger https://log.example.org --json"
    })
public final class LadderAttestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--month",
      required = true,
      paramLabel = "YYYY-MM",
      description = "The calendar month (UTC) to attest; it must be over and in the store.")
  String month;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The declarant's private key file (from 'ledger keygen').")
  Path key;

  @Option(
      names = "--ledger",
      paramLabel = "URL",
      description = "The log's URL prefix, as served by 'ledger serve' (POST <URL>/add).")
  String log;

  /** The name this option had before {@code research} used {@code --ledger} for the same thing. */
  @Option(names = "--log", hidden = true, paramLabel = "URL")
  void oldLogName(String url) {
    log = url;
  }

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding the log's bearer token for POST /add.")
  Path tokenFile;

  @Mixin LadderOptions ladder;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the metrics snapshot the data_manifest commits to (to publish it).")
  Path out;

  @Option(names = "--json", description = "Print the entry index and commitments as JSON.")
  boolean json;

  /**
   * What was attested, as printed with {@code --json}.
   *
   * @param index the entry's index in the log
   * @param month the month attested
   * @param phase the phase held, empty when none
   * @param declarant the declarant's verifier key
   * @param dataManifest the SHA-256 of the snapshot
   * @param config the SHA-256 of the phases.toml bytes
   * @param snapshot where the snapshot was written, if it was
   * @param publishAs the snapshot's path under a snapshots folder, for 'ledger audit --snapshots'
   */
  record Attested(
      long index,
      YearMonth month,
      Optional<String> phase,
      String declarant,
      String dataManifest,
      String config,
      Optional<String> snapshot,
      String publishAs) {}

  @Override
  public Integer call() {
    if (log == null) {
      throw LoopwatchException.userInput(
          "--ledger URL is required: the log to append the report to");
    }
    Indicators computation = ladder.indicators();
    YearMonth target = parseMonth();
    YearMonth current = YearMonth.now(ZoneOffset.UTC);
    if (!target.isBefore(current)) {
      throw LoopwatchException.userInput(
          "--month "
              + target
              + " is not over yet (it is "
              + current
              + " UTC); attest a month that has ended");
    }
    String signerKey = LogClient.readSignerKey(key);
    String declarant = LogClient.verifierKeyOf(signerKey);
    Optional<String> token =
        tokenFile == null ? Optional.empty() : Optional.of(LogClient.readToken(tokenFile));
    LogClient.addEndpoint(log);
    Phases phases = ladder.phases();

    MonthVerdict verdict = verdict(computation, phases, target);
    byte[] snapshot = PhaseSnapshot.bytes(phases, verdict);
    Hash manifest = PhaseSnapshots.sha256(snapshot);
    Hash config = Hash.fromHex(phases.sha256());
    Attestation attestation =
        new Attestation(
            declarant,
            StatementType.PHASE_REPORT,
            "ladder/" + target,
            Attestation.monthPeriod(target),
            new Compute(BigInteger.ZERO, BigDecimal.ZERO, EstimationMethod.MEASURED),
            Map.of(Commitment.DATA_MANIFEST, manifest, Commitment.CONFIG, config),
            List.of(),
            Optional.of(PhaseSnapshot.report(phases, verdict)));
    SignedAttestation signed = SignedAttestation.sign(attestation, NoteKeys.signer(signerKey));
    if (out != null) {
      AtomicFiles.writeAll(Map.of(out, snapshot));
    }
    long index = LogClient.add(log, signed.bytes(), token);

    Attested attested =
        new Attested(
            index,
            target,
            verdict.phase(),
            declarant,
            manifest.hex(),
            config.hex(),
            Optional.ofNullable(out).map(Path::toString),
            PhaseSnapshots.relativePath(declarant, target));
    PrintWriter printer = spec.commandLine().getOut();
    if (json) {
      Json.print(attested, printer);
    } else {
      printer.println("entry " + index + ": phase_report for " + target);
      printer.println("phase " + verdict.phase().orElse("none"));
      printer.println("data_manifest " + attested.dataManifest());
      printer.println("config " + attested.config());
      printer.println(
          attested.snapshot().map(s -> "snapshot " + s).orElse("snapshot not written (no --out)")
              + "; publish it as <snapshots>/"
              + attested.publishAs());
    }
    printer.flush();
    return 0;
  }

  private YearMonth parseMonth() {
    try {
      return YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw LoopwatchException.userInput("--month " + month + " is not a month like 2026-11");
    }
  }

  /** The verdict of {@code target}, from the store's months up to it (for the hysteresis). */
  private MonthVerdict verdict(Indicators computation, Phases phases, YearMonth target) {
    try (Store opened = store.openReadOnly(List.of())) {
      List<YearMonth> withData = Indicators.monthsWithData(opened);
      if (withData.isEmpty()) {
        throw LoopwatchException.userInput(
            "store "
                + store.path()
                + " has no merged changes or sessions; scan into it first (loopwatch scan REPO"
                + " --db "
                + store.path()
                + ")");
      }
      YearMonth first = withData.get(0);
      YearMonth last = withData.get(withData.size() - 1);
      if (target.isBefore(first) || target.isAfter(last)) {
        throw LoopwatchException.userInput(
            "--month "
                + target
                + " is outside store "
                + store.path()
                + ", which has data from "
                + first
                + " to "
                + last);
      }
      List<YearMonth> months = new ArrayList<>();
      for (YearMonth m = first; !m.isAfter(target); m = m.plusMonths(1)) {
        months.add(m);
      }
      List<MonthVerdict> verdicts = Ladder.evaluate(phases, computation.compute(opened, months));
      return verdicts.get(verdicts.size() - 1);
    }
  }
}
