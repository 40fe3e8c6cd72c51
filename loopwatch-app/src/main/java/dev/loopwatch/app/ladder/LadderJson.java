package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON output of {@code loopwatch ladder}: the phases file's version and hash, the gate, the
 * indicator definitions, and per month the phase held, every check and every indicator.
 *
 * @param phasesVersion the phases.toml {@code version}
 * @param phasesSha256 the SHA-256 of the phases.toml bytes
 * @param phasesFile where the phases were read from
 * @param gate the gate settings
 * @param definitions every indicator definition, measured or not
 * @param months one entry per month, oldest first
 * @param trends each measured indicator's trend over the months (slope, broken-line test)
 * @param people with --per-person, each engineer's adoption stage in the last month; else empty
 * @param teams with --per-team, each team's verdict in the last month; else empty
 */
record LadderJson(
    String phasesVersion,
    String phasesSha256,
    String phasesFile,
    Phases.Gate gate,
    List<DefinitionJson> definitions,
    List<MonthJson> months,
    List<IndicatorTrends.Trend> trends,
    List<PersonAdoption.Person> people,
    List<TeamLadder.TeamVerdict> teams) {
  LadderJson {
    requireNonNull(phasesVersion, "phasesVersion is null");
    requireNonNull(phasesSha256, "phasesSha256 is null");
    requireNonNull(phasesFile, "phasesFile is null");
    requireNonNull(gate, "gate is null");
    definitions = List.copyOf(definitions);
    months = List.copyOf(months);
    trends = List.copyOf(trends);
    people = List.copyOf(people);
    teams = List.copyOf(teams);
  }

  /** One indicator definition. */
  record DefinitionJson(
      String id,
      String name,
      String unit,
      String source,
      int version,
      boolean coverageGated,
      boolean lowerBound,
      String interval,
      boolean measured) {}

  /** One threshold checked in one month. */
  record CheckJson(
      String phase,
      String indicator,
      String op,
      double threshold,
      String thresholdSource,
      boolean passed,
      String reason) {}

  /** One month's verdict. */
  record MonthJson(
      YearMonth month,
      Optional<String> phase,
      Map<String, Boolean> passing,
      Map<String, Boolean> held,
      List<CheckJson> checks,
      List<Indicator> indicators) {}

  static LadderJson of(
      Phases phases,
      List<MonthVerdict> verdicts,
      List<IndicatorTrends.Trend> trends,
      List<PersonAdoption.Person> people,
      List<TeamLadder.TeamVerdict> teams) {
    List<DefinitionJson> definitions =
        java.util.stream.Stream.concat(
                Definition.MEASURED.stream(), Definition.NOT_MEASURED.stream())
            .map(d ->
                new DefinitionJson(
                    d.id(),
                    d.name(),
                    d.unit().name().toLowerCase(java.util.Locale.ROOT),
                    d.source(),
                    d.version(),
                    d.coverageGated(),
                    d.lowerBound(),
                    d.interval(),
                    d.measured()))
            .toList();
    List<MonthJson> months =
        verdicts.stream()
            .map(v ->
                new MonthJson(
                    v.month(),
                    v.phase(),
                    v.passing(),
                    v.held(),
                    v.checks().stream()
                        .map(c ->
                            new CheckJson(
                                c.phase(),
                                c.threshold().indicator().id(),
                                c.threshold().op().symbol,
                                c.threshold().value(),
                                c.threshold().source(),
                                c.passed(),
                                c.reason()))
                        .toList(),
                    v.indicators()))
            .toList();
    return new LadderJson(
        phases.version(),
        phases.sha256(),
        phases.file(),
        phases.gate(),
        definitions,
        months,
        trends,
        people,
        teams);
  }
}
