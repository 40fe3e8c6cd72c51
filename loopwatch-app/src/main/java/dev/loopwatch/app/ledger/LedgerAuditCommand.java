package dev.loopwatch.app.ledger;

import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.audit.AuditOptions;
import dev.loopwatch.ledger.audit.AuditPolicy;
import dev.loopwatch.ledger.audit.AuditReport;
import dev.loopwatch.ledger.audit.Auditor;
import dev.loopwatch.ledger.audit.LogSource;
import dev.loopwatch.ledger.audit.Violation;
import dev.loopwatch.ledger.note.NoteKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loopwatch ledger audit}: checks a log and its entries against an audit policy. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ledger audit --log http://127.0.0.1:8790 --policy audit.toml",
      "  loopwatch ledger audit --log /srv/ledger --policy audit.toml --full --json",
      "  loopwatch ledger audit --log http://127.0.0.1:8790 --policy audit.toml --snapshots pub/"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the log and every entry are clean",
      "1:violations were found (listed with their entry indexes)",
      "2:usage or input error (unreadable policy, unreachable log, missing tiles)",
      "3:internal or external failure"
    },
    description = {
      "Audit a transparency log of signed attestations against a policy.",
      "Checks the checkpoint's signature and witness quorum, consistency with the last checkpoint this auditor verified (rollback, split view),",
      "the tree recomputed from the entry bundles, every new entry's declarant signature, and the",
      "policy: compute caps, pauses, run sequencing and heartbeats; phase reports: one per month,",
      "no gaps, and with --snapshots each data_manifest matches its published snapshot.",
      "See docs/LEDGER.md, Audit."
    })
final class LedgerAuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Option(
      names = "--log",
      required = true,
      paramLabel = "URL|DIR",
      description = "The log: an http(s) URL prefix (as served by 'ledger serve') or its folder.")
  String log;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "The audit policy (TOML).")
  Path policy;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "Where the last verified checkpoint of each log is kept, in DIR/<origin hash>/"
              + " (default ~/.loopwatch/audit).")
  Optional<Path> state;

  @Option(
      names = "--full",
      description = "Verify every entry's signature, not only those added since the last audit.")
  boolean full;

  @Option(
      names = "--no-entry-signatures",
      description =
          "Skip declarant signature checks (entries are still parsed, hashed into the tree and"
              + " checked against the policy).")
  boolean noEntrySignatures;

  @Option(
      names = "--now",
      paramLabel = "TIME",
      description = "Check heartbeats up to this RFC 3339 UTC time (default: the clock).")
  Optional<String> now;

  @Option(
      names = "--proofs",
      paramLabel = "DIR",
      description =
          "Write a tlog-proof of each entry a violation names, as DIR/<index>.tlog-proof (and any"
              + " equivocation proof).")
  Optional<Path> proofs;

  @Option(
      names = "--snapshots",
      paramLabel = "DIR",
      description =
          "Check each phase_report's data_manifest against the SHA-256 of the snapshot published"
              + " as DIR/<key id>/<yyyy-MM>.json.")
  Optional<Path> snapshots;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Threads verifying entries (default: the number of cores).")
  Optional<Integer> threads;

  /** The old spelling of {@code --parallelism}, kept hidden for one release. */
  @Option(names = "--threads", hidden = true, paramLabel = "N")
  void threads(int n) {
    threads = Optional.of(n);
  }

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  /** One violation as printed with {@code --json}. */
  record ViolationJson(
      String kind,
      Optional<String> declarant,
      Optional<String> run,
      Optional<Instant> periodStart,
      Optional<Instant> periodEnd,
      List<Long> indexes,
      List<String> proofs,
      String message) {}

  /** The report as printed with {@code --json}. */
  record ReportJson(
      String log,
      Optional<String> origin,
      Optional<Long> size,
      Optional<String> root,
      Optional<Long> previousSize,
      long entries,
      long signaturesVerified,
      boolean stateUpdated,
      Optional<String> equivocationProof,
      List<ViolationJson> violations) {}

  @Override
  public Integer call() {
    Instant time = now.map(this::parseNow).orElseGet(Instant::now);
    int threadCount = threads.orElse(Runtime.getRuntime().availableProcessors());
    if (threadCount < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    AuditPolicy auditPolicy = AuditPolicy.read(policy);
    LogSource source = LogSource.open(log);
    AuditOptions options =
        new AuditOptions(
            state.orElseGet(() -> UserHome.path().resolve(".loopwatch").resolve("audit")),
            full,
            !noEntrySignatures,
            time,
            proofs,
            threadCount,
            snapshots);
    AuditReport report = Auditor.audit(source, auditPolicy, options);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(toJson(report), out);
    } else {
      printText(report, out);
    }
    out.flush();
    return report.clean() ? Main.OK : Main.VIOLATIONS;
  }

  private Instant parseNow(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--now \"" + text + "\" is not an RFC 3339 UTC time");
    }
  }

  private static ReportJson toJson(AuditReport report) {
    List<ViolationJson> violations = new ArrayList<>();
    for (Violation violation : report.violations()) {
      violations.add(
          new ViolationJson(
              violation.kind().jsonName(),
              violation.declarant(),
              violation.run(),
              violation.period().map(Period::start),
              violation.period().map(Period::end),
              violation.indexes(),
              violation.indexes().stream()
                  .filter(report.proofFiles()::containsKey)
                  .map(index -> report.proofFiles().get(index).toString())
                  .toList(),
              violation.message()));
    }
    return new ReportJson(
        report.location(),
        report.checkpoint().map(c -> c.origin()),
        report.checkpoint().map(c -> c.size()),
        report.checkpoint().map(c -> c.root().base64()),
        report.previous().map(c -> c.size()),
        report.entries(),
        report.signaturesVerified(),
        report.stateUpdated(),
        report.equivocationProof().map(Path::toString),
        violations);
  }

  private static void printText(AuditReport report, PrintWriter out) {
    String checkpoint =
        report
            .checkpoint()
            .map(c -> c.origin() + " at size " + c.size())
            .orElse("(no valid checkpoint)");
    out.println(
        "audited "
            + report.location()
            + ": "
            + checkpoint
            + report.previous().map(p -> " (previously verified size " + p.size() + ")").orElse("")
            + ", "
            + report.signaturesVerified()
            + " entry signatures verified");
    for (Violation violation : report.violations()) {
      StringBuilder line = new StringBuilder(violation.kind().jsonName());
      if (!violation.indexes().isEmpty()) {
        line.append(" entries ").append(violation.indexes());
      }
      violation
          .declarant()
          .ifPresent(key -> line.append(" declarant ").append(NoteKeys.verifier(key).name()));
      violation.run().ifPresent(run -> line.append(" run ").append(run));
      violation
          .period()
          .ifPresent(p -> line.append(" period ").append(p.start()).append("..").append(p.end()));
      line.append(": ").append(violation.message());
      out.println(line);
      for (long index : violation.indexes()) {
        Path proof = report.proofFiles().get(index);
        if (proof != null) {
          out.println("  proof of entry " + index + ": " + proof);
        }
      }
    }
    report
        .equivocationProof()
        .ifPresent(file -> out.println("equivocation proof written to " + file));
    out.println(
        report.clean()
            ? "clean"
            : report.violations().size()
                + (report.violations().size() == 1 ? " violation" : " violations"));
  }
}
