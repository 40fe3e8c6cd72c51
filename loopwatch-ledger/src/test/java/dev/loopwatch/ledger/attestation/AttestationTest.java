package dev.loopwatch.ledger.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttestationTest {
  private static final String KEY = Declarants.verifierKey(1);

  private static String canonical() {
    return "{\"commitments\":{\"weights\":\""
        + "ab".repeat(32)
        + "\"},\"compute\":{\"accelerator_hours\":4096.5,\"flop\":32000000000000000000000000,"
        + "\"method\":\"measured\"},\"declarant\":\""
        + KEY
        + "\",\"period\":{\"end\":\"2025-01-02T00:00:00Z\",\"start\":\"2025-01-01T00:00:00Z\"},"
        + "\"run_id\":\"run-7\",\"schema\":\"loopwatch.attestation/v1\",\"type\":\"compute_report\"}";
  }

  private static String pretty(String extra) {
    return """
    {
      "schema": "loopwatch.attestation/v1",
      "type": "compute_report",
      "declarant": "%s",
      "run_id": "run-7",
      "period": {"start": "2025-01-01T00:00:00Z", "end": "2025-01-02T00:00:00Z"},
      "compute": {"flop": 3.2e25, "accelerator_hours": 4096.50, "method": "measured"},
      "commitments": {"weights": "%s"}%s
    }
    """
        .formatted(KEY, "ab".repeat(32), extra);
  }

  @Test
  void canonicalJson_computeReport_sortedCompactPlainNumbers() {
    assertThat(Declarants.computeReport().canonicalJson()).isEqualTo(canonical());
  }

  @Test
  void fromJson_prettyReorderedExponent_sameCanonicalForm() {
    Attestation parsed = Attestation.fromJson(pretty(""));
    assertThat(parsed).isEqualTo(Declarants.computeReport());
    assertThat(parsed.canonicalJson()).isEqualTo(canonical());
    assertThat(parsed.compute().flop()).isEqualTo(new BigInteger("32000000000000000000000000"));
  }

  @Test
  void canonicalJson_controlAndQuoteCharacters_escapedOthersLiteral() {
    Attestation statement = withRunId(Declarants.computeReport(), "a\"b\\c\n\u0001/é\u2014😀");
    assertThat(statement.canonicalJson())
        .contains("\"run_id\":\"a\\\"b\\\\c\\n\\u0001/é\u2014😀\"");
    assertThat(Attestation.fromJson(statement.canonicalJson())).isEqualTo(statement);
  }

  @Test
  void fromJson_unknownField_rejectedNamingIt() {
    assertThatThrownBy(() -> Attestation.fromJson(pretty(", \"site\": \"x\"")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "attestation has unknown field \"site\"; allowed here: commitments, compute,"
                + " declarant, evaluations, period, phase_report, run_id, schema, type");
  }

  @Test
  void fromJson_unknownNestedField_rejectedWithPath() {
    String json =
        pretty("").replace("\"method\": \"measured\"", "\"method\": \"measured\", \"x\": 1");
    assertThatThrownBy(() -> Attestation.fromJson(json))
        .hasMessage(
            "attestation has unknown field \"compute.x\"; allowed here: accelerator_hours, flop,"
                + " method");
  }

  @Test
  void fromJson_duplicateKey_rejected() {
    assertThatThrownBy(() -> Attestation.fromJson(pretty(", \"run_id\": \"again\"")))
        .hasMessage("attestation is not valid JSON at line 8 column 107: Duplicate field 'run_id'");
  }

  @Test
  void fromJson_trailingData_rejected() {
    assertThatThrownBy(() -> Attestation.fromJson(canonical() + " {}"))
        .hasMessageStartingWith("attestation is not valid JSON");
  }

  @Test
  void fromJson_missingField_named() {
    String json = pretty("").replace("\"run_id\": \"run-7\",", "");
    assertThatThrownBy(() -> Attestation.fromJson(json))
        .hasMessage("attestation field \"run_id\" is missing");
  }

  @Test
  void fromJson_badValues_preciseMessages() {
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("3.2e25", "1.5")))
        .hasMessage("attestation field \"compute.flop\" must be an integer, got 1.5");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("3.2e25", "\"3\"")))
        .hasMessage("attestation field \"compute.flop\" must be a number");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("3.2e25", "null")))
        .hasMessage("attestation field \"compute.flop\" is null");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("3.2e25", "1e999999")))
        .hasMessage(
            "attestation field \"compute.flop\" is out of range: at most 100 digits before and"
                + " after the point");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("4096.50", "-1")))
        .hasMessage("attestation field \"compute.accelerator_hours\" is negative");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("measured", "guessed")))
        .hasMessage(
            "attestation field \"compute.method\": unknown estimation method \"guessed\","
                + " expected one of measured, analytical, billing");
    assertThatThrownBy(
            () -> Attestation.fromJson(pretty("").replace("compute_report", "run_paused")))
        .hasMessage(
            "attestation field \"type\": unknown statement type \"run_paused\", expected one of"
                + " run_started, run_stopped, compute_report, eval_result, heartbeat,"
                + " pause_declared, phase_report");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("v1\"", "v2\"")))
        .hasMessage(
            "attestation field \"schema\" is \"loopwatch.attestation/v2\", expected"
                + " \"loopwatch.attestation/v1\"");
    assertThatThrownBy(
            () -> Attestation.fromJson(pretty("").replace("2025-01-02T00:00:00Z", "2024-12-31")))
        .hasMessage(
            "attestation field \"period.end\" \"2024-12-31\" is not an RFC 3339 UTC time like"
                + " 2025-01-31T12:00:00Z");
    assertThatThrownBy(() ->
            Attestation.fromJson(
                pretty("").replace("2025-01-02T00:00:00Z", "2024-12-31T00:00:00Z")))
        .hasMessage("attestation field \"period.end\" is before period.start");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace("ab".repeat(32), "AB")))
        .hasMessage(
            "attestation field \"commitments.weights\" must be 64 lowercase hex digits (a SHA-256"
                + " hash)");
    assertThatThrownBy(() -> Attestation.fromJson(pretty("").replace(KEY, "nope")))
        .hasMessageStartingWith(
            "attestation field \"declarant\" is not an Ed25519 note verifier key: invalid");
    assertThatThrownBy(() -> Attestation.fromJson("[1]"))
        .hasMessage("attestation must be a JSON object");
    assertThatThrownBy(() ->
            Attestation.fromJson(pretty("").replace("\"period\": {", "\"period\": [1], \"p\": {")))
        .hasMessageStartingWith("attestation has unknown field \"p\"");
  }

  @Test
  void fromJson_evalResultWithoutEvaluations_rejected() {
    String json = pretty("").replace("compute_report", "eval_result");
    assertThatThrownBy(() -> Attestation.fromJson(json))
        .hasMessage(
            "attestation field \"evaluations\" must hold at least one result for an eval_result"
                + " statement");
  }

  @Test
  void fromJson_evaluationMissingEvaluator_namedWithIndex() {
    String json =
        pretty(
            ", \"evaluations\": [{\"evaluator\": \"a\", \"benchmark\": \"b\", \"metric\": \"m\","
                + " \"value\": 1}, {\"benchmark\": \"b\", \"metric\": \"m\", \"value\": 1}]");
    assertThatThrownBy(() -> Attestation.fromJson(json))
        .hasMessage("attestation field \"evaluations[1].evaluator\" is missing");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void fromJson_randomAttestations_roundTripThroughCanonicalForm(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 50; i++) {
      Attestation statement = random(random);
      String json = statement.canonicalJson();
      Attestation parsed = Attestation.fromJson(json);
      assertThat(parsed).as("seed %d case %d", seed, i).isEqualTo(statement);
      assertThat(parsed.canonicalJson()).as("seed %d case %d", seed, i).isEqualTo(json);
    }
  }

  static Attestation random(SplittableRandom random) {
    // Phase reports need a body of their own; PhaseReportTest covers them.
    StatementType type =
        StatementType.values()[random.nextInt(StatementType.PHASE_REPORT.ordinal())];
    Instant start =
        Instant.ofEpochSecond(random.nextLong(4_000_000_000L), random.nextInt(3) * 500_000_000);
    Map<Commitment, Hash> commitments = new EnumMap<>(Commitment.class);
    for (Commitment commitment : Commitment.values()) {
      if (random.nextBoolean()) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        commitments.put(commitment, Hash.of(bytes));
      }
    }
    List<Evaluation> evaluations = new ArrayList<>();
    int count = type == StatementType.EVAL_RESULT ? 1 + random.nextInt(3) : random.nextInt(2);
    for (int j = 0; j < count; j++) {
      evaluations.add(
          new Evaluation(
              text(random),
              text(random),
              text(random),
              BigDecimal.valueOf(random.nextLong(), random.nextInt(-5, 8))));
    }
    return new Attestation(
        Declarants.verifierKey(1 + random.nextInt(3)),
        type,
        text(random),
        new Period(start, start.plusSeconds(random.nextInt(100_000))),
        new Compute(
            new BigInteger(120, new Random(random.nextLong())),
            BigDecimal.valueOf(random.nextLong(0, Long.MAX_VALUE), random.nextInt(0, 6)),
            EstimationMethod.values()[random.nextInt(3)]),
        commitments,
        evaluations);
  }

  private static String text(SplittableRandom random) {
    String alphabet = "ab\"\\\n\t\u0001é\u2014 /{}:,";
    StringBuilder out = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static Attestation withRunId(Attestation statement, String runId) {
    return new Attestation(
        statement.declarant(),
        statement.type(),
        runId,
        statement.period(),
        statement.compute(),
        statement.commitments(),
        statement.evaluations());
  }
}
