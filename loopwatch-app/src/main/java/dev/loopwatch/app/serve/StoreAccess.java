package dev.loopwatch.app.serve;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.ladder.LadderView;
import dev.loopwatch.app.report.HtmlReport;
import dev.loopwatch.app.report.RetroRun;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.sessions.store.SessionsMetrics;
import dev.loopwatch.sessions.store.SessionsReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The server's one hold on the store: the store stays open (and locked against other processes) for
 * the server's life; each read and each scan gets its own connection to it, so reads go on while a
 * scan writes. The report, sessions, retro, speedup and ladder numbers are computed once per store
 * generation (a finished scan starts a new one) and shared by every request.
 */
final class StoreAccess implements AutoCloseable {
  private final Store store;
  private final Optional<Path> phases;
  private final Object connections = new Object();
  private final Object computing = new Object();
  private final AtomicLong generation = new AtomicLong();
  private Snapshot snapshot;

  /**
   * What the pages and the API show, computed from one generation of the store.
   *
   * @param generation the store generation it was computed from
   * @param report the provenance report with monthly buckets, as {@code report --json} has it
   * @param sessions the sessions report, when the store holds sessions
   * @param retro the latest review retrospective run
   * @param speedup the speedup history
   * @param ladder the ladder over every month with data
   */
  record Snapshot(
      long generation,
      ProvenanceReport report,
      Optional<SessionsReport> sessions,
      RetroRun retro,
      List<HistoryRow> speedup,
      LadderView ladder) {
    Snapshot {
      requireNonNull(report, "report is null");
      requireNonNull(sessions, "sessions is null");
      requireNonNull(retro, "retro is null");
      speedup = List.copyOf(speedup);
      requireNonNull(ladder, "ladder is null");
    }

    /** The report's HTML page, as {@code loopwatch report --html} writes it. */
    String reportPage() {
      return HtmlReport.render(report, sessions, retro, speedup);
    }
  }

  StoreAccess(Store store, Optional<Path> phases) {
    this.store = requireNonNull(store, "store is null");
    this.phases = requireNonNull(phases, "phases is null");
  }

  /** The store file. */
  Path path() {
    return store.path();
  }

  /** Runs {@code work} on a connection of its own, closed afterwards. */
  <T> T read(Function<Store, T> work) {
    Store connection;
    synchronized (connections) {
      connection = store.duplicate();
    }
    try (connection) {
      return work.apply(connection);
    }
  }

  /** The numbers of the current generation, computed on first use. */
  Snapshot snapshot() {
    synchronized (computing) {
      long current = generation.get();
      if (snapshot != null && snapshot.generation() == current) {
        return snapshot;
      }
      snapshot = read(opened -> compute(opened, current));
      return snapshot;
    }
  }

  /** Starts a new generation: the next {@link #snapshot()} recomputes. */
  void changed() {
    generation.incrementAndGet();
  }

  private Snapshot compute(Store opened, long current) {
    MetricsOptions options =
        new MetricsOptions(
            Granularity.MONTH, Optional.empty(), Optional.empty(), 99.0, 0, Map.of(), 2000, 42L);
    ProvenanceReport report = ProvenanceMetrics.compute(opened, Set.of(), options);
    return new Snapshot(
        current,
        report,
        SessionsMetrics.compute(opened),
        RetroRun.latest(opened),
        SpeedupStore.history(opened),
        LadderView.compute(opened, phases, 2000, 42L));
  }

  @Override
  public void close() {
    store.close();
  }
}
