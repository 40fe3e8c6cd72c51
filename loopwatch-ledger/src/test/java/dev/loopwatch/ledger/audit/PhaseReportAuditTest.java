package dev.loopwatch.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Commitment;
import dev.loopwatch.ledger.attestation.Compute;
import dev.loopwatch.ledger.attestation.EstimationMethod;
import dev.loopwatch.ledger.attestation.PhaseIndicator;
import dev.loopwatch.ledger.attestation.PhaseReport;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.merkle.Hash;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseReportAuditTest {
  private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

  @TempDir Path temp;

  private static byte[] snapshot(String month) {
    return ("{\"month\":\"" + month + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Lab A's phase report for {@code month}, committing to {@link #snapshot}. */
  private static byte[] report(String month) {
    Attestation attestation =
        new Attestation(
            AuditFixture.labA(),
            StatementType.PHASE_REPORT,
            "ladder/" + month,
            Attestation.monthPeriod(YearMonth.parse(month)),
            new Compute(BigInteger.ZERO, BigDecimal.ZERO, EstimationMethod.MEASURED),
            Map.of(
                Commitment.DATA_MANIFEST,
                PhaseSnapshots.sha256(snapshot(month)),
                Commitment.CONFIG,
                Hash.fromHex("cd".repeat(32))),
            List.of(),
            Optional.of(
                new PhaseReport(
                    Optional.empty(),
                    List.of(
                        new PhaseIndicator(
                            "ai_share",
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            0,
                            Optional.empty(),
                            "git_change_files",
                            1)),
                    "1")));
    return SignedAttestation.sign(attestation, AuditFixture.signer(AuditFixture.LAB_A, 1)).bytes();
  }

  private AuditReport audit(List<String> months, Optional<Path> snapshots) {
    Path log = temp.resolve("log");
    List<byte[]> entries = new ArrayList<>();
    months.forEach(month -> entries.add(report(month)));
    AuditFixture.createLog(log, entries);
    return Auditor.audit(
        LogSource.directory(log),
        AuditPolicy.ofLogKey(AuditFixture.logKey()),
        new AuditOptions(temp.resolve("state"), true, true, NOW, Optional.empty(), 1, snapshots));
  }

  private Path publish(List<String> months) throws Exception {
    Path folder = temp.resolve("snapshots");
    for (String month : months) {
      Path file =
          folder.resolve(PhaseSnapshots.relativePath(AuditFixture.labA(), YearMonth.parse(month)));
      Files.createDirectories(file.getParent());
      Files.write(file, snapshot(month));
    }
    return folder;
  }

  private static List<String> summary(AuditReport report) {
    return report.violations().stream().map(v -> v.kind().jsonName() + " " + v.indexes()).toList();
  }

  @Test
  void audit_consecutiveMonthsWithSnapshots_clean() throws Exception {
    List<String> months = List.of("2026-09", "2026-10", "2026-11");
    AuditReport report = audit(months, Optional.of(publish(months)));
    assertThat(report.violations()).isEmpty();
  }

  @Test
  void audit_missingMonth_gapNamingTheMonths() {
    AuditReport report = audit(List.of("2026-01", "2026-03", "2026-06"), Optional.empty());
    assertThat(summary(report))
        .containsExactly("phase_report_gap [0, 1]", "phase_report_gap [1, 2]");
    assertThat(report.violations().get(0).message())
        .isEqualTo(
            "lab-a.example/compute reported 2026-01 (entry 0) and 2026-03 (entry 1) but not"
                + " 2026-02");
    assertThat(report.violations().get(1).message()).endsWith("but not 2026-04 to 2026-05");
    assertThat(report.violations().get(1).period().orElseThrow().start())
        .isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
  }

  @Test
  void audit_sameMonthTwice_duplicate() {
    AuditReport report = audit(List.of("2026-01", "2026-02", "2026-02"), Optional.empty());
    assertThat(summary(report)).containsExactly("duplicate_phase_report [1, 2]");
    assertThat(report.violations().get(0).message())
        .isEqualTo(
            "lab-a.example/compute reported 2026-02 2 times (entries 1, 2); one phase_report"
                + " per month is allowed");
  }

  @Test
  void audit_tamperedOrMissingSnapshot_violations() throws Exception {
    Path folder = publish(List.of("2026-01"));
    Path tampered =
        folder.resolve(PhaseSnapshots.relativePath(AuditFixture.labA(), YearMonth.of(2026, 1)));
    Files.writeString(tampered, "{\"month\":\"2026-01\",\"phase\":\"P4\"}");
    AuditReport report = audit(List.of("2026-01", "2026-02"), Optional.of(folder));
    assertThat(summary(report)).containsExactly("snapshot_mismatch [0]", "snapshot_missing [1]");
    assertThat(report.violations().get(0).message())
        .startsWith(
            "entry 0: lab-a.example/compute's phase_report for 2026-01 commits to data_manifest "
                + PhaseSnapshots.sha256(snapshot("2026-01")).hex()
                + ", but "
                + tampered
                + " has SHA-256 ");
  }
}
