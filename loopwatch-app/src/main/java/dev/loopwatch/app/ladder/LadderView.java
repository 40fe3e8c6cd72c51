package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.ladder.Ladder.Check;
import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.metrics.MetricsOptions;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ladder's public results for other packages (the dashboard): per month the phase held, the
 * lines {@code loopwatch ladder} prints for it, and every threshold checked, plus the same JSON
 * {@code loopwatch ladder --json} prints. Computed by the same code as the command.
 */
public final class LadderView {
  private final Phases phases;
  private final List<MonthVerdict> verdicts;
  private final List<IndicatorTrends.Trend> trends;

  private LadderView(
      Phases phases, List<MonthVerdict> verdicts, List<IndicatorTrends.Trend> trends) {
    this.phases = phases;
    this.verdicts = verdicts;
    this.trends = trends;
  }

  /**
   * One threshold checked in one month.
   *
   * @param phase the phase id
   * @param indicator the indicator's name
   * @param threshold the threshold as text ({@code >= 80%})
   * @param source where the threshold comes from
   * @param passed whether it passed
   * @param reason the value and why it failed or passed
   */
  public record CheckRow(
      String phase,
      String indicator,
      String threshold,
      String source,
      boolean passed,
      String reason) {
    /** Checks for nulls. */
    public CheckRow {
      requireNonNull(phase, "phase is null");
      requireNonNull(indicator, "indicator is null");
      requireNonNull(threshold, "threshold is null");
      requireNonNull(source, "source is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * One indicator in one month, formatted as {@code loopwatch ladder} prints values.
   *
   * @param id the indicator id
   * @param name the indicator's name
   * @param value the value with its 95% interval ({@code 50% [40-60]}), or {@code unknown (why)}
   * @param n the units it is computed from
   * @param coverage the coverage as a percentage; {@code unknown} when not measured
   */
  public record IndicatorRow(String id, String name, String value, long n, String coverage) {
    /** Checks for nulls. */
    public IndicatorRow {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(value, "value is null");
      requireNonNull(coverage, "coverage is null");
    }
  }

  /**
   * One month of the ladder.
   *
   * @param month the month
   * @param phase the phase held, with its name ({@code P1 chatbots and copy/paste}); empty when
   *     none is
   * @param rank the index of the phase held in the ladder (0 for the lowest), -1 when none is
   * @param missing what {@code loopwatch ladder} prints under the month: {@code missing for P3:
   *     ...} and {@code failing for P1 (held): ...}
   * @param checks every threshold checked, in ladder order
   * @param indicators every indicator of the month, in definition order
   */
  public record MonthRow(
      YearMonth month,
      Optional<String> phase,
      int rank,
      List<String> missing,
      List<CheckRow> checks,
      List<IndicatorRow> indicators) {
    /** Checks for nulls and copies the lists. */
    public MonthRow {
      requireNonNull(month, "month is null");
      requireNonNull(phase, "phase is null");
      missing = List.copyOf(missing);
      checks = List.copyOf(checks);
      indicators = List.copyOf(indicators);
    }
  }

  /**
   * The ladder over every month with data in {@code store}, gated by {@code phasesFile} or the
   * bundled phases.toml; empty months list when the store has no data.
   */
  public static LadderView compute(
      Store store, Optional<Path> phasesFile, int bootstrap, long seed) {
    return compute(store, phasesFile, bootstrap, seed, Optional.empty());
  }

  /**
   * As {@link #compute(Store, Optional, int, long)}, reusing {@code shareOverTime}: the monthly
   * share buckets of a report of the same store computed with {@link #shareOptions(int, long)}.
   */
  public static LadderView compute(
      Store store,
      Optional<Path> phasesFile,
      int bootstrap,
      long seed,
      Optional<List<ShareBucket>> shareOverTime) {
    requireNonNull(store, "store is null");
    requireNonNull(phasesFile, "phasesFile is null");
    Phases phases = phasesFile.map(Phases::read).orElseGet(Phases::defaults);
    List<YearMonth> months = LadderCommand.months(Indicators.monthsWithData(store), null, null);
    if (months.isEmpty()) {
      return new LadderView(phases, List.of(), List.of());
    }
    Map<YearMonth, List<Indicator>> indicators =
        new Indicators(bootstrap, seed).compute(store, months, shareOverTime);
    return new LadderView(
        phases,
        Ladder.evaluate(phases, indicators),
        IndicatorTrends.compute(indicators, bootstrap, seed));
  }

  /** The metrics options whose monthly share buckets the ladder's AI share indicator uses. */
  public static MetricsOptions shareOptions(int bootstrap, long seed) {
    return Indicators.shareOptions(bootstrap, seed);
  }

  /** Checks that {@code phasesFile} reads as a phases.toml, failing as {@code ladder} does. */
  public static void check(Path phasesFile) {
    Phases.read(phasesFile);
  }

  /** The phase ids and names, lowest first, as {@code P1 chatbots and copy/paste}. */
  public List<String> phaseNames() {
    return phases.phases().stream().map(p -> p.id() + " " + p.name()).toList();
  }

  /** Every month, oldest first. */
  public List<MonthRow> months() {
    List<MonthRow> rows = new ArrayList<>();
    for (MonthVerdict verdict : verdicts) {
      List<String> missing = new ArrayList<>();
      for (Check check : LadderCommand.shown(verdict, phases)) {
        String label =
            verdict.phase().map(check.phase()::equals).orElse(false)
                ? "failing for " + check.phase() + " (held)"
                : "missing for " + check.phase();
        missing.add(label + ": " + check.reason());
      }
      List<CheckRow> checks =
          verdict.checks().stream()
              .map(c ->
                  new CheckRow(
                      c.phase(),
                      c.threshold().indicator().name(),
                      c.threshold().op().symbol
                          + " "
                          + c.threshold().indicator().unit().format(c.threshold().value()),
                      c.threshold().source(),
                      c.passed(),
                      c.reason()))
              .toList();
      int rank = -1;
      for (int i = 0; i < phases.phases().size(); i++) {
        if (verdict.phase().map(phases.phases().get(i).id()::equals).orElse(false)) {
          rank = i;
        }
      }
      Optional<String> named = rank < 0 ? Optional.empty() : Optional.of(phaseNames().get(rank));
      List<IndicatorRow> indicators =
          verdict.indicators().stream().map(LadderView::indicatorRow).toList();
      rows.add(new MonthRow(verdict.month(), named, rank, missing, checks, indicators));
    }
    return List.copyOf(rows);
  }

  private static IndicatorRow indicatorRow(Indicator indicator) {
    Optional<Definition> definition = Definition.byId(indicator.id());
    String name = definition.map(Definition::name).orElse(indicator.id());
    Definition.Unit unit = definition.map(Definition::unit).orElse(Definition.Unit.NUMBER);
    String value;
    if (indicator.value().isEmpty()) {
      value = "unknown (" + indicator.note().orElse("not measured") + ")";
    } else {
      double v = indicator.value().getAsDouble();
      value =
          unit.format(v)
              + " ["
              + unit.bare(indicator.low().orElse(v))
              + "-"
              + unit.bare(indicator.high().orElse(v))
              + "]";
    }
    String coverage =
        indicator.coverage().isEmpty()
            ? "unknown"
            : Definition.Unit.SHARE.format(indicator.coverage().getAsDouble());
    return new IndicatorRow(indicator.id(), name, value, indicator.n(), coverage);
  }

  /** The latest month, if any. */
  public Optional<MonthRow> latest() {
    List<MonthRow> all = months();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
  }

  /** The object {@code loopwatch ladder --json} prints, for serializing with the same mapper. */
  public Object json() {
    return LadderJson.of(phases, verdicts, trends, List.of(), List.of());
  }
}
