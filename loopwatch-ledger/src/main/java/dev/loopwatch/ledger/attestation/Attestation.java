package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.tiles.EntryBundle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An attestation statement of schema {@value #SCHEMA}: who declares what about which run over which
 * period, with the compute used, optional SHA-256 commitments and optional evaluation results.
 *
 * <p>The JSON form (see docs/LEDGER.md) is parsed strictly: unknown or duplicate members, missing
 * required members, wrong types, nulls (but for a phase report's unknown values) and trailing data
 * are rejected with a message naming the field. {@link #canonicalJson()} writes the one canonical
 * form described in {@link CanonicalJson}, which is what the declarant signs.
 *
 * @param declarant the declarant's Ed25519 note verifier key ({@code name+keyid+base64}), which
 *     must sign the statement
 * @param type the statement type
 * @param runId the run the statement is about, as named by the declarant
 * @param period the time span covered
 * @param compute the compute declared for the period
 * @param commitments SHA-256 hashes committed to, by kind (may be empty)
 * @param evaluations evaluation results, in the declarant's order (may be empty, except for {@link
 *     StatementType#EVAL_RESULT})
 * @param phaseReport the phase and indicators of a {@link StatementType#PHASE_REPORT} statement,
 *     present exactly for that type
 */
public record Attestation(
    String declarant,
    StatementType type,
    String runId,
    Period period,
    Compute compute,
    Map<Commitment, Hash> commitments,
    List<Evaluation> evaluations,
    Optional<PhaseReport> phaseReport) {
  /** The value of the {@code schema} member. */
  public static final String SCHEMA = "loopwatch.attestation/v1";

  /** The longest string member, in characters. */
  public static final int MAX_STRING = 1024;

  /** The most digits a number may have before, and after, its decimal point. */
  public static final int MAX_DIGITS = 100;

  /** The most declarant keys {@link #checkDeclarant} remembers as valid. */
  private static final int MAX_REMEMBERED_DECLARANTS = 4096;

  private static final Map<String, Boolean> VALID_DECLARANTS = new ConcurrentHashMap<>();

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Checks the fields: a valid Ed25519 declarant key, evaluations on eval_result statements, and a
   * phase report exactly on phase_report statements, with a one-month period and the data_manifest
   * and config commitments.
   */
  public Attestation {
    requireNonNull(declarant, "declarant is null");
    requireNonNull(type, "type is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(period, "period is null");
    requireNonNull(compute, "compute is null");
    commitments = Map.copyOf(requireNonNull(commitments, "commitments is null"));
    evaluations = List.copyOf(requireNonNull(evaluations, "evaluations is null"));
    requireNonNull(phaseReport, "phaseReport is null");
    try {
      checkDeclarant(declarant);
    } catch (LoopwatchException e) {
      throw new IllegalArgumentException("declarant: " + e.getMessage(), e);
    }
    if (type == StatementType.EVAL_RESULT && evaluations.isEmpty()) {
      throw new IllegalArgumentException("an eval_result statement needs at least one evaluation");
    }
    if ((type == StatementType.PHASE_REPORT) != phaseReport.isPresent()) {
      throw new IllegalArgumentException(
          "a phase report is required on phase_report statements and allowed on no other");
    }
    if (type == StatementType.PHASE_REPORT) {
      if (!isMonth(period)) {
        throw new IllegalArgumentException(
            "a phase_report period must be one calendar month (UTC), not " + period);
      }
      for (Commitment required : PHASE_REPORT_COMMITMENTS) {
        if (!commitments.containsKey(required)) {
          throw new IllegalArgumentException(
              "a phase_report needs the " + required.jsonName() + " commitment");
        }
      }
    }
  }

  /** A statement of any type but {@link StatementType#PHASE_REPORT}, which has no phase report. */
  public Attestation(
      String declarant,
      StatementType type,
      String runId,
      Period period,
      Compute compute,
      Map<Commitment, Hash> commitments,
      List<Evaluation> evaluations) {
    this(declarant, type, runId, period, compute, commitments, evaluations, Optional.empty());
  }

  /** The commitments a {@link StatementType#PHASE_REPORT} statement must make. */
  public static final List<Commitment> PHASE_REPORT_COMMITMENTS =
      List.of(Commitment.DATA_MANIFEST, Commitment.CONFIG);

  /** The period of calendar month {@code month}: its first instant (UTC) to the next month's. */
  public static Period monthPeriod(YearMonth month) {
    return new Period(
        month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
        month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  /** The calendar month a phase_report statement is about (that of its period's start, UTC). */
  public YearMonth month() {
    return YearMonth.from(period.start().atOffset(ZoneOffset.UTC));
  }

  private static boolean isMonth(Period period) {
    YearMonth month = YearMonth.from(period.start().atOffset(ZoneOffset.UTC));
    return monthPeriod(month).equals(period);
  }

  /**
   * Parses an attestation from JSON text in any formatting, strictly.
   *
   * @throws LoopwatchException starting "attestation" and naming the field at fault
   */
  public static Attestation fromJson(String json) {
    requireNonNull(json, "json is null");
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    if (size > EntryBundle.MAX_ENTRY_SIZE) {
      throw LoopwatchException.userInput(
          "attestation is "
              + size
              + " bytes, larger than "
              + EntryBundle.MAX_ENTRY_SIZE
              + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + " column "
                  + e.getLocation().getColumnNr();
      throw LoopwatchException.userInput(
          "attestation is not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw LoopwatchException.userInput("attestation is empty");
    }
    Fields top = Fields.of(root, "");
    top.only(
        "schema",
        "declarant",
        "type",
        "run_id",
        "period",
        "compute",
        "commitments",
        "evaluations",
        "phase_report");
    String schema = top.string("schema");
    if (!schema.equals(SCHEMA)) {
      throw fault("schema", "is \"" + schema + "\", expected \"" + SCHEMA + "\"");
    }
    String declarant = top.string("declarant");
    try {
      checkDeclarant(declarant);
    } catch (LoopwatchException e) {
      throw fault("declarant", "is not an Ed25519 note verifier key: " + e.getMessage());
    }
    StatementType type = StatementType.fromJson(top.string("type"));
    String runId = top.string("run_id");

    Fields period = top.object("period");
    period.only("start", "end");
    Instant start = period.instant("start");
    Instant end = period.instant("end");
    if (end.isBefore(start)) {
      throw fault("period.end", "is before period.start");
    }
    if (type == StatementType.PHASE_REPORT) {
      Period month = monthPeriod(YearMonth.from(start.atOffset(ZoneOffset.UTC)));
      if (!month.start().equals(start)) {
        throw fault(
            "period.start",
            "must be the first instant of a calendar month (UTC) in a phase_report, like "
                + month.start());
      }
      if (!month.end().equals(end)) {
        throw fault(
            "period.end",
            "must be the first instant of the next month in a phase_report: " + month.end());
      }
    }

    Fields compute = top.object("compute");
    compute.only("flop", "accelerator_hours", "method");
    BigInteger flop = compute.nonNegativeInteger("flop");
    BigDecimal hours = compute.decimal("accelerator_hours");
    if (hours.signum() < 0) {
      throw fault("compute.accelerator_hours", "is negative");
    }
    EstimationMethod method = EstimationMethod.fromJson(compute.string("method"));

    Map<Commitment, Hash> commitments = new EnumMap<>(Commitment.class);
    if (top.has("commitments")) {
      Fields object = top.object("commitments");
      Set<String> names = new TreeSet<>();
      for (Commitment commitment : Commitment.values()) {
        names.add(commitment.jsonName());
      }
      object.only(names.toArray(String[]::new));
      for (Commitment commitment : Commitment.values()) {
        if (object.has(commitment.jsonName())) {
          commitments.put(commitment, object.sha256(commitment.jsonName()));
        }
      }
    }

    List<Evaluation> evaluations = new ArrayList<>();
    if (top.has("evaluations")) {
      JsonNode list = top.node("evaluations");
      if (!list.isArray()) {
        throw fault("evaluations", "must be an array");
      }
      for (int i = 0; i < list.size(); i++) {
        Fields evaluation = Fields.of(list.get(i), "evaluations[" + i + "].");
        evaluation.only("evaluator", "benchmark", "metric", "value");
        evaluations.add(
            new Evaluation(
                evaluation.string("evaluator"),
                evaluation.string("benchmark"),
                evaluation.string("metric"),
                evaluation.decimal("value")));
      }
    }
    if (type == StatementType.EVAL_RESULT && evaluations.isEmpty()) {
      throw fault("evaluations", "must hold at least one result for an eval_result statement");
    }
    Optional<PhaseReport> phaseReport = Optional.empty();
    if (type == StatementType.PHASE_REPORT) {
      for (Commitment required : PHASE_REPORT_COMMITMENTS) {
        if (!commitments.containsKey(required)) {
          throw fault(
              "commitments." + required.jsonName(), "is missing; a phase_report requires it");
        }
      }
      phaseReport = Optional.of(phaseReport(top.object("phase_report")));
    } else if (top.has("phase_report")) {
      throw fault("phase_report", "is allowed only in a phase_report statement");
    }
    return new Attestation(
        declarant,
        type,
        runId,
        new Period(start, end),
        new Compute(flop, hours, method),
        commitments,
        evaluations,
        phaseReport);
  }

  private static PhaseReport phaseReport(Fields report) {
    report.only("phase", "indicators", "phases_version");
    Optional<String> phase = report.nullableString("phase");
    String phasesVersion = report.string("phases_version");
    JsonNode list = report.node("indicators");
    String path = report.prefix() + "indicators";
    if (!list.isArray()) {
      throw fault(path, "must be an array");
    }
    if (list.isEmpty()) {
      throw fault(path, "must hold at least one indicator");
    }
    List<PhaseIndicator> indicators = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      Fields item = Fields.of(list.get(i), path + "[" + i + "].");
      item.only("id", "value", "ci_low", "ci_high", "n", "coverage", "source", "version");
      String id = item.string("id");
      if (!ids.add(id)) {
        throw fault(path + "[" + i + "].id", "\"" + id + "\" is listed twice");
      }
      Optional<BigDecimal> value = item.nullableDecimal("value");
      Optional<BigDecimal> low = item.nullableDecimal("ci_low");
      Optional<BigDecimal> high = item.nullableDecimal("ci_high");
      if (value.isEmpty() && (low.isPresent() || high.isPresent())) {
        throw fault(
            path + "[" + i + "]." + (low.isPresent() ? "ci_low" : "ci_high"),
            "must be null when value is null");
      }
      indicators.add(
          new PhaseIndicator(
              id,
              value,
              low,
              high,
              item.nonNegativeLong("n"),
              item.nullableDecimal("coverage"),
              item.string("source"),
              item.nonNegativeLong("version")));
    }
    return new PhaseReport(phase, indicators, phasesVersion);
  }

  /** The canonical JSON text (without a final newline). */
  public String canonicalJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", SCHEMA);
    out.put("declarant", declarant);
    out.put("type", type.jsonName());
    out.put("run_id", runId);
    out.put("period", Map.of("start", period.start().toString(), "end", period.end().toString()));
    out.put(
        "compute",
        Map.of(
            "flop",
            compute.flop(),
            "accelerator_hours",
            compute.acceleratorHours(),
            "method",
            compute.method().jsonName()));
    if (!commitments.isEmpty()) {
      Map<String, Object> hashes = new LinkedHashMap<>();
      commitments.forEach((kind, hash) -> hashes.put(kind.jsonName(), hash.hex()));
      out.put("commitments", hashes);
    }
    if (!evaluations.isEmpty()) {
      List<Object> list = new ArrayList<>();
      for (Evaluation evaluation : evaluations) {
        list.add(
            Map.of(
                "evaluator", evaluation.evaluator(),
                "benchmark", evaluation.benchmark(),
                "metric", evaluation.metric(),
                "value", evaluation.value()));
      }
      out.put("evaluations", list);
    }
    phaseReport.ifPresent(report -> out.put("phase_report", phaseReportJson(report)));
    return CanonicalJson.write(out);
  }

  /** The canonical members of a phase report: every member present, unknown values as null. */
  private static Map<String, Object> phaseReportJson(PhaseReport report) {
    List<Object> indicators = new ArrayList<>();
    for (PhaseIndicator indicator : report.indicators()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", indicator.id());
      item.put("value", indicator.value().orElse(null));
      item.put("ci_low", indicator.ciLow().orElse(null));
      item.put("ci_high", indicator.ciHigh().orElse(null));
      item.put("n", BigInteger.valueOf(indicator.n()));
      item.put("coverage", indicator.coverage().orElse(null));
      item.put("source", indicator.source());
      item.put("version", BigInteger.valueOf(indicator.version()));
      indicators.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", report.phase().orElse(null));
    out.put("indicators", indicators);
    out.put("phases_version", report.phasesVersion());
    return out;
  }

  /**
   * Checks that {@code declarant} is an Ed25519 note verifier key, remembering keys that are: a log
   * holds millions of attestations by a handful of declarants, and each attestation is checked
   * twice (parsed, then constructed).
   *
   * @throws LoopwatchException as {@link NoteKeys#verifier} does
   */
  private static void checkDeclarant(String declarant) {
    if (VALID_DECLARANTS.containsKey(declarant)) {
      return;
    }
    NoteKeys.verifier(declarant);
    if (VALID_DECLARANTS.size() >= MAX_REMEMBERED_DECLARANTS) {
      VALID_DECLARANTS.clear();
    }
    VALID_DECLARANTS.put(declarant, Boolean.TRUE);
  }

  private static LoopwatchException fault(String field, String problem) {
    return LoopwatchException.userInput("attestation field \"" + field + "\" " + problem);
  }

  /** The members of one JSON object, read with the path prefix used in messages. */
  private record Fields(JsonNode node, String prefix) {
    static Fields of(JsonNode node, String path) {
      if (!node.isObject()) {
        throw path.isEmpty()
            ? LoopwatchException.userInput("attestation must be a JSON object")
            : fault(path.substring(0, path.length() - 1), "must be an object");
      }
      return new Fields(node, path);
    }

    void only(String... names) {
      Set<String> allowed = Set.of(names);
      Iterator<String> members = node.fieldNames();
      while (members.hasNext()) {
        String name = members.next();
        if (!allowed.contains(name)) {
          throw LoopwatchException.userInput(
              "attestation has unknown field \""
                  + prefix
                  + name
                  + "\"; allowed here: "
                  + String.join(", ", new TreeSet<>(allowed)));
        }
      }
    }

    boolean has(String name) {
      return node.has(name);
    }

    /** The member's value, or empty when it is JSON null; missing is still an error. */
    private JsonNode nullable(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        throw fault(prefix + name, "is missing (write null for an unknown value)");
      }
      return value;
    }

    Optional<String> nullableString(String name) {
      return nullable(name).isNull() ? Optional.empty() : Optional.of(string(name));
    }

    Optional<BigDecimal> nullableDecimal(String name) {
      return nullable(name).isNull() ? Optional.empty() : Optional.of(decimal(name));
    }

    long nonNegativeLong(String name) {
      BigInteger value = nonNegativeInteger(name);
      if (value.bitLength() > 63) {
        throw fault(prefix + name, "is out of range: at most " + Long.MAX_VALUE);
      }
      return value.longValueExact();
    }

    JsonNode node(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        throw fault(prefix + name, "is missing");
      }
      if (value.isNull()) {
        throw fault(prefix + name, "is null");
      }
      return value;
    }

    Fields object(String name) {
      return of(node(name), prefix + name + ".");
    }

    String string(String name) {
      JsonNode value = node(name);
      if (!value.isTextual()) {
        throw fault(prefix + name, "must be a string");
      }
      String text = value.textValue();
      if (text.isEmpty()) {
        throw fault(prefix + name, "is empty");
      }
      if (text.length() > MAX_STRING) {
        throw fault(prefix + name, "is longer than " + MAX_STRING + " characters");
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)
                && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
            || Character.isLowSurrogate(c)
                && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
          throw fault(prefix + name, "has an unpaired surrogate");
        }
      }
      return text;
    }

    Instant instant(String name) {
      String text = string(name);
      try {
        return UtcTimes.parse(text);
      } catch (DateTimeParseException e) {
        throw fault(
            prefix + name,
            "\"" + text + "\" is not an RFC 3339 UTC time like 2025-01-31T12:00:00Z");
      }
    }

    BigDecimal decimal(String name) {
      JsonNode value = node(name);
      if (!value.isNumber()) {
        throw fault(prefix + name, "must be a number");
      }
      BigDecimal decimal = value.decimalValue();
      if (decimal.scale() > MAX_DIGITS || decimal.precision() - decimal.scale() > MAX_DIGITS) {
        throw fault(
            prefix + name,
            "is out of range: at most " + MAX_DIGITS + " digits before and after the point");
      }
      return decimal;
    }

    BigInteger nonNegativeInteger(String name) {
      BigDecimal value = decimal(name);
      BigInteger integer;
      try {
        integer = value.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw fault(prefix + name, "must be an integer, got " + value.toPlainString());
      }
      if (integer.signum() < 0) {
        throw fault(prefix + name, "is negative");
      }
      return integer;
    }

    Hash sha256(String name) {
      String text = string(name);
      if (!text.matches("[0-9a-f]{64}")) {
        throw fault(prefix + name, "must be 64 lowercase hex digits (a SHA-256 hash)");
      }
      return Hash.fromHex(text);
    }
  }
}
