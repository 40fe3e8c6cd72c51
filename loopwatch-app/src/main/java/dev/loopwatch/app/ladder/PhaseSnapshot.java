package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.ladder.Ladder.Check;
import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import dev.loopwatch.ledger.attestation.CanonicalJson;
import dev.loopwatch.ledger.attestation.PhaseIndicator;
import dev.loopwatch.ledger.attestation.PhaseReport;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The metrics snapshot of one month that a phase_report's {@code data_manifest} commits to: the
 * month's indicators and verdict (every check, phases passed and held) with the phases file's
 * version and hash, in the attestation schema's canonical JSON (sorted keys, exact plain numbers,
 * unknown values as null). Publishing it lets anyone re-check the phase against the indicators.
 */
final class PhaseSnapshot {
  /** The value of the snapshot's {@code schema} member. */
  static final String SCHEMA = "loopwatch.phase-snapshot/v1";

  private PhaseSnapshot() {}

  /** The snapshot's bytes: canonical JSON and one final newline. */
  static byte[] bytes(Phases phases, MonthVerdict verdict) {
    requireNonNull(phases, "phases is null");
    requireNonNull(verdict, "verdict is null");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", SCHEMA);
    out.put("month", verdict.month().toString());
    out.put("phase", verdict.phase().orElse(null));
    out.put("phases_version", phases.version());
    out.put("phases_sha256", phases.sha256());
    out.put("passing", new LinkedHashMap<String, Object>(verdict.passing()));
    out.put("held", new LinkedHashMap<String, Object>(verdict.held()));
    List<Object> checks = new ArrayList<>();
    for (Check check : verdict.checks()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("phase", check.phase());
      item.put("indicator", check.threshold().indicator().id());
      item.put("op", check.threshold().op().symbol);
      item.put("threshold", decimal(check.threshold().value()).orElse(null));
      item.put("threshold_source", check.threshold().source());
      item.put("passed", check.passed());
      item.put("reason", check.reason());
      checks.add(item);
    }
    out.put("checks", checks);
    List<Object> indicators = new ArrayList<>();
    for (Indicator indicator : verdict.indicators()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", indicator.id());
      item.put("value", decimal(indicator.value()).orElse(null));
      item.put("ci_low", decimal(indicator.low()).orElse(null));
      item.put("ci_high", decimal(indicator.high()).orElse(null));
      item.put("n", BigInteger.valueOf(indicator.n()));
      item.put("coverage", decimal(indicator.coverage()).orElse(null));
      item.put("source", indicator.source());
      item.put("version", BigInteger.valueOf(indicator.version()));
      item.put("note", indicator.note().orElse(null));
      indicators.add(item);
    }
    out.put("indicators", indicators);
    return (CanonicalJson.write(out) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The phase report member of the month's attestation: the same values as the snapshot. */
  static PhaseReport report(Phases phases, MonthVerdict verdict) {
    List<PhaseIndicator> indicators = new ArrayList<>();
    for (Indicator indicator : verdict.indicators()) {
      Optional<BigDecimal> value = decimal(indicator.value());
      indicators.add(
          new PhaseIndicator(
              indicator.id(),
              value,
              value.isEmpty() ? Optional.empty() : decimal(indicator.low()),
              value.isEmpty() ? Optional.empty() : decimal(indicator.high()),
              indicator.n(),
              decimal(indicator.coverage()),
              indicator.source(),
              indicator.version()));
    }
    return new PhaseReport(verdict.phase(), indicators, phases.version());
  }

  /**
   * The double as the shortest exact decimal that reads back as it; empty if unknown or not finite.
   */
  private static Optional<BigDecimal> decimal(OptionalDouble value) {
    return value.isPresent() ? decimal(value.getAsDouble()) : Optional.empty();
  }

  private static Optional<BigDecimal> decimal(double value) {
    return Double.isFinite(value) ? Optional.of(BigDecimal.valueOf(value)) : Optional.empty();
  }
}
