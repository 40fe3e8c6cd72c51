package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Commitment;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.NoteKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a log's phase_report entries: one per declarant per month, no month missing between a
 * declarant's first and last, and, given a snapshots folder, each {@code data_manifest} equal to
 * the SHA-256 of the published snapshot (see {@link PhaseSnapshots}).
 */
final class PhaseReportChecker {
  private record Report(long index, Period period, Hash manifest) {}

  private final Optional<Path> snapshots;
  private final Map<String, TreeMap<YearMonth, List<Report>>> byDeclarant = new LinkedHashMap<>();

  PhaseReportChecker(Optional<Path> snapshots) {
    this.snapshots = requireNonNull(snapshots, "snapshots is null");
  }

  /** Records a phase_report entry; entries come in ascending index order. */
  void accept(long index, Attestation attestation) {
    byDeclarant
        .computeIfAbsent(attestation.declarant(), key -> new TreeMap<>())
        .computeIfAbsent(attestation.month(), key -> new ArrayList<>())
        .add(
            new Report(
                index,
                attestation.period(),
                attestation.commitments().get(Commitment.DATA_MANIFEST)));
  }

  /** The violations among the phase reports seen. */
  List<Violation> finish() {
    List<Violation> all = new ArrayList<>();
    byDeclarant.forEach((declarant, months) -> {
      String name = NoteKeys.verifier(declarant).name();
      YearMonth previous = null;
      long previousIndex = -1;
      for (Map.Entry<YearMonth, List<Report>> entry : months.entrySet()) {
        YearMonth month = entry.getKey();
        List<Report> reports = entry.getValue();
        if (reports.size() > 1) {
          List<Long> indexes = reports.stream().map(Report::index).toList();
          all.add(
              violation(
                  ViolationKind.DUPLICATE_PHASE_REPORT,
                  declarant,
                  reports.get(0).period(),
                  indexes,
                  name
                      + " reported "
                      + month
                      + " "
                      + reports.size()
                      + " times (entries "
                      + join(indexes)
                      + "); one phase_report per month is allowed"));
        }
        if (previous != null && previous.plusMonths(1).isBefore(month)) {
          YearMonth firstMissing = previous.plusMonths(1);
          YearMonth lastMissing = month.minusMonths(1);
          long firstIndex = reports.get(0).index();
          all.add(
              violation(
                  ViolationKind.PHASE_REPORT_GAP,
                  declarant,
                  new Period(
                      Attestation.monthPeriod(firstMissing).start(),
                      Attestation.monthPeriod(lastMissing).end()),
                  List.of(previousIndex, firstIndex),
                  name
                      + " reported "
                      + previous
                      + " (entry "
                      + previousIndex
                      + ") and "
                      + month
                      + " (entry "
                      + firstIndex
                      + ") but not "
                      + (firstMissing.equals(lastMissing)
                          ? firstMissing.toString()
                          : firstMissing + " to " + lastMissing)));
        }
        previous = month;
        previousIndex = reports.get(reports.size() - 1).index();
        snapshots.ifPresent(folder -> {
          for (Report report : reports) {
            checkSnapshot(folder, declarant, name, month, report).ifPresent(all::add);
          }
        });
      }
    });
    return all;
  }

  private static Optional<Violation> checkSnapshot(
      Path folder, String declarant, String name, YearMonth month, Report report) {
    Path file = folder.resolve(PhaseSnapshots.relativePath(declarant, month));
    String entry = "entry " + report.index() + ": " + name + "'s phase_report for " + month;
    byte[] bytes;
    ViolationKind kind;
    String problem;
    try {
      bytes = Files.readAllBytes(file);
      Hash actual = PhaseSnapshots.sha256(bytes);
      if (actual.equals(report.manifest())) {
        return Optional.empty();
      }
      kind = ViolationKind.SNAPSHOT_MISMATCH;
      problem =
          " commits to data_manifest "
              + report.manifest().hex()
              + ", but "
              + file
              + " has SHA-256 "
              + actual.hex();
    } catch (NoSuchFileException e) {
      kind = ViolationKind.SNAPSHOT_MISSING;
      problem = " commits to a snapshot, but none is published at " + file;
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(
        violation(kind, declarant, report.period(), List.of(report.index()), entry + problem));
  }

  private static Violation violation(
      ViolationKind kind, String declarant, Period period, List<Long> indexes, String message) {
    return new Violation(
        kind, Optional.of(declarant), Optional.empty(), Optional.of(period), indexes, message);
  }

  private static String join(List<Long> indexes) {
    return String.join(", ", indexes.stream().map(String::valueOf).toList());
  }
}
