package dev.loopwatch.app.report;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.judgment.JudgmentStore;
import dev.loopwatch.app.judgment.JudgmentStore.StoredRun;
import dev.loopwatch.app.research.ResearchStore;
import dev.loopwatch.app.research.ResearchSummary;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import dev.loopwatch.retro.store.RetroStore;
import dev.loopwatch.sessions.store.SessionsMetrics;
import dev.loopwatch.sessions.store.SessionsReport;
import dev.loopwatch.sessions.store.SessionsSchema;
import java.util.List;
import java.util.Optional;

/**
 * The report's sections beyond provenance, each shown only when the store holds its data.
 *
 * @param sessions agent sessions' metrics
 * @param retro the latest review retrospective run
 * @param speedup every speedup grading, oldest first
 * @param judgment the latest research-judgment run
 * @param research the latest stored research run
 */
public record ReportSections(
    Optional<SessionsReport> sessions,
    RetroRun retro,
    List<HistoryRow> speedup,
    Optional<StoredRun> judgment,
    Optional<ResearchSummary> research) {
  /** Checks the fields are present and copies the list. */
  public ReportSections {
    requireNonNull(sessions, "sessions is null");
    requireNonNull(retro, "retro is null");
    speedup = List.copyOf(requireNonNull(speedup, "speedup is null"));
    requireNonNull(judgment, "judgment is null");
    requireNonNull(research, "research is null");
  }

  /** The sections without a research run, as before that section existed. */
  public ReportSections(
      Optional<SessionsReport> sessions,
      RetroRun retro,
      List<HistoryRow> speedup,
      Optional<StoredRun> judgment) {
    this(sessions, retro, speedup, judgment, Optional.empty());
  }

  /** No section beyond provenance. */
  public static ReportSections none() {
    return new ReportSections(
        Optional.empty(), RetroRun.none(), List.of(), Optional.empty(), Optional.empty());
  }

  /**
   * The sections {@code store} holds data for. A part the store does not have yet (written by a
   * Loopwatch from before that part existed) is an empty section; a part at another version is a
   * user-input error naming it.
   */
  public static ReportSections read(Store store) {
    requireNonNull(store, "store is null");
    return new ReportSections(
        store.has(SessionsSchema.PART) ? SessionsMetrics.compute(store) : Optional.empty(),
        store.has(RetroStore.PART) ? RetroRun.latest(store) : RetroRun.none(),
        store.has(SpeedupStore.PART) ? SpeedupStore.history(store) : List.of(),
        store.has(JudgmentStore.PART) ? JudgmentStore.latest(store) : Optional.empty(),
        store.has(ResearchStore.PART) ? ResearchStore.latest(store) : Optional.empty());
  }

  /** These sections with {@code retro} in place of this retro run. */
  public ReportSections withRetro(RetroRun retro) {
    return new ReportSections(sessions, retro, speedup, judgment, research);
  }

  /** These sections with {@code sessions} in place of these sessions. */
  public ReportSections withSessions(Optional<SessionsReport> sessions) {
    return new ReportSections(sessions, retro, speedup, judgment, research);
  }

  /** Whether there is nothing beyond provenance to show. */
  public boolean isEmpty() {
    return sessions.isEmpty()
        && retro.isEmpty()
        && speedup.isEmpty()
        && judgment.isEmpty()
        && research.isEmpty();
  }
}
