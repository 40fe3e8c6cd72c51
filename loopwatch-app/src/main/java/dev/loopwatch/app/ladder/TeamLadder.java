package dev.loopwatch.app.ladder;

import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each team's phase from the one indicator known per team, its AI share: the org's ladder and
 * hysteresis applied to the team's months, every other indicator unknown. So a team can hold P0 or
 * P1 at most until session data carries teams.
 */
final class TeamLadder {
  private TeamLadder() {}

  /**
   * One team's verdict in the last month.
   *
   * @param team the team (a configured team, a CODEOWNERS owner, or "(no owner)")
   * @param month the month
   * @param phase the highest phase held, empty when none is
   * @param aiShare the team's AI share indicator that month
   */
  record TeamVerdict(String team, YearMonth month, Optional<String> phase, Indicator aiShare) {}

  /** The last month's verdict of every team, by team. */
  static List<TeamVerdict> json(Phases phases, Map<String, Map<YearMonth, List<Indicator>>> teams) {
    List<TeamVerdict> result = new ArrayList<>();
    teams.forEach((team, rows) -> result.add(last(team, phases, rows)));
    return List.copyOf(result);
  }

  /** The text line of one team. */
  static String describe(String team, Phases phases, Map<YearMonth, List<Indicator>> rows) {
    TeamVerdict verdict = last(team, phases, rows);
    Indicator share = verdict.aiShare();
    String value =
        share.value().isPresent()
            ? String.format(
                Locale.ROOT,
                "AI share %.0f%% [%.0f-%.0f] of %d lines",
                100 * share.value().getAsDouble(),
                100 * share.low().getAsDouble(),
                100 * share.high().getAsDouble(),
                share.n())
            : "AI share unknown (" + share.note().orElse("no data") + ")";
    return team + ": " + verdict.phase().orElse("no phase held") + "; " + value;
  }

  private static TeamVerdict last(
      String team, Phases phases, Map<YearMonth, List<Indicator>> rows) {
    List<MonthVerdict> verdicts = Ladder.evaluate(phases, rows);
    MonthVerdict last = verdicts.get(verdicts.size() - 1);
    return new TeamVerdict(team, last.month(), last.phase(), last.indicators().get(0));
  }
}
