package dev.loopwatch.ledger.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhaseReportTest {
  private static final String KEY = Declarants.verifierKey(1);
  private static final String MANIFEST = "ab".repeat(32);
  private static final String CONFIG = "cd".repeat(32);

  /** A phase report for November 2026 with one known and one unknown indicator. */
  private static String report(String commitments, String extraIndicator) {
    return """
    {
      "schema": "loopwatch.attestation/v1",
      "type": "phase_report",
      "declarant": "%s",
      "run_id": "ladder/2026-11",
      "period": {"start": "2026-11-01T00:00:00Z", "end": "2026-12-01T00:00:00Z"},
      "compute": {"flop": 0, "accelerator_hours": 0, "method": "measured"},
      "commitments": {%s},
      "phase_report": {
        "phase": "P2",
        "phases_version": "2026-10",
        "indicators": [
          {"id": "ai_share", "value": 0.6250, "ci_low": 5.5E-1, "ci_high": 0.70, "n": 1200,
           "coverage": 0.9, "source": "git_change_files", "version": 2%s},
          {"id": "speedup", "value": null, "ci_low": null, "ci_high": null, "n": 0,
           "coverage": null, "source": "speedup_attempts", "version": 1}
        ]
      }
    }
    """
        .formatted(KEY, commitments, extraIndicator);
  }

  private static String report() {
    return report(both(), "");
  }

  private static String both() {
    return "\"data_manifest\": \"" + MANIFEST + "\", \"config\": \"" + CONFIG + "\"";
  }

  @Test
  void fromJson_phaseReport_nullsKeptAndNumbersExactInCanonicalForm() {
    Attestation parsed = Attestation.fromJson(report());
    assertThat(parsed.type()).isEqualTo(StatementType.PHASE_REPORT);
    PhaseReport body = parsed.phaseReport().orElseThrow();
    assertThat(body.phase()).contains("P2");
    assertThat(body.indicators().get(1).value()).isEmpty();
    assertThat(body.indicators().get(0).ciLow()).contains(new BigDecimal("0.55"));
    assertThat(parsed.canonicalJson())
        .endsWith(
            ",\"phase_report\":{\"indicators\":[{\"ci_high\":0.7,\"ci_low\":0.55,"
                + "\"coverage\":0.9,\"id\":\"ai_share\",\"n\":1200,\"source\":\"git_change_files\","
                + "\"value\":0.625,\"version\":2},{\"ci_high\":null,\"ci_low\":null,"
                + "\"coverage\":null,\"id\":\"speedup\",\"n\":0,\"source\":\"speedup_attempts\","
                + "\"value\":null,\"version\":1}],\"phase\":\"P2\",\"phases_version\":\"2026-10\"},"
                + "\"run_id\":\"ladder/2026-11\",\"schema\":\"loopwatch.attestation/v1\","
                + "\"type\":\"phase_report\"}");
    assertThat(Attestation.fromJson(parsed.canonicalJson())).isEqualTo(parsed);
    assertThat(parsed.month()).hasToString("2026-11");
  }

  @Test
  void fromJson_nullPhase_accepted() {
    Attestation parsed = Attestation.fromJson(report().replace("\"P2\"", "null"));
    assertThat(parsed.phaseReport().orElseThrow().phase()).isEmpty();
    assertThat(parsed.canonicalJson()).contains("\"phase\":null");
  }

  @Test
  void fromJson_unknownIndicatorField_rejectedNamingIt() {
    assertThatThrownBy(() -> Attestation.fromJson(report(both(), ", \"threshold\": 0.5")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "attestation has unknown field \"phase_report.indicators[0].threshold\"; allowed"
                + " here: ci_high, ci_low, coverage, id, n, source, value, version");
  }

  @Test
  void fromJson_duplicateIndicatorMember_rejected() {
    assertThatThrownBy(() -> Attestation.fromJson(report(both(), ", \"n\": 3")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("Duplicate field 'n'");
  }

  @Test
  void fromJson_missingCommitment_rejectedNamingIt() {
    assertThatThrownBy(
            () -> Attestation.fromJson(report("\"data_manifest\": \"" + MANIFEST + "\"", "")))
        .hasMessage(
            "attestation field \"commitments.config\" is missing; a phase_report requires it");
    assertThatThrownBy(() -> Attestation.fromJson(report("\"config\": \"" + CONFIG + "\"", "")))
        .hasMessage(
            "attestation field \"commitments.data_manifest\" is missing; a phase_report"
                + " requires it");
  }

  @Test
  void fromJson_missingNullableMember_rejectedNotDefaulted() {
    assertThatThrownBy(() -> Attestation.fromJson(report().replace("\"coverage\": null, ", "")))
        .hasMessage(
            "attestation field \"phase_report.indicators[1].coverage\" is missing (write null"
                + " for an unknown value)");
  }

  @Test
  void fromJson_intervalWithoutValue_rejected() {
    assertThatThrownBy(() ->
            Attestation.fromJson(
                report()
                    .replace(
                        "\"ci_low\": null, \"ci_high\": null",
                        "\"ci_low\": 0.1," + " \"ci_high\": null")))
        .hasMessage(
            "attestation field \"phase_report.indicators[1].ci_low\" must be null when value is"
                + " null");
  }

  @Test
  void fromJson_periodNotOneMonth_rejected() {
    assertThatThrownBy(() ->
            Attestation.fromJson(report().replace("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")))
        .hasMessage(
            "attestation field \"period.start\" must be the first instant of a calendar month"
                + " (UTC) in a phase_report, like 2026-11-01T00:00:00Z");
    assertThatThrownBy(() ->
            Attestation.fromJson(report().replace("2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z")))
        .hasMessage(
            "attestation field \"period.end\" must be the first instant of the next month in a"
                + " phase_report: 2026-12-01T00:00:00Z");
  }

  @Test
  void fromJson_phaseReportMissingOrOnOtherType_rejected() {
    String withoutBody = report().replaceAll("(?s),\\s*\"phase_report\": \\{.*\\]\\s*\\}", "");
    assertThatThrownBy(() -> Attestation.fromJson(withoutBody))
        .hasMessage("attestation field \"phase_report\" is missing");
    assertThatThrownBy(() ->
            Attestation.fromJson(
                report().replace("\"type\": \"phase_report\"", "\"type\": \"heartbeat\"")))
        .hasMessage(
            "attestation field \"phase_report\" is allowed only in a phase_report statement");
  }

  @Test
  void fromJson_overSize_rejectedNamingTheSize() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 700; i++) {
      many.append(",{\"id\":\"extra_")
          .append(i)
          .append("\",\"value\":null,\"ci_low\":null,\"ci_high\":null,\"n\":0,")
          .append("\"coverage\":null,\"source\":\"nowhere\",\"version\":1}");
    }
    String big = report().replaceFirst("\\]\\s*\\}\\s*\\}\\s*$", many + "]}}");
    int size = big.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertThat(size).isGreaterThan(65_535);
    assertThatThrownBy(() -> Attestation.fromJson(big))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("attestation is " + size + " bytes, larger than 65535 bytes");
  }

  @Test
  void sign_phaseReportOverTheEntryCap_rejectedNamingTheSize() {
    Attestation parsed = Attestation.fromJson(report());
    java.util.List<PhaseIndicator> many = new java.util.ArrayList<>();
    for (int i = 0; i < 700; i++) {
      many.add(
          new PhaseIndicator(
              "extra_" + i,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              0,
              Optional.empty(),
              "nowhere",
              1));
    }
    Attestation big =
        with(
            parsed,
            parsed.commitments(),
            Optional.of(new PhaseReport(Optional.empty(), many, "1")));
    assertThatThrownBy(() -> SignedAttestation.sign(big, Declarants.signer(1)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageMatching("the signed attestation is \\d+ bytes; at most 65535 allowed");
  }

  @Test
  void otherTypes_haveNoPhaseReportMember() {
    assertThat(Declarants.computeReport().phaseReport()).isEmpty();
    assertThat(Declarants.computeReport().canonicalJson()).doesNotContain("phase_report");
  }

  @Test
  void constructor_phaseReportWithoutCommitments_rejected() {
    Attestation parsed = Attestation.fromJson(report());
    assertThatThrownBy(() -> with(parsed, java.util.Map.of(), parsed.phaseReport()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a phase_report needs the data_manifest commitment");
    assertThatThrownBy(() -> with(parsed, parsed.commitments(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** {@code statement} with other commitments and phase report. */
  private static Attestation with(
      Attestation statement,
      java.util.Map<Commitment, dev.loopwatch.ledger.merkle.Hash> commitments,
      Optional<PhaseReport> report) {
    return new Attestation(
        statement.declarant(),
        statement.type(),
        statement.runId(),
        statement.period(),
        statement.compute(),
        commitments,
        statement.evaluations(),
        report);
  }
}
