package dev.loopwatch.app.ladder;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.ladder.Ladder.Check;
import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import dev.loopwatch.app.sessions.SessionDates;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loopwatch ladder}: the org's monthly indicators and the phase each month holds. */
@Command(
    name = "ladder",
    mixinStandardHelpOptions = true,
    subcommands = LadderAttestCommand.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Show the org's monthly AI R&D indicators and the phase P0-P4 each month holds.",
      "Indicators come from the store (AI share of merged lines, session autonomy and delegation,",
      "verified open-ended success, speedup, review catch rate), each with a 95%% interval, n and",
      "coverage. An indicator passes when its interval clears the phases.toml threshold and its",
      "coverage is high enough; a phase is entered after 2 passing months and left after 2 failing",
      "(see docs/LADDER.md). Every failing or unknown indicator is named; unmeasured is unknown."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch ladder --db lw.duckdb",
      "  loopwatch ladder --db lw.duckdb --since 2026-01-01 --until 2026-12-01",
      "  loopwatch ladder --db lw.duckdb --phases my-phases.toml --json > ladder.json",
      "  loopwatch ladder --db lw.duckdb --per-person --since 2026-11-01",
      "  loopwatch ladder --db lw.duckdb --per-team --config loopwatch.toml"
    })
public final class LadderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Mixin LadderOptions ladder;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Report months from the month of this date (default: the first with data).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Report months before this date (default: through the last with data).")
  String until;

  @Option(names = "--json", description = "Print every month's indicators and verdict as JSON.")
  boolean json;

  @Option(
      names = "--per-person",
      description =
          "Also show each engineer's adoption stage in the last month (an agent used on 2+ days"
              + " of the trailing 28).")
  boolean perPerson;

  @Option(
      names = "--per-team",
      description =
          "Also show each team's phase in the last month, from its AI share (teams: [report] teams"
              + " in loopwatch.toml, else CODEOWNERS).")
  boolean perTeam;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A loopwatch.toml to use instead of ~/.loopwatch/loopwatch.toml (its teams).")
  Path config;

  @Override
  public Integer call() {
    Indicators computation = ladder.indicators();
    LocalDate from = SessionDates.parse("--since", since);
    LocalDate to = SessionDates.parse("--until", until);
    if (from != null && to != null && !from.isBefore(to)) {
      throw LoopwatchException.userInput("--since " + from + " is not before --until " + to);
    }
    Phases phases = ladder.phases();
    Map<YearMonth, List<Indicator>> indicators;
    List<PersonAdoption.Person> people;
    Map<String, Map<YearMonth, List<Indicator>>> teams;
    try (Store opened = store.openReadOnly(List.of())) {
      List<YearMonth> months = months(Indicators.monthsWithData(opened), from, to);
      if (months.isEmpty()) {
        throw LoopwatchException.userInput(
            "store "
                + store.path()
                + " has no merged changes or sessions"
                + (from == null && to == null ? "" : " in the --since/--until window")
                + "; scan into it first (loopwatch scan REPO --db "
                + store.path()
                + ")");
      }
      indicators = computation.compute(opened, months);
      teams = perTeam ? computation.aiShareByTeam(opened, months, teams()) : Map.of();
      people =
          perPerson ? PersonAdoption.compute(opened, months.get(months.size() - 1)) : List.of();
    }
    List<MonthVerdict> verdicts = Ladder.evaluate(phases, indicators);
    List<IndicatorTrends.Trend> trends =
        IndicatorTrends.compute(indicators, ladder.bootstrap, ladder.seed);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(
          LadderJson.of(phases, verdicts, trends, people, TeamLadder.json(phases, teams)), out);
    } else {
      LadderText.print(phases, verdicts, trends, out);
      if (perTeam) {
        out.printf(
            "%nTeams in %s (only the AI share is known per team, so no team passes above it):%n",
            verdicts.get(verdicts.size() - 1).month());
        teams.forEach(
            (team, rows) -> out.printf("  %s%n", TeamLadder.describe(team, phases, rows)));
      }
      if (perPerson) {
        out.printf(
            "%nEngineers in the 28 days to %s (an agent counts when seen on 2+ days; evidence"
                + " from merged changes only):%n",
            verdicts.get(verdicts.size() - 1).month().atEndOfMonth());
        people.forEach(p -> out.printf("  %s%n", PersonAdoption.describe(p)));
      }
    }
    out.flush();
    return 0;
  }

  /**
   * The teams' path prefixes from {@code [report] teams}, read from --config or the usual files.
   */
  private Map<String, List<String>> teams() {
    Config loaded =
        config != null
            ? Config.loadFiles(List.of(config))
            : Config.load(UserHome.path(), Path.of("."));
    return loaded.section("report").stringLists("teams");
  }

  /** The consecutive months to report: the window given, else the months with data. */
  static List<YearMonth> months(List<YearMonth> withData, LocalDate from, LocalDate to) {
    Optional<YearMonth> first =
        from != null
            ? Optional.of(YearMonth.from(from))
            : withData.stream().filter(m -> to == null || m.atDay(1).isBefore(to)).findFirst();
    Optional<YearMonth> last =
        to != null
            ? Optional.of(YearMonth.from(to.minusDays(1)))
            : withData.stream()
                .filter(m -> from == null || !m.isBefore(YearMonth.from(from)))
                .reduce((a, b) -> b);
    List<YearMonth> months = new ArrayList<>();
    if (first.isEmpty() || last.isEmpty()) {
      return months;
    }
    if (from == null || to == null) {
      boolean any =
          withData.stream().anyMatch(m -> !m.isBefore(first.get()) && !m.isAfter(last.get()));
      if (!any) {
        return months;
      }
    }
    for (YearMonth month = first.get(); !month.isAfter(last.get()); month = month.plusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /** The failing checks of a month to show in text: phases above the one held, and the held one. */
  static List<Check> shown(MonthVerdict verdict, Phases phases) {
    List<Check> result = new ArrayList<>();
    boolean above = verdict.phase().isEmpty();
    for (Phases.Phase phase : phases.phases()) {
      boolean isHeld = verdict.phase().map(phase.id()::equals).orElse(false);
      if (above || isHeld) {
        result.addAll(verdict.failing(phase.id()));
      }
      above |= isHeld;
    }
    return result;
  }
}
