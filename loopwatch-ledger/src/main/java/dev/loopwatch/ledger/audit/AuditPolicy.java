package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.note.NoteKeys;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an auditor checks a log against, read from a TOML file (see docs/LEDGER.md, "Audit"): the
 * log's key, the witness quorum, which declarants are audited, compute caps, pauses and heartbeat
 * intervals.
 *
 * @param logKey the log's Ed25519 verifier key
 * @param quorum the witness cosignatures a checkpoint needs
 * @param declarants the listed declarants, in file order; empty means every declarant is audited
 * @param onlyListedDeclarants whether an entry by an unlisted declarant is a violation
 * @param caps the compute caps, in file order
 * @param pauses the pauses declared in the policy itself, in file order
 */
public record AuditPolicy(
    String logKey,
    Quorum quorum,
    List<DeclarantRule> declarants,
    boolean onlyListedDeclarants,
    List<Cap> caps,
    List<PolicyPause> pauses) {
  private static final Set<String> TOP_KEYS =
      Set.of("log_key", "witness_policy", "only_listed_declarants", "declarant", "cap", "pause");

  /** Checks the fields and copies the lists. */
  public AuditPolicy {
    requireNonNull(logKey, "logKey is null");
    requireNonNull(quorum, "quorum is null");
    declarants = List.copyOf(requireNonNull(declarants, "declarants is null"));
    caps = List.copyOf(requireNonNull(caps, "caps is null"));
    pauses = List.copyOf(requireNonNull(pauses, "pauses is null"));
  }

  /**
   * A declarant the policy lists.
   *
   * @param key the declarant's verifier key
   * @param heartbeatInterval the longest allowed silence between heartbeats, if heartbeats are due
   */
  public record DeclarantRule(String key, Optional<Duration> heartbeatInterval) {
    /** Checks the fields. */
    public DeclarantRule {
      requireNonNull(key, "key is null");
      requireNonNull(heartbeatInterval, "heartbeatInterval is null");
    }
  }

  /**
   * A compute cap on one declarant: the compute reports assigned to each window (by their period's
   * start) may add up to at most the maxima.
   *
   * @param declarant the declarant's verifier key
   * @param window how time is divided
   * @param maxFlop the most FLOP per window, if capped
   * @param maxAcceleratorHours the most accelerator-hours per window, if capped
   */
  public record Cap(
      String declarant,
      CapWindow window,
      Optional<BigInteger> maxFlop,
      Optional<BigDecimal> maxAcceleratorHours) {
    /** Checks the fields. */
    public Cap {
      requireNonNull(declarant, "declarant is null");
      requireNonNull(window, "window is null");
      requireNonNull(maxFlop, "maxFlop is null");
      requireNonNull(maxAcceleratorHours, "maxAcceleratorHours is null");
    }
  }

  /**
   * A pause declared in the policy: no run may start in {@code [start, end]}.
   *
   * @param declarant the declarant it binds; empty binds every declarant
   * @param start the first instant of the pause
   * @param end the last instant of the pause
   */
  public record PolicyPause(Optional<String> declarant, Instant start, Instant end) {
    /** Checks the fields. */
    public PolicyPause {
      requireNonNull(declarant, "declarant is null");
      requireNonNull(start, "start is null");
      requireNonNull(end, "end is null");
    }
  }

  /** A policy with only the log key: no witnesses, every declarant audited, no caps or pauses. */
  public static AuditPolicy ofLogKey(String logKey) {
    return new AuditPolicy(logKey, Quorum.none(), List.of(), false, List.of(), List.of());
  }

  /**
   * Reads a policy file strictly: unknown keys, wrong types and bad keys, durations, times or
   * numbers fail naming the file and key.
   *
   * @throws LoopwatchException naming the file and key at fault
   */
  public static AuditPolicy read(Path file) {
    requireNonNull(file, "file is null");
    ObjectNode root = Config.parse(file);
    String name = file.toString();
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!TOP_KEYS.contains(key)) {
        throw LoopwatchException.userInput(
            name
                + ": unknown key '"
                + key
                + "' (known: "
                + String.join(", ", new TreeSet<>(TOP_KEYS))
                + ")");
      }
    }
    ConfigSection top = ConfigSection.of("policy", root, name);
    Optional<String> witnessPolicy = top.string("witness_policy");
    Optional<String> logKey = top.string("log_key");
    Quorum quorum = Quorum.none();
    if (witnessPolicy.isPresent()) {
      Path policyFile = resolve(file, witnessPolicy.get());
      WitnessQuorum witnesses = WitnessQuorum.read(policyFile);
      quorum = witnesses;
      if (logKey.isEmpty()) {
        logKey = witnesses.logKey();
      }
    }
    String key =
        logKey.orElseThrow(
            () -> top.fault("log_key", "is missing (or name a witness_policy with a log line)"));
    checkKey(top, "log_key", key);
    if (quorum instanceof WitnessQuorum witnesses && !witnesses.allowsLog(key)) {
      throw top.fault("log_key", "is not among the logs of witness policy " + witnessPolicy.get());
    }
    boolean onlyListed = booleanValue(root, top, "only_listed_declarants");

    List<DeclarantRule> declarants = new ArrayList<>();
    for (ConfigSection table : top.tables("declarant")) {
      table.requireKnownKeys(Set.of("key", "heartbeat_interval"));
      String declarant = table.string("key").orElseThrow(() -> table.fault("key", "is missing"));
      checkKey(table, "key", declarant);
      declarants.add(
          new DeclarantRule(
              declarant,
              table
                  .string("heartbeat_interval")
                  .map(text -> duration(table, "heartbeat_interval", text))));
    }

    List<Cap> caps = new ArrayList<>();
    JsonNode capNodes = root.get("cap");
    List<ConfigSection> capTables = top.tables("cap");
    for (int i = 0; i < capTables.size(); i++) {
      ConfigSection table = capTables.get(i);
      ObjectNode node = (ObjectNode) capNodes.get(i);
      table.requireKnownKeys(
          Set.of("declarant", "period", "start", "end", "max_flop", "max_accelerator_hours"));
      String declarant =
          table.string("declarant").orElseThrow(() -> table.fault("declarant", "is missing"));
      checkKey(table, "declarant", declarant);
      CapWindow window = capWindow(table);
      Optional<BigInteger> maxFlop = Optional.empty();
      if (node.has("max_flop")) {
        maxFlop = Optional.of(flop(table, node.get("max_flop")));
      }
      Optional<BigDecimal> maxHours = Optional.empty();
      if (node.has("max_accelerator_hours")) {
        maxHours =
            Optional.of(decimal(table, "max_accelerator_hours", node.get("max_accelerator_hours")));
      }
      if (maxFlop.isEmpty() && maxHours.isEmpty()) {
        throw table.fault("max_flop", "or 'max_accelerator_hours' is needed");
      }
      caps.add(new Cap(declarant, window, maxFlop, maxHours));
    }

    List<PolicyPause> pauses = new ArrayList<>();
    for (ConfigSection table : top.tables("pause")) {
      table.requireKnownKeys(Set.of("declarant", "start", "end"));
      Optional<String> declarant = table.string("declarant");
      declarant.ifPresent(value -> checkKey(table, "declarant", value));
      Instant start = instant(table, "start");
      Instant end = instant(table, "end");
      if (end.isBefore(start)) {
        throw table.fault("end", "is before 'start'");
      }
      pauses.add(new PolicyPause(declarant, start, end));
    }
    return new AuditPolicy(key, quorum, declarants, onlyListed, caps, pauses);
  }

  private static Path resolve(Path file, String relative) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(relative) : parent.resolve(relative);
  }

  private static void checkKey(ConfigSection section, String key, String value) {
    try {
      NoteKeys.verifier(value);
    } catch (LoopwatchException e) {
      throw section.fault(key, "is not an Ed25519 note verifier key: " + e.getMessage());
    }
  }

  private static boolean booleanValue(ObjectNode node, ConfigSection section, String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw section.fault(key, "must be true or false");
    }
    return value.booleanValue();
  }

  private static Duration duration(ConfigSection section, String key, String text) {
    try {
      Duration duration = Duration.parse(text);
      if (duration.isNegative() || duration.isZero()) {
        throw section.fault(key, "must be positive, got " + text);
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw section.fault(key, "\"" + text + "\" is not an ISO 8601 duration like PT24H");
    }
  }

  private static Instant instant(ConfigSection section, String key) {
    String text = section.string(key).orElseThrow(() -> section.fault(key, "is missing"));
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw section.fault(
          key, "\"" + text + "\" is not an RFC 3339 UTC time like 2025-01-31T00:00:00Z");
    }
  }

  private static CapWindow capWindow(ConfigSection table) {
    Optional<String> period = table.string("period");
    boolean fixed = table.string("start").isPresent() || table.string("end").isPresent();
    if (period.isPresent() == fixed) {
      throw table.fault("period", "or 'start' and 'end' must be given (exactly one of the two)");
    }
    if (period.isPresent()) {
      try {
        return new CapWindow.Calendar(
            CapWindow.Unit.valueOf(period.get().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw table.fault(
            "period", "\"" + period.get() + "\" is not one of day, week, month, quarter");
      }
    }
    Instant start = instant(table, "start");
    Instant end = instant(table, "end");
    if (!start.isBefore(end)) {
      throw table.fault("end", "must be after 'start'");
    }
    return new CapWindow.Fixed(new CapWindow.Window(start, end));
  }

  private static BigDecimal decimal(ConfigSection table, String key, JsonNode value) {
    BigDecimal decimal;
    try {
      if (value.isTextual()) {
        decimal = new BigDecimal(value.textValue());
      } else if (value.isIntegralNumber()) {
        decimal = new BigDecimal(value.bigIntegerValue());
      } else if (value.isNumber()) {
        decimal = new BigDecimal(value.asText());
      } else {
        throw table.fault(key, "must be a number or a decimal string");
      }
    } catch (NumberFormatException e) {
      throw table.fault(key, "\"" + value.asText() + "\" is not a decimal number");
    }
    if (decimal.signum() < 0) {
      throw table.fault(key, "is negative");
    }
    return decimal;
  }

  private static BigInteger flop(ConfigSection table, JsonNode value) {
    BigDecimal decimal = decimal(table, "max_flop", value);
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw table.fault("max_flop", "must be a whole number, got " + decimal.toPlainString());
    }
  }
}
