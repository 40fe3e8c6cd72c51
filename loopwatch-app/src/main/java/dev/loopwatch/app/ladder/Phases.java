package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The phase ladder read from a {@code phases.toml}: the gate settings and, per phase, the
 * thresholds all of which must pass. The bundled file is {@code dev/loopwatch/app/ladder/
 * phases.toml}; a user file replaces it whole.
 *
 * @param version the file's {@code version} string
 * @param sha256 the SHA-256 of the file's bytes, hex
 * @param file where it was read from, for messages
 * @param gate the gate settings
 * @param phases the phases, lowest first
 */
record Phases(String version, String sha256, String file, Gate gate, List<Phase> phases) {
  static final String RESOURCE = "/dev/loopwatch/app/ladder/phases.toml";

  Phases {
    requireNonNull(version, "version is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(file, "file is null");
    requireNonNull(gate, "gate is null");
    phases = List.copyOf(phases);
  }

  /**
   * How indicators pass and phases are held.
   *
   * @param minCoverage coverage needed by coverage-gated indicators, 0 to 1
   * @param unknownCoveragePasses whether an unknown coverage passes the coverage gate
   * @param unattributedHuman whether lines without AI evidence count as human-written (the org
   *     asserts every AI use leaves evidence), so the AI share's coverage is complete
   * @param enterMonths consecutive passing months to enter a phase
   * @param leaveMonths consecutive failing months to leave it
   */
  record Gate(
      double minCoverage,
      boolean unknownCoveragePasses,
      boolean unattributedHuman,
      int enterMonths,
      int leaveMonths) {}

  /** One phase: its id (P0..P4), name and thresholds. */
  record Phase(String id, String name, List<Threshold> thresholds) {
    Phase {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      thresholds = List.copyOf(thresholds);
    }
  }

  /** Which side of the threshold passes. */
  enum Op {
    AT_LEAST(">="),
    AT_MOST("<=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The symbol of the failing side, for verdicts. */
    String failing() {
      return this == AT_LEAST ? "<" : ">";
    }
  }

  /**
   * One threshold.
   *
   * @param indicator the indicator it gates
   * @param op which side passes
   * @param value the threshold, in the indicator's unit (shares as 0 to 1)
   * @param source where the threshold comes from
   */
  record Threshold(Definition indicator, Op op, double value, String source) {
    Threshold {
      requireNonNull(indicator, "indicator is null");
      requireNonNull(op, "op is null");
      requireNonNull(source, "source is null");
    }
  }

  /** The bundled ladder. */
  static Phases defaults() {
    byte[] bytes;
    try (InputStream in = Phases.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
    JsonNode node;
    try {
      node = new TomlMapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot parse " + RESOURCE, e);
    }
    return parse(ConfigSection.of("", (ObjectNode) node, "phases.toml (bundled)"), bytes);
  }

  /** The ladder in the user's {@code file}; fails naming the file and line or key at fault. */
  static Phases read(Path file) {
    requireNonNull(file, "file is null");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
    return parse(ConfigSection.of("", Config.parse(file), file.toString()), bytes);
  }

  private static Phases parse(ConfigSection root, byte[] bytes) {
    root.requireKnownKeys(Set.of("version", "gate", "phase"));
    String version = root.string("version").orElseThrow(() -> root.fault("version", "is missing"));
    ConfigSection gateSection = root.section("gate");
    gateSection.requireKnownKeys(
        Set.of(
            "min-coverage",
            "unknown-coverage",
            "unattributed-lines",
            "enter-months",
            "leave-months"));
    double minCoverage = gateSection.number("min-coverage").orElse(0.70);
    if (!(minCoverage >= 0 && minCoverage <= 1)) {
      throw gateSection.fault("min-coverage", "must be a share from 0 to 1: " + minCoverage);
    }
    String unknown = gateSection.string("unknown-coverage").orElse("fail");
    if (!unknown.equals("fail") && !unknown.equals("pass")) {
      throw gateSection.fault("unknown-coverage", "must be \"fail\" or \"pass\": " + unknown);
    }
    String unattributed = gateSection.string("unattributed-lines").orElse("unknown");
    if (!unattributed.equals("unknown") && !unattributed.equals("human")) {
      throw gateSection.fault(
          "unattributed-lines", "must be \"unknown\" or \"human\": " + unattributed);
    }
    Gate gate =
        new Gate(
            minCoverage,
            unknown.equals("pass"),
            unattributed.equals("human"),
            months(gateSection, "enter-months"),
            months(gateSection, "leave-months"));
    List<ConfigSection> phaseSections = root.tables("phase");
    if (phaseSections.isEmpty()) {
      throw root.fault("phase", "is missing: give at least one [[phase]]");
    }
    List<Phase> phases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ConfigSection section : phaseSections) {
      section.requireKnownKeys(Set.of("id", "name", "threshold"));
      String id = section.string("id").orElseThrow(() -> section.fault("id", "is missing"));
      if (!ids.add(id)) {
        throw section.fault("id", "repeats phase " + id);
      }
      String name = section.string("name").orElseThrow(() -> section.fault("name", "is missing"));
      List<Threshold> thresholds = new ArrayList<>();
      for (ConfigSection row : section.tables("threshold")) {
        thresholds.add(threshold(row));
      }
      if (thresholds.isEmpty()) {
        throw section.fault("threshold", "is missing: phase " + id + " needs a threshold");
      }
      phases.add(new Phase(id, name, thresholds));
    }
    return new Phases(version, sha256(bytes), root.file(), gate, phases);
  }

  private static Threshold threshold(ConfigSection row) {
    row.requireKnownKeys(Set.of("indicator", "op", "value", "source"));
    String id = row.string("indicator").orElseThrow(() -> row.fault("indicator", "is missing"));
    Definition indicator =
        Definition.byId(id)
            .orElseThrow(() -> row.fault("indicator", "names no known indicator: " + id));
    String symbol = row.string("op").orElseThrow(() -> row.fault("op", "is missing"));
    Op op =
        switch (symbol) {
          case ">=" -> Op.AT_LEAST;
          case "<=" -> Op.AT_MOST;
          default -> throw row.fault("op", "must be \">=\" or \"<=\": " + symbol);
        };
    double value = row.number("value").orElseThrow(() -> row.fault("value", "is missing"));
    if (!Double.isFinite(value)) {
      throw row.fault("value", "must be a finite number");
    }
    String source = row.string("source").orElseThrow(() -> row.fault("source", "is missing"));
    if (source.isBlank()) {
      throw row.fault("source", "must name where the threshold comes from");
    }
    return new Threshold(indicator, op, value, source);
  }

  private static int months(ConfigSection gate, String key) {
    double value = gate.number(key).orElse(2.0);
    if (value < 1 || value != Math.rint(value) || value > 120) {
      throw gate.fault(key, "must be a whole number of months from 1 to 120: " + value);
    }
    return (int) value;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
