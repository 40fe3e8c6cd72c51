package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Wilson;
import dev.loopwatch.git.metrics.ProvenanceMetrics;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indicator values with known answers from a real store filled row by row. */
class IndicatorsTest {
  private static final YearMonth DECEMBER = YearMonth.of(2025, 12);
  private static final YearMonth JANUARY = YearMonth.of(2026, 1);
  private static final YearMonth FEBRUARY = YearMonth.of(2026, 2);

  @TempDir Path temp;

  private static Indicator find(List<Indicator> row, String id) {
    return row.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  private Map<YearMonth, List<Indicator>> compute(LadderStoreFixture fixture) {
    return new Indicators(500, 42).compute(fixture.store, List.of(DECEMBER, JANUARY, FEBRUARY));
  }

  @Test
  void compute_mergedLines_aiShareIntervalResamplesChangesNotLines() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture.change("2026-01-05", 100, 90).change("2026-01-20", 100, 0);
      Map<YearMonth, List<Indicator>> result = compute(fixture);

      Indicator share = find(result.get(JANUARY), "ai-share");
      Bootstrap.Interval wilson = Wilson.interval(90, 200, 0.95);
      assertThat(share.value()).hasValue(0.45);
      // Two changes: resamples give 0, 0.45 or 0.9, far wider than Wilson's [0.38, 0.52].
      assertThat(share.low()).hasValue(0.0);
      assertThat(share.high()).hasValue(0.9);
      assertThat(wilson.high() - wilson.low()).isLessThan(0.15);
      assertThat(share.n()).isEqualTo(200);
      assertThat(share.coverage()).hasValue(0.5);
      assertThat(share.source()).isEqualTo("git_change_files");
      assertThat(share.version()).isEqualTo(2);
      assertThat(find(result.get(FEBRUARY), "ai-share").value()).isEmpty();
      assertThat(find(result.get(FEBRUARY), "ai-share").note()).hasValue("no merged lines");
    }
  }

  @Test
  void compute_shareFromAReportWithShareOptions_sameIndicatorsAsComputingIt() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          .change("2025-12-15", 40, 10)
          .change("2026-01-05", 100, 90)
          .change("2026-01-20", 80, 0);
      List<YearMonth> months = List.of(DECEMBER, JANUARY, FEBRUARY);
      List<ShareBucket> buckets =
          ProvenanceMetrics.compute(fixture.store, Set.of(), Indicators.shareOptions(500, 42))
              .shareOverTime();

      Map<YearMonth, List<Indicator>> reused =
          new Indicators(500, 42).compute(fixture.store, months, Optional.of(buckets));

      assertThat(reused).isEqualTo(compute(fixture));
      assertThat(find(reused.get(JANUARY), "ai-share").value()).hasValue(0.5);
    }
  }

  @Test
  void compute_oneChange_intervalIsWilsonOverLinesNotZeroWidth() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture.change("2026-01-05", 100, 50);

      Indicator share = find(compute(fixture).get(JANUARY), "ai-share");

      Bootstrap.Interval wilson = Wilson.interval(50, 100, 0.95);
      assertThat(share.low().getAsDouble()).isCloseTo(wilson.low(), within(1e-12));
      assertThat(share.high().getAsDouble()).isCloseTo(wilson.high(), within(1e-12));
    }
  }

  @Test
  void compute_sessionCoverage_shareOfEngineersWithAMatchedSession() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          .change("2026-01-05", 100, 90, "ada@example.com", true)
          .change("2026-01-06", 100, 0, "ada@example.com", false)
          .change("2026-01-07", 100, 0, "bob@example.com", false)
          .change("2026-01-08", 100, 0, "cy@example.com", false)
          .change("2026-01-09", 100, 0, "Dee@example.com", true)
          .change("2026-01-10", 100, 0, "dee@example.com", false)
          .session("a", "2026-01-03", 2, 20, 7200, 1000);

      List<Indicator> january = compute(fixture).get(JANUARY);

      // Ada and Dee (case folded) of four engineers have a change matched to a session.
      assertThat(find(january, "tool-calls-per-turn").coverage()).hasValue(0.5);
      assertThat(find(january, "human-turns-per-transcript").coverage()).hasValue(0.5);
      assertThat(find(january, "delegated-share").coverage()).hasValue(0.5);
      assertThat(find(january, "ai-share").coverage()).hasValue(1.0 / 6);
    }
  }

  @Test
  void personAdoption_agentsOnTwoDaysOfTheTrailing28_stagePerEngineer() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          // Ada: claude-code on two days in the window (one change session-matched): agent first.
          .change("2026-01-10", 100, 50, "ada@example.com", true)
          .change("2026-01-20", 100, 50, "ada@example.com", true)
          // Bob: one day only, and one day before the window (Jan 3 is outside Jan 4-31).
          .change("2026-01-03", 100, 50, "bob@example.com", true)
          .change("2026-01-25", 100, 50, "bob@example.com", true)
          // Cy: no evidence at all.
          .change("2026-01-26", 100, 0, "cy@example.com", false);

      List<PersonAdoption.Person> people = PersonAdoption.compute(fixture.store, JANUARY);

      assertThat(people)
          .extracting(PersonAdoption.Person::engineer)
          .containsExactly("ada@example.com", "bob@example.com", "cy@example.com");
      assertThat(people.get(0).stage()).isEqualTo(PersonAdoption.Stage.AGENT_FIRST);
      assertThat(people.get(0).daysByAgent()).containsEntry("claude-code", 2);
      assertThat(people.get(1).stage()).isEqualTo(PersonAdoption.Stage.NO_SURFACE);
      assertThat(people.get(1).changes()).isEqualTo(1);
      assertThat(PersonAdoption.describe(people.get(2)))
          .isEqualTo("cy@example.com: no agent surface (1 changes; no agent evidence)");
    }
  }

  @Test
  void compute_judgmentRuns_latestRunsBestCandidateUpToTheMonthsEnd() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          .change("2026-01-05", 100, 10)
          .judgment("2026-01-10", "small", 0.4, 0.3, 0.5)
          .judgment("2026-02-10", "large", 0.64, 0.55, 0.72);

      Map<YearMonth, List<Indicator>> result = compute(fixture);

      assertThat(find(result.get(DECEMBER), "judgment-win-rate").value()).isEmpty();
      Indicator january = find(result.get(JANUARY), "judgment-win-rate");
      assertThat(january.value()).hasValue(0.4);
      assertThat(january.note().orElseThrow())
          .startsWith("candidate small (model-x) on 2026-01-10");
      Indicator february = find(result.get(FEBRUARY), "judgment-win-rate");
      assertThat(february.value()).hasValue(0.64);
      assertThat(february.low()).hasValue(0.55);
      assertThat(february.n()).isEqualTo(40);
    }
  }

  @Test
  void compute_sessions_mediansDelegatedShareAndUnknownCoverage() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          .session("a", "2026-01-03", 2, 20, 7200, 1000)
          .subagent("a-sub", "a", "2026-01-03", 500)
          .session("b", "2026-01-04", 4, 8, 3600, 1000)
          .session("c", "2026-02-01", 1, 1, 60, 100);
      List<Indicator> january = compute(fixture).get(JANUARY);

      Indicator tools = find(january, "tool-calls-per-turn");
      assertThat(tools.value()).hasValue(6.0);
      assertThat(tools.n()).isEqualTo(2);
      assertThat(tools.low().getAsDouble()).isBetween(2.0, 6.0);
      assertThat(tools.high().getAsDouble()).isBetween(6.0, 10.0);
      assertThat(tools.coverage()).as("transcripts name no engineer").isEmpty();
      assertThat(find(january, "human-turns-per-transcript").value()).hasValue(3.0);
      assertThat(find(january, "longest-unattended-hours").value()).hasValue(1.5);
      assertThat(find(january, "delegated-share").value()).hasValue(0.25);
      assertThat(find(january, "delegated-share").n()).isEqualTo(2);
    }
  }

  @Test
  void compute_openEndedTasks_wilsonShareOfVerified() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          .session("a", "2026-01-03", 2, 20, 7200, 1000)
          .openEndedTask("a", 0, "2026-01-03", true)
          .openEndedTask("a", 1, "2026-01-03", true)
          .openEndedTask("a", 2, "2026-01-03", false);
      Indicator success = find(compute(fixture).get(JANUARY), "open-ended-success");

      Bootstrap.Interval wilson = Wilson.interval(2, 3, 0.95);
      assertThat(success.value().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
      assertThat(success.low().getAsDouble()).isCloseTo(wilson.low(), within(1e-12));
      assertThat(success.n()).isEqualTo(3);
    }
  }

  @Test
  void compute_gradingsAndRetro_latestUpToMonthEnd() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture
          .grading("g1", "2026-01-10", true, 5, 4.5, 5.5)
          .grading("g2", "2026-01-20", false, 9, 8, 10)
          .grading("g3", "2026-02-10", true, 3, 2.5, 3.5)
          .retro("2026-01-15", "claude", 0.6, 0.4, 0.8);
      Map<YearMonth, List<Indicator>> result = compute(fixture);

      assertThat(find(result.get(DECEMBER), "speedup").value()).isEmpty();
      Indicator january = find(result.get(JANUARY), "speedup");
      assertThat(january.value()).as("the rejected grading does not count").hasValue(5.0);
      assertThat(january.low()).hasValue(4.5);
      assertThat(january.note()).hasValue("task tiny on 2026-01-10");
      assertThat(find(result.get(FEBRUARY), "speedup").value()).hasValue(3.0);
      Indicator review = find(result.get(FEBRUARY), "review-catch-rate");
      assertThat(review.value()).as("best reviewer of the latest run").hasValue(0.6);
      assertThat(review.note())
          .hasValue(Optional.of("reviewer claude on repo on 2026-01-15").get());
      assertThat(find(result.get(DECEMBER), "review-catch-rate").value()).isEmpty();
    }
  }

  @Test
  void compute_unmeasuredIndicators_unknownNeverZero() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      Indicator horizon = find(compute(fixture).get(JANUARY), "p50-horizon-hours");
      assertThat(horizon.value()).isEmpty();
      assertThat(horizon.n()).isZero();
      assertThat(horizon.note()).hasValue("not measured by this version");
    }
  }

  @Test
  void monthsWithData_changesAndSessions_sortedDistinct() {
    try (LadderStoreFixture fixture = new LadderStoreFixture(temp.resolve("s.duckdb"))) {
      fixture.change("2026-02-05", 10, 0).session("a", "2025-12-03", 1, 1, 1, 1);
      assertThat(Indicators.monthsWithData(fixture.store)).containsExactly(DECEMBER, FEBRUARY);
    }
  }
}
