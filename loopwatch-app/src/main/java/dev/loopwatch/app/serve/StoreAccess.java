package dev.loopwatch.app.serve;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.ladder.LadderView;
import dev.loopwatch.app.report.HtmlReport;
import dev.loopwatch.app.report.ReportSections;
import dev.loopwatch.app.report.RetroRun;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.sessions.store.SessionsReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();
  private final Map<QueryKey, Object> queries = new ConcurrentHashMap<>();

  /** Query answers kept per generation; past this many, new answers are not kept. */
  static final int MAX_QUERIES = 1024;

  private record QueryKey(long generation, Object query) {}

  /**
   * What the pages and the API show, computed from one generation of the store.
   *
   * @param generation the store generation it was computed from
   * @param report the provenance report with monthly buckets, as {@code report --json} has it
   * @param sections the report's other sections (sessions, retro, speedup, judgment)
   * @param ladder the ladder over every month with data
   * @param reportPage the report's HTML page, as {@code loopwatch report --html} writes it
   */
  record Snapshot(
      long generation,
      ProvenanceReport report,
      ReportSections sections,
      LadderView ladder,
      String reportPage) {
    Snapshot {
      requireNonNull(report, "report is null");
      requireNonNull(sections, "sections is null");
      requireNonNull(ladder, "ladder is null");
      requireNonNull(reportPage, "reportPage is null");
    }

    /** The sessions report, when the store holds sessions. */
    Optional<SessionsReport> sessions() {
      return sections.sessions();
    }

    /** The latest review retrospective run. */
    RetroRun retro() {
      return sections.retro();
    }

    /** The speedup history. */
    List<HistoryRow> speedup() {
      return sections.speedup();
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

  /**
   * The answer of {@code work} for {@code query} (a value naming it: equal queries give equal
   * answers within a generation), queried on a connection of its own at most once per store
   * generation while fewer than {@link #MAX_QUERIES} answers are kept, so the change lists and
   * change pages most asked for do not query the store on every request.
   */
  @SuppressWarnings("unchecked")
  <T> T query(Object query, Function<Store, T> work) {
    QueryKey key = new QueryKey(generation.get(), requireNonNull(query, "query is null"));
    Object kept = queries.get(key);
    if (kept != null) {
      return (T) kept;
    }
    T answer = read(work);
    if (queries.size() < MAX_QUERIES && key.generation() == generation.get()) {
      queries.put(key, answer);
    }
    return answer;
  }

  /** The numbers of the current generation, computed on first use. */
  Snapshot snapshot() {
    synchronized (computing) {
      long current = generation.get();
      if (snapshot != null && snapshot.generation() == current) {
        return snapshot;
      }
      snapshot = read(opened -> compute(opened, current));
      rendered.clear();
      return snapshot;
    }
  }

  /**
   * The answer {@code key} rendered from the current snapshot, rendered once per generation: pages
   * and JSON that depend on nothing but the snapshot are served from here.
   */
  byte[] rendered(String key, Function<Snapshot, byte[]> render) {
    Snapshot current = snapshot();
    byte[] bytes = rendered.get(key);
    if (bytes == null) {
      bytes = render.apply(current);
      synchronized (computing) {
        if (snapshot == current) {
          rendered.put(key, bytes);
        }
      }
    }
    return bytes;
  }

  /**
   * Computes the current generation's numbers ahead of the requests that need them; a failure is
   * left for the first such request to report, with its message, as its answer.
   */
  void warm() {
    try {
      snapshot();
    } catch (RuntimeException e) {
      // The same computation runs again on the next request, which answers with the error.
    }
  }

  /** Starts a new generation: the next {@link #snapshot()} recomputes. */
  void changed() {
    generation.incrementAndGet();
    queries.clear();
  }

  private Snapshot compute(Store opened, long current) {
    // The dashboard's monthly report uses the ladder's options, so the ladder reuses its share
    // buckets instead of computing the metrics a second time.
    MetricsOptions options = LadderView.shareOptions(2000, 42L);
    ProvenanceReport report = ProvenanceMetrics.compute(opened, Set.of(), options);
    ReportSections sections = ReportSections.read(opened);
    return new Snapshot(
        current,
        report,
        sections,
        LadderView.compute(opened, phases, 2000, 42L, Optional.of(report.shareOverTime())),
        HtmlReport.render(report, sections));
  }

  @Override
  public void close() {
    store.close();
  }
}
