package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.ladder.Ladder.MonthVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase verdicts: gating by interval bound and coverage, hysteresis, highest phase wins. */
class LadderTest {
  static final String TWO_PHASES =
      """
      version = "test-1"
      [gate]
      min-coverage = 0.70
      unknown-coverage = "fail"
      enter-months = 2
      leave-months = 2
      [[phase]]
      id = "P1"
      name = "chat"
      [[phase.threshold]]
      indicator = "ai-share"
      op = ">="
      value = 0.05
      source = "test: P1"
      [[phase]]
      id = "P3"
      name = "delegate"
      [[phase.threshold]]
      indicator = "ai-share"
      op = ">="
      value = 0.80
      source = "test: P3 share"
      [[phase.threshold]]
      indicator = "human-turns-per-transcript"
      op = "<="
      value = 4
      source = "test: P3 turns"
      """;

  @TempDir Path temp;

  private Phases phases(String text) throws IOException {
    Path file = temp.resolve("phases.toml");
    Files.writeString(file, text);
    return Phases.read(file);
  }

  private static Indicator share(
      YearMonth month, double value, double low, double high, double cov) {
    return Indicator.measured(
        Definition.AI_SHARE,
        month,
        value,
        low,
        high,
        1000,
        OptionalDouble.of(cov),
        Optional.empty());
  }

  private static Indicator turns(YearMonth month, double value, double low, double high) {
    return Indicator.measured(
        Definition.HUMAN_TURNS,
        month,
        value,
        low,
        high,
        50,
        OptionalDouble.of(0.9),
        Optional.empty());
  }

  /** Months from 2026-01 with the given AI shares (tight interval, full coverage). */
  private static Map<YearMonth, List<Indicator>> shares(double... values) {
    Map<YearMonth, List<Indicator>> months = new TreeMap<>();
    YearMonth month = YearMonth.of(2026, 1);
    for (double value : values) {
      months.put(month, List.of(share(month, value, value - 0.01, value + 0.01, 1.0)));
      month = month.plusMonths(1);
    }
    return months;
  }

  private static List<String> phases(List<MonthVerdict> verdicts) {
    List<String> result = new ArrayList<>();
    verdicts.forEach(v -> result.add(v.phase().orElse("-")));
    return result;
  }

  @Test
  void evaluate_passPassFailPassFailFail_entersAfterTwoStaysThroughOneLeavesAfterTwo()
      throws IOException {
    List<MonthVerdict> verdicts =
        Ladder.evaluate(phases(TWO_PHASES), shares(0.10, 0.10, 0.01, 0.10, 0.01, 0.01, 0.10));

    assertThat(phases(verdicts)).containsExactly("-", "P1", "P1", "P1", "P1", "-", "-");
    assertThat(verdicts.get(2).passing()).containsEntry("P1", false);
    assertThat(verdicts.get(2).held()).containsEntry("P1", true);
  }

  @Test
  void evaluate_configuredOneMonthHysteresis_followsEachMonth() throws IOException {
    String text =
        TWO_PHASES
            .replace("enter-months = 2", "enter-months = 1")
            .replace("leave-months = 2", "leave-months = 1");
    List<MonthVerdict> verdicts = Ladder.evaluate(phases(text), shares(0.10, 0.01, 0.10));

    assertThat(phases(verdicts)).containsExactly("P1", "-", "P1");
  }

  @Test
  void evaluate_bothPhasesPass_highestPhaseWins() throws IOException {
    Map<YearMonth, List<Indicator>> months = new TreeMap<>();
    for (YearMonth month : List.of(YearMonth.of(2026, 1), YearMonth.of(2026, 2))) {
      months.put(month, List.of(share(month, 0.9, 0.85, 0.95, 0.9), turns(month, 2, 1, 3)));
    }
    List<MonthVerdict> verdicts = Ladder.evaluate(phases(TWO_PHASES), months);

    assertThat(phases(verdicts)).containsExactly("-", "P3");
    assertThat(verdicts.get(1).held()).containsEntry("P1", true).containsEntry("P3", true);
  }

  @Test
  void check_intervalStraddlesThreshold_fails() throws IOException {
    Phases phases = phases(TWO_PHASES);
    YearMonth month = YearMonth.of(2026, 1);
    Ladder.Check check =
        Ladder.check(
            "P3",
            phases.phases().get(1).thresholds().get(0),
            Optional.of(share(month, 0.82, 0.76, 0.88, 0.9)),
            phases.gate());

    assertThat(check.passed()).isFalse();
    assertThat(check.reason())
        .isEqualTo("AI share of merged lines 82% [76-88]: the interval straddles 80%");
  }

  @Test
  void check_upperBoundAboveAtMost_failsNamingValue() throws IOException {
    Phases phases = phases(TWO_PHASES);
    Ladder.Check check =
        Ladder.check(
            "P3",
            phases.phases().get(1).thresholds().get(1),
            Optional.of(turns(YearMonth.of(2026, 1), 6, 5, 7)),
            phases.gate());

    assertThat(check.passed()).isFalse();
    assertThat(check.reason()).isEqualTo("median human turns per transcript 6.0 [5.0-7.0] > 4.0");
  }

  @Test
  void check_delegatedShareBelow_reasonInTheIssueFormat() {
    Phases.Threshold threshold =
        new Phases.Threshold(Definition.DELEGATED, Phases.Op.AT_LEAST, 0.25, "essay");
    Indicator delegated =
        Indicator.measured(
            Definition.DELEGATED,
            YearMonth.of(2026, 1),
            0.12,
            0.09,
            0.15,
            40,
            OptionalDouble.of(1.0),
            Optional.empty());

    Ladder.Check check =
        Ladder.check(
            "P3", threshold, Optional.of(delegated), new Phases.Gate(0.7, false, false, 2, 2));

    assertThat(check.reason()).isEqualTo("delegated share 12% [9-15] < 25%");
  }

  @Test
  void check_unknownCoverage_failsUnlessConfiguredToPass() throws IOException {
    Indicator noCoverage =
        Indicator.measured(
            Definition.HUMAN_TURNS,
            YearMonth.of(2026, 1),
            2,
            1,
            3,
            10,
            OptionalDouble.empty(),
            Optional.empty());
    Phases failing = phases(TWO_PHASES);
    Phases.Threshold threshold = failing.phases().get(1).thresholds().get(1);

    Ladder.Check strict = Ladder.check("P3", threshold, Optional.of(noCoverage), failing.gate());
    Phases lenient = phases(TWO_PHASES.replace("\"fail\"", "\"pass\""));
    Ladder.Check passing = Ladder.check("P3", threshold, Optional.of(noCoverage), lenient.gate());

    assertThat(strict.passed()).isFalse();
    assertThat(strict.reason())
        .isEqualTo(
            "median human turns per transcript 2.0 [1.0-3.0], coverage unknown; needs <= 4.0");
    assertThat(passing.passed()).isTrue();
  }

  @Test
  void check_lowCoverageShareAtLeast_passesAsTheShareIsALowerBound() throws IOException {
    Phases phases = phases(TWO_PHASES);
    Ladder.Check check =
        Ladder.check(
            "P1",
            phases.phases().get(0).thresholds().get(0),
            Optional.of(share(YearMonth.of(2026, 1), 0.5, 0.45, 0.55, 0.4)),
            phases.gate());

    assertThat(check.passed()).isTrue();
    assertThat(check.reason()).isEqualTo("AI share of merged lines 50% [45-55] >= 5%");
  }

  @Test
  void check_lowCoverageShareAtMost_failsNamingCoverageUnlessUnattributedIsHuman()
      throws IOException {
    String atMost = TWO_PHASES.replace("op = \">=\"\nvalue = 0.05", "op = \"<=\"\nvalue = 0.05");
    Phases strict = phases(atMost);
    Phases asserted =
        phases(atMost.replace("[gate]\n", "[gate]\nunattributed-lines = \"human\"\n"));
    Indicator low = share(YearMonth.of(2026, 1), 0.02, 0.01, 0.03, 0.02);

    Ladder.Check unknown =
        Ladder.check(
            "P0", strict.phases().get(0).thresholds().get(0), Optional.of(low), strict.gate());
    Ladder.Check human =
        Ladder.check(
            "P0", asserted.phases().get(0).thresholds().get(0), Optional.of(low), asserted.gate());

    assertThat(strict.phases().get(0).thresholds().get(0).op()).isEqualTo(Phases.Op.AT_MOST);
    assertThat(unknown.passed()).isFalse();
    assertThat(unknown.reason()).endsWith("coverage 2% < 70%; needs <= 5%");
    assertThat(human.passed()).isTrue();
  }

  @Test
  void check_unknownIndicator_failsNamingWhy() throws IOException {
    Phases phases = phases(TWO_PHASES);
    Indicator unknown =
        Indicator.unknown(Definition.AI_SHARE, YearMonth.of(2026, 1), "no merged lines");
    Ladder.Check check =
        Ladder.check(
            "P1", phases.phases().get(0).thresholds().get(0), Optional.of(unknown), phases.gate());

    assertThat(check.passed()).isFalse();
    assertThat(check.reason())
        .isEqualTo("AI share of merged lines unknown (no merged lines), needs >= 5%");
  }
}
