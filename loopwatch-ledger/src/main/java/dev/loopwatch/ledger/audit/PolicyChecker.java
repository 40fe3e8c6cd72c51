package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.note.NoteKeys;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the entries of a log, fed in index order, against an {@link AuditPolicy}: declarant
 * allow-list, run sequencing, pauses, compute caps, heartbeats and phase reports. Keeps per run and
 * per cap window only what the checks need; heartbeats cost nothing per entry beyond the last one
 * seen.
 */
final class PolicyChecker {
  private record RunKey(String declarant, String run) {}

  private record Stamp(long index, Period period) {}

  private static final class RunState {
    Optional<Stamp> start = Optional.empty();
    Optional<Stamp> stop = Optional.empty();
    final List<Stamp> reports = new ArrayList<>();
  }

  private record CapKey(int cap, Instant windowStart) {}

  private static final class CapSum {
    final CapWindow.Window window;
    BigInteger flop = BigInteger.ZERO;
    BigDecimal hours = BigDecimal.ZERO;
    final List<Long> indexes = new ArrayList<>();

    CapSum(CapWindow.Window window) {
      this.window = window;
    }
  }

  private record Pause(long index, String declarant, Period period) {}

  private record RunStart(long index, String declarant, String run, Instant time) {}

  private final AuditPolicy policy;
  private final Map<String, AuditPolicy.DeclarantRule> listed = new LinkedHashMap<>();
  private final List<Violation> violations = new ArrayList<>();
  private final Map<RunKey, RunState> runs = new LinkedHashMap<>();
  private final List<RunStart> runStarts = new ArrayList<>();
  private final List<Pause> pauses = new ArrayList<>();
  private final Map<String, Stamp> lastHeartbeat = new LinkedHashMap<>();
  private final Map<CapKey, CapSum> caps = new LinkedHashMap<>();
  private final PhaseReportChecker phaseReports;

  PolicyChecker(AuditPolicy policy) {
    this(policy, Optional.empty());
  }

  /**
   * A checker that also compares phase reports with the snapshots published in {@code snapshots}.
   */
  PolicyChecker(AuditPolicy policy, Optional<Path> snapshots) {
    this.policy = requireNonNull(policy, "policy is null");
    this.phaseReports = new PhaseReportChecker(snapshots);
    policy.declarants().forEach(rule -> listed.put(rule.key(), rule));
  }

  /** Checks the entry at {@code index}; entries must come in ascending index order. */
  void accept(long index, Attestation attestation) {
    String declarant = attestation.declarant();
    if (!listed.isEmpty() && !listed.containsKey(declarant)) {
      if (policy.onlyListedDeclarants()) {
        violations.add(
            violation(
                ViolationKind.UNLISTED_DECLARANT,
                attestation,
                List.of(index),
                "entry "
                    + index
                    + " is by "
                    + name(declarant)
                    + ", whom the policy does not list"));
      }
      return;
    }
    Period period = attestation.period();
    Stamp stamp = new Stamp(index, period);
    switch (attestation.type()) {
      case RUN_STARTED -> {
        RunState run = run(attestation);
        if (run.start.isPresent()) {
          violations.add(
              violation(
                  ViolationKind.DOUBLE_START,
                  attestation,
                  List.of(run.start.get().index(), index),
                  "run "
                      + attestation.runId()
                      + " started again at entry "
                      + index
                      + " (first started at entry "
                      + run.start.get().index()
                      + ")"));
        } else {
          run.start = Optional.of(stamp);
          runStarts.add(new RunStart(index, declarant, attestation.runId(), period.start()));
        }
      }
      case RUN_STOPPED -> {
        RunState run = run(attestation);
        if (run.start.isEmpty()) {
          violations.add(
              violation(
                  ViolationKind.STOP_WITHOUT_START,
                  attestation,
                  List.of(index),
                  "run "
                      + attestation.runId()
                      + " stopped at entry "
                      + index
                      + " but never started"));
        } else if (run.stop.isPresent()) {
          violations.add(
              violation(
                  ViolationKind.DOUBLE_STOP,
                  attestation,
                  List.of(run.stop.get().index(), index),
                  "run "
                      + attestation.runId()
                      + " stopped again at entry "
                      + index
                      + " (first stopped at entry "
                      + run.stop.get().index()
                      + ")"));
        } else {
          run.stop = Optional.of(stamp);
          Stamp start = run.start.get();
          if (period.end().isBefore(start.period().start())) {
            violations.add(
                violation(
                    ViolationKind.STOP_BEFORE_START,
                    attestation,
                    List.of(start.index(), index),
                    "run "
                        + attestation.runId()
                        + " stopped at "
                        + period.end()
                        + ", before it started at "
                        + start.period().start()));
          }
        }
      }
      case COMPUTE_REPORT -> {
        run(attestation).reports.add(stamp);
        addToCaps(index, attestation);
      }
      case HEARTBEAT -> heartbeat(index, attestation);
      case PAUSE_DECLARED -> pauses.add(new Pause(index, declarant, period));
      case PHASE_REPORT -> phaseReports.accept(index, attestation);
      case EVAL_RESULT -> {
        // Evaluation results are checked for their signature only.
      }
    }
  }

  /** The violations found, sorted, with those that need the whole log checked as of {@code now}. */
  List<Violation> finish(Instant now) {
    requireNonNull(now, "now is null");
    List<Violation> all = new ArrayList<>(violations);
    for (Map.Entry<RunKey, RunState> entry : runs.entrySet()) {
      RunKey key = entry.getKey();
      RunState run = entry.getValue();
      for (Stamp report : run.reports) {
        if (run.start.isEmpty()) {
          all.add(
              new Violation(
                  ViolationKind.COMPUTE_OUTSIDE_RUN,
                  Optional.of(key.declarant()),
                  Optional.of(key.run()),
                  Optional.of(report.period()),
                  List.of(report.index()),
                  "entry "
                      + report.index()
                      + " reports compute for run "
                      + key.run()
                      + ", which never started"));
          continue;
        }
        Stamp start = run.start.get();
        boolean early = report.period().start().isBefore(start.period().start());
        boolean late =
            run.stop.isPresent() && report.period().end().isAfter(run.stop.get().period().end());
        if (early || late) {
          List<Long> indexes = new ArrayList<>(List.of(report.index(), start.index()));
          run.stop.ifPresent(stop -> indexes.add(stop.index()));
          all.add(
              new Violation(
                  ViolationKind.COMPUTE_OUTSIDE_RUN,
                  Optional.of(key.declarant()),
                  Optional.of(key.run()),
                  Optional.of(report.period()),
                  indexes,
                  "entry "
                      + report.index()
                      + " reports compute for run "
                      + key.run()
                      + (early ? " before it started" : " after it stopped")));
        }
      }
    }
    for (RunStart start : runStarts) {
      for (Pause pause : pauses) {
        if (pause.declarant().equals(start.declarant()) && within(start.time(), pause.period())) {
          all.add(
              new Violation(
                  ViolationKind.STARTED_IN_PAUSE,
                  Optional.of(start.declarant()),
                  Optional.of(start.run()),
                  Optional.of(pause.period()),
                  List.of(start.index(), pause.index()),
                  "run "
                      + start.run()
                      + " started at "
                      + start.time()
                      + " (entry "
                      + start.index()
                      + ") inside the pause declared at entry "
                      + pause.index()));
        }
      }
      for (AuditPolicy.PolicyPause pause : policy.pauses()) {
        if (pause.declarant().map(start.declarant()::equals).orElse(true)
            && within(start.time(), new Period(pause.start(), pause.end()))) {
          all.add(
              new Violation(
                  ViolationKind.STARTED_IN_PAUSE,
                  Optional.of(start.declarant()),
                  Optional.of(start.run()),
                  Optional.of(new Period(pause.start(), pause.end())),
                  List.of(start.index()),
                  "run "
                      + start.run()
                      + " started at "
                      + start.time()
                      + " (entry "
                      + start.index()
                      + ") inside the policy's pause "
                      + pause.start()
                      + " to "
                      + pause.end()));
        }
      }
    }
    for (Map.Entry<CapKey, CapSum> entry : caps.entrySet()) {
      AuditPolicy.Cap cap = policy.caps().get(entry.getKey().cap());
      CapSum sum = entry.getValue();
      List<String> over = new ArrayList<>();
      cap.maxFlop()
          .filter(max -> sum.flop.compareTo(max) > 0)
          .ifPresent(max -> over.add(sum.flop + " FLOP > cap " + max));
      cap.maxAcceleratorHours()
          .filter(max -> sum.hours.compareTo(max) > 0)
          .ifPresent(max ->
              over.add(
                  sum.hours.toPlainString() + " accelerator-hours > cap " + max.toPlainString()));
      if (!over.isEmpty()) {
        all.add(
            new Violation(
                ViolationKind.CAP_EXCEEDED,
                Optional.of(cap.declarant()),
                Optional.empty(),
                Optional.of(new Period(sum.window.start(), sum.window.end())),
                sum.indexes,
                "compute reported for "
                    + sum.window.start()
                    + " to "
                    + sum.window.end()
                    + ": "
                    + String.join(", ", over)));
      }
    }
    for (AuditPolicy.DeclarantRule rule : listed.values()) {
      if (rule.heartbeatInterval().isEmpty()) {
        continue;
      }
      Duration interval = rule.heartbeatInterval().get();
      Stamp last = lastHeartbeat.get(rule.key());
      if (last == null) {
        all.add(
            new Violation(
                ViolationKind.HEARTBEAT_SILENCE,
                Optional.of(rule.key()),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                name(rule.key()) + " logged no heartbeat at all (interval " + interval + ")"));
      } else if (Duration.between(last.period().end(), now).compareTo(interval) > 0) {
        all.add(
            new Violation(
                ViolationKind.HEARTBEAT_SILENCE,
                Optional.of(rule.key()),
                Optional.empty(),
                Optional.of(new Period(last.period().end(), now)),
                List.of(last.index()),
                name(rule.key())
                    + " is silent since "
                    + last.period().end()
                    + " (entry "
                    + last.index()
                    + "), more than "
                    + interval
                    + " before "
                    + now));
      }
    }
    all.addAll(phaseReports.finish());
    all.sort(Violation.ORDER);
    return all;
  }

  private void heartbeat(long index, Attestation attestation) {
    AuditPolicy.DeclarantRule rule = listed.get(attestation.declarant());
    if (rule == null || rule.heartbeatInterval().isEmpty()) {
      return;
    }
    Duration interval = rule.heartbeatInterval().get();
    Stamp last = lastHeartbeat.get(attestation.declarant());
    Period period = attestation.period();
    if (last != null
        && Duration.between(last.period().end(), period.start()).compareTo(interval) > 0) {
      violations.add(
          violation(
              ViolationKind.HEARTBEAT_SILENCE,
              attestation,
              List.of(last.index(), index),
              name(attestation.declarant())
                  + " was silent from "
                  + last.period().end()
                  + " (entry "
                  + last.index()
                  + ") to "
                  + period.start()
                  + " (entry "
                  + index
                  + "), more than "
                  + interval,
              Optional.of(new Period(last.period().end(), period.start()))));
    }
    if (last == null || period.end().isAfter(last.period().end())) {
      lastHeartbeat.put(attestation.declarant(), new Stamp(index, period));
    }
  }

  private void addToCaps(long index, Attestation attestation) {
    for (int i = 0; i < policy.caps().size(); i++) {
      AuditPolicy.Cap cap = policy.caps().get(i);
      if (!cap.declarant().equals(attestation.declarant())) {
        continue;
      }
      Optional<CapWindow.Window> window = cap.window().windowOf(attestation.period().start());
      if (window.isEmpty()) {
        continue;
      }
      CapSum sum =
          caps.computeIfAbsent(
              new CapKey(i, window.get().start()), key -> new CapSum(window.get()));
      sum.flop = sum.flop.add(attestation.compute().flop());
      sum.hours = sum.hours.add(attestation.compute().acceleratorHours());
      sum.indexes.add(index);
    }
  }

  private RunState run(Attestation attestation) {
    return runs.computeIfAbsent(
        new RunKey(attestation.declarant(), attestation.runId()), key -> new RunState());
  }

  private static boolean within(Instant instant, Period period) {
    return !instant.isBefore(period.start()) && !instant.isAfter(period.end());
  }

  private static Violation violation(
      ViolationKind kind, Attestation attestation, List<Long> indexes, String message) {
    return violation(kind, attestation, indexes, message, Optional.of(attestation.period()));
  }

  private static Violation violation(
      ViolationKind kind,
      Attestation attestation,
      List<Long> indexes,
      String message,
      Optional<Period> period) {
    return new Violation(
        kind,
        Optional.of(attestation.declarant()),
        Optional.of(attestation.runId()),
        period,
        indexes,
        message);
  }

  private static String name(String declarant) {
    return NoteKeys.verifier(declarant).name();
  }
}
