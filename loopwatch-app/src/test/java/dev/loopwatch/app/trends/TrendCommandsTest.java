package dev.loopwatch.app.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch horizon} and {@code loopwatch trend} on small generated files. */
class TrendCommandsTest {
  @TempDir Path temp;
  private Path runs;
  private Path dates;
  private Path series;

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @BeforeEach
  void files() throws IOException {
    runs = temp.resolve("runs.csv");
    StringBuilder csv =
        new StringBuilder("alias,task_id,task_family,task_source,human_minutes,score_binarized\n");
    double[] minutes = {1, 2, 16, 32};
    // Successes per task (of two runs) for each agent.
    String[][] agents = {
      {"alpha", "2,2,0,0"},
      {"beta", "2,2,2,0"},
      {"gamma", "0,0,0,0"},
      {"delta", "2,2,2,2"},
      {"omega", "2,1,1,0"}
    };
    for (String[] agent : agents) {
      String[] successes = agent[1].split(",");
      for (int t = 0; t < 4; t++) {
        for (int r = 0; r < 2; r++) {
          int score = r < Integer.parseInt(successes[t]) ? 1 : 0;
          csv.append(agent[0])
              .append(",t")
              .append(t)
              .append(",f")
              .append(t)
              .append(t == 3 ? ",RE-Bench," : ",HCAST,")
              .append(minutes[t])
              .append(',')
              .append(score)
              .append('\n');
        }
      }
    }
    Files.writeString(runs, csv);
    dates = temp.resolve("release_dates.yaml");
    Files.writeString(
        dates,
        "date:\n  alpha: 2023-01-01\n  beta: 2024-01-01\n  gamma: 2022-06-01\n"
            + "  delta: 2024-06-01\n");
    series = temp.resolve("series.csv");
    StringBuilder points = new StringBuilder("date,value\n");
    LocalDate start = LocalDate.of(2020, 1, 1);
    for (int day = 0; day <= 6 * 365; day += 30) {
      double ln =
          Math.log(10)
              + Math.log(2) * Math.min(day, 1096) / 200
              + Math.log(2) * Math.max(0, day - 1096) / 100;
      points.append(start.plusDays(day)).append(',').append(Math.exp(ln)).append('\n');
    }
    Files.writeString(series, points);
  }

  @Test
  void horizon_tinyDataset_printsExactTable() {
    CliRun result =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--bootstrap", "0");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "agent  released      runs     p50 min  p50 95% CI                 p80 min  p80 95% CI",
            "alpha  2023-01-01       8        5.66  -                             2.75  -",
            "beta   2024-01-01       8        23.4  -                             9.97  -",
            "delta  2024-06-01       8   unbounded  -                        unbounded  -",
            "gamma  2022-06-01       8           0  -                                0  -",
            "omega  -                8        5.66  -                             1.18  -",
            "",
            "doubling time (p50 frontier):",
            "  all data: 43.5 days",
            "    frontier: gamma, alpha, beta",
            "    floored to 0.001 minutes: gamma",
            // ln 2 / (ln(23.4 / 2^2.5) / 365 days): alpha and beta are that window's frontier.
            "  from 2023-01-01: 178.4 days",
            "    frontier: alpha, beta",
            "  from 2024-01-01: skipped, fewer than 2 frontier release dates (beta)");
    assertThat(result.err().lines())
        .containsExactly(
            "warning: no release date for omega; excluded from the trend",
            "warning: every run succeeded for delta; horizon unbounded, excluded from the trend");
  }

  /** The fixture plus a rising agent (rho: succeeds only on the longest task) and a flat one. */
  private Path risingAndFlat() throws IOException {
    Path file = temp.resolve("rising.csv");
    StringBuilder csv = new StringBuilder(Files.readString(runs));
    csv.append("rho,t0,f0,HCAST,1.0,0\nrho,t0,f0,HCAST,1.0,0\n")
        .append("rho,t1,f1,HCAST,2.0,0\nrho,t1,f1,HCAST,2.0,0\n")
        .append("rho,t2,f2,HCAST,16.0,0\nrho,t2,f2,HCAST,16.0,0\n")
        .append("rho,t3,f3,RE-Bench,32.0,1\nrho,t3,f3,RE-Bench,32.0,0\n")
        .append("phi,t0,f0,HCAST,1.0,1\nphi,t0,f0,HCAST,1.0,0\n");
    Files.writeString(file, csv);
    Files.writeString(dates, Files.readString(dates) + "  rho: 2025-01-01\n  phi: 2024-03-01\n");
    return file;
  }

  @Test
  void horizon_risingAndFlatCurves_warnedAndExcludedFromTrend() throws IOException {
    Path file = risingAndFlat();
    CliRun result =
        run("horizon", file.toString(), "--release-dates", dates.toString(), "--bootstrap", "0");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err().lines())
        .contains(
            "warning: the fitted success curve of phi is flat (success does not change with task"
                + " length); no horizon, excluded from the trend",
            "warning: success rises with task length for rho (slope > 0), so its horizon is not"
                + " a horizon; excluded from the doubling fit (--include-rising keeps it)")
        .noneMatch(line -> line.contains("every run succeeded for phi"));
    assertThat(result.out()).contains("  from 2023-01-01: 178.4 days");
    assertThat(result.out().lines().filter(l -> l.startsWith("phi")).findFirst())
        .hasValueSatisfying(l -> assertThat(l).contains(" flat ").doesNotContain("unbounded"));
    assertThat(result.out())
        .contains("rising curve, excluded from the doubling fit: rho (--include-rising keeps it)")
        .contains("flat curve, no horizon: phi");

    CliRun json =
        run(
            "horizon",
            file.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--json");
    JsonNode report = Json.mapper().readTree(json.out());
    assertThat(report.at("/rising").toString()).isEqualTo("[\"rho\"]");
    assertThat(report.at("/flat").toString()).isEqualTo("[\"phi\"]");
    assertThat(report.at("/unbounded").toString()).isEqualTo("[\"delta\"]");
    assertThat(report.at("/includeRising").asBoolean()).isFalse();
    assertThat(report.at("/agents/5/agent").asText()).isEqualTo("phi");
    assertThat(report.at("/agents/5/status").asText()).isEqualTo("flat");
    assertThat(report.at("/agents/6/status").asText()).isEqualTo("rising");

    CliRun included =
        run(
            "horizon",
            file.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--include-rising");
    assertThat(included.code()).as(included.err()).isZero();
    assertThat(included.out()).contains("    frontier: alpha, beta, rho");
    assertThat(included.out()).contains("rising curve, kept in the doubling fit: rho");
  }

  @Test
  void horizon_flooredFrontierAgent_pointInsideItsInterval() throws IOException {
    // gamma failed every run: 0 minutes, raised to 0.001 in the point fit. Its bootstrap samples
    // must be raised the same way, not dropped, or the interval misses the point estimate.
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "200",
            "--json");
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode all = Json.mapper().readTree(result.out()).at("/doublingTimes/0/doublingTime");
    assertThat(all.at("/frontier").toString()).isEqualTo("[\"gamma\",\"alpha\",\"beta\"]");
    double days = all.at("/days").asDouble();
    assertThat(all.at("/interval/low").asDouble()).isLessThanOrEqualTo(days);
    assertThat(all.at("/interval/high").asDouble()).isGreaterThanOrEqualTo(days);
    assertThat(all.at("/floored").toString()).isEqualTo("[\"gamma\"]");
    CliRun text =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--bootstrap", "0");
    assertThat(text.out()).contains("    floored to 0.001 minutes: gamma");
  }

  @Test
  void horizon_p50FarBelowShortestTask_warns() throws IOException {
    Path file = temp.resolve("short.csv");
    // kappa succeeds on half its 1-minute runs and fails at 2, 16 and 32 minutes: its p50 is
    // extrapolated well below its shortest task.
    StringBuilder csv = new StringBuilder(Files.readString(runs));
    for (String row :
        new String[] {
          "t0,f0,HCAST,1.0,1",
          "t0,f0,HCAST,1.0,0",
          "t0,f0,HCAST,1.0,0",
          "t0,f0,HCAST,1.0,0",
          "t1,f1,HCAST,2.0,0",
          "t1,f1,HCAST,2.0,0",
          "t2,f2,HCAST,16.0,0",
          "t3,f3,RE-Bench,32.0,0"
        }) {
      csv.append("kappa,").append(row).append('\n');
    }
    Files.writeString(file, csv);
    CliRun result =
        run(
            "horizon",
            file.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--json");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .containsPattern(
            "warning: p50 of kappa \\(0\\.\\d+ min\\) is extrapolated below a quarter of its"
                + " shortest task \\(1 min\\)");
    assertThat(Json.mapper().readTree(result.out()).at("/extrapolated").toString())
        .isEqualTo("[\"kappa\"]");
  }

  @Test
  void horizon_bootstrap_printsIntervals() {
    CliRun result =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--bootstrap", "40");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out().lines().filter(line -> line.startsWith("alpha")).findFirst())
        .hasValueSatisfying(
            line -> assertThat(line).matches("alpha .* 5\\.66  \\[[0-9.]+, [0-9.]+\\] .*"));
    assertThat(result.out()).containsPattern("  all data: 43\\.5 days, 95% CI \\[");
  }

  @Test
  void horizon_json_hasStableFields() throws IOException {
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "30",
            "--seed",
            "3",
            "--json");
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode json = Json.mapper().readTree(result.out());
    assertThat(json.at("/agents/0/agent").asText()).isEqualTo("alpha");
    assertThat(json.at("/agents/0/released").asText()).isEqualTo("2023-01-01");
    assertThat(json.at("/agents/0/runs").asInt()).isEqualTo(8);
    assertThat(json.at("/agents/0/status").asText()).isEqualTo("fitted");
    assertThat(json.at("/agents/0/horizons/0/percent").asInt()).isEqualTo(50);
    // Symmetric successes at 1 and 2 minutes, failures at 16 and 32: p50 at 2^2.5 minutes.
    assertThat(json.at("/agents/0/horizons/0/minutes").asDouble())
        .isCloseTo(Math.pow(2, 2.5), within(1e-6));
    assertThat(json.at("/agents/0/horizons/0/interval/samples").asInt()).isPositive();
    assertThat(json.at("/agents/1/horizons/0/percent").asInt()).isEqualTo(50);
    assertThat(json.at("/agents/2/status").asText()).isEqualTo("all_succeeded");
    assertThat(json.at("/agents/2/horizons/0/minutes").isNull()).isTrue();
    assertThat(json.at("/agents/3/status").asText()).isEqualTo("all_failed");
    assertThat(json.at("/agents/3/horizons/0/minutes").asDouble()).isZero();
    assertThat(json.at("/agents/4/released").isNull()).isTrue();
    assertThat(json.at("/undated").toString()).isEqualTo("[\"omega\"]");
    assertThat(json.at("/unbounded").toString()).isEqualTo("[\"delta\"]");
    assertThat(json.at("/doublingTimes/0/label").asText()).isEqualTo("all data");
    assertThat(json.at("/doublingTimes/0/after").isNull()).isTrue();
    assertThat(json.at("/doublingTimes/0/before").asText()).isEqualTo("2030-01-01");
    assertThat(json.at("/doublingTimes/0/doublingTime/frontier").toString())
        .isEqualTo("[\"gamma\",\"alpha\",\"beta\"]");
    assertThat(json.at("/doublingTimes/0/doublingTime/days").asDouble()).isBetween(43.45, 43.55);
    assertThat(json.at("/doublingTimes/1/after").asText()).isEqualTo("2023-01-01");
    assertThat(json.at("/doublingTimes/1/doublingTime/frontier").toString())
        .isEqualTo("[\"alpha\",\"beta\"]");
    assertThat(json.at("/doublingTimes/2/label").asText()).isEqualTo("from 2024-01-01");
    assertThat(json.at("/doublingTimes/2/doublingTime").isNull()).isTrue();
    assertThat(json.at("/doublingTimes/2/skipped").asText())
        .isEqualTo("fewer than 2 frontier release dates (beta)");
    assertThat(json.at("/bootstrap").asInt()).isEqualTo(30);
    assertThat(json.at("/seed").asLong()).isEqualTo(3);
    CliRun again =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "30",
            "--seed",
            "3",
            "--json");
    assertThat(again.out()).isEqualTo(result.out());
  }

  @Test
  void horizon_afterAndBefore_reportsOnlyThatWindow() {
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--after",
            "2022-01-01",
            "--before",
            "2023-06-01");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out().lines().dropWhile(line -> !line.startsWith("doubling")))
        .containsExactly(
            "doubling time (p50 frontier):",
            // gamma's 0 minutes floored to 1e-3: 214 days * ln 2 / ln(2^2.5 / 1e-3).
            "  from 2022-01-01 before 2023-06-01: 17.2 days",
            "    frontier: gamma, alpha",
            "    floored to 0.001 minutes: gamma");
  }

  @Test
  void horizon_after_windowWithOneDateIsSkipped() {
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--after",
            "2025-01-01",
            "--json");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("\"label\" : \"from 2025-01-01\"")
        .contains("\"skipped\" : \"fewer than 2 frontier release dates (no agents)\"");
  }

  @Test
  void horizon_excludeSource_dropsItsRuns() {
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--exclude-source",
            "RE-Bench");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("alpha  2023-01-01       6");
  }

  @Test
  void horizon_unknownExcludeSource_exitsTwoWithOneLine() {
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--exclude-source",
            "SWAA");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("loopwatch: no runs have the excluded task source(s) SWAA");
  }

  @Test
  void horizon_scoreColumn_fitsEarly2025ScoreAsContinuous() throws IOException {
    // METR's Jan-2025 all_runs.jsonl holds the continuous score in 'score', not 'score_cont'.
    Path jan2025 = temp.resolve("all_runs.csv");
    Files.writeString(
        jan2025,
        Files.readString(runs)
            .replace("task_source,", "")
            .replace(",HCAST,", ",")
            .replace(",RE-Bench,", ",")
            .replace("score_binarized", "score"));
    CliRun missing =
        run(
            "horizon",
            jan2025.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--continuous-scores");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().lines())
        .containsExactly(
            "loopwatch: "
                + jan2025
                + ":2: missing field score_cont (choose the column with --score-column)");
    CliRun named =
        run(
            "horizon",
            jan2025.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "0",
            "--continuous-scores",
            "--score-column",
            "score");
    assertThat(named.code()).as(named.err()).isZero();
    assertThat(named.out()).contains("alpha  2023-01-01       8        5.66");
  }

  @Test
  void horizon_scoreColumnNotInHeader_exitsTwoNamingIt() {
    CliRun result =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--score-column",
            "score_cont");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "loopwatch: "
                + runs
                + ":2: missing field score_cont (choose the column"
                + " with --score-column)");
  }

  @Test
  void horizon_excludeSourceWithoutTaskSourceColumn_saysTheColumnIsMissing() throws IOException {
    Path jan2025 = temp.resolve("all_runs.csv");
    Files.writeString(
        jan2025,
        Files.readString(runs)
            .replace("task_source,", "")
            .replace(",HCAST,", ",")
            .replace(",RE-Bench,", ","));
    CliRun result =
        run(
            "horizon",
            jan2025.toString(),
            "--release-dates",
            dates.toString(),
            "--exclude-source",
            "SWAA");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "loopwatch: "
                + jan2025
                + " has no task_source column, which --exclude-source needs (METR's early-2025"
                + " run files have none)");
  }

  @Test
  void horizon_missingInputFiles_exitTwo() {
    Path absent = temp.resolve("absent.jsonl");
    CliRun noRuns = run("horizon", absent.toString(), "--release-dates", dates.toString());
    assertThat(noRuns.code()).isEqualTo(2);
    assertThat(noRuns.err().lines())
        .containsExactly("loopwatch: run file " + absent + " does not exist");
    CliRun noDates = run("horizon", runs.toString(), "--release-dates", absent.toString());
    assertThat(noDates.code()).isEqualTo(2);
    assertThat(noDates.err().lines())
        .containsExactly("loopwatch: release dates file " + absent + " does not exist");
    CliRun noSeries = run("trend", absent.toString());
    assertThat(noSeries.code()).isEqualTo(2);
    assertThat(noSeries.err().lines())
        .containsExactly("loopwatch: series file " + absent + " does not exist");
  }

  @Test
  void horizon_missingColumn_exitsTwoNamingFileAndLine() throws IOException {
    Path bad = temp.resolve("bad.csv");
    Files.writeString(bad, "alias,task_id,task_family,score_binarized\na,t,f,1\n");
    CliRun result = run("horizon", bad.toString(), "--release-dates", dates.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("loopwatch: " + bad + ":2: missing field human_minutes");
  }

  @Test
  void horizon_nonNumericMinutes_exitsTwoNamingFileAndLine() throws IOException {
    Path bad = temp.resolve("bad.jsonl");
    Files.writeString(
        bad,
        "{\"alias\":\"a\",\"task_id\":\"t\",\"task_family\":\"f\",\"human_minutes\":1,\"score\":1}\n"
            + "{\"alias\":\"a\",\"task_id\":\"t\",\"task_family\":\"f\",\"human_minutes\":\"ten\",\"score\":1}\n");
    CliRun result = run("horizon", bad.toString(), "--release-dates", dates.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("loopwatch: " + bad + ":2: human_minutes is not a number: ten");
  }

  @Test
  void horizon_successWithoutFifty_exitsTwo() {
    CliRun result =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--success", "80");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "loopwatch: --success must include 50: the doubling time uses the p50 horizons");
  }

  @Test
  void trend_exactBrokenSeries_printsFitsVerdictAndProjections() {
    CliRun result = run("trend", series.toString(), "--log", "--bootstrap", "50");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out().lines())
        .startsWith(
            "series: 74 points, 2020-01-01..2025-12-30, fitted as ln(value)",
            "single line: 1.8979 per year (doubling every 133.4 days)",
            "broken line (continuous, searched breakpoint 2023-01-01):",
            "  before: 1.2659 per year (doubling every 200.0 days)",
            "  after:  2.5317 per year (doubling every 100.0 days)",
            "slope ratio (after/before): 2.00, 95% CI [2.00, 2.00] (50 resamples)")
        .contains(
            "verdict: accelerated",
            "  target (minutes)  single line                           broken line",
            "               480  2022-07-14 [2022-06-27, 2022-08-12]   2023-01-11 [2023-01-11,"
                + " 2023-01-11]");
  }

  @Test
  void trend_projections_nameTheirUnit() throws IOException {
    CliRun minutes = run("trend", series.toString(), "--log", "--bootstrap", "0");
    assertThat(minutes.code()).as(minutes.err()).isZero();
    assertThat(minutes.out())
        .contains("projections (date the trend reaches each target, in minutes; 95% CI):")
        .contains("target (minutes)");
    CliRun eci =
        run("trend", series.toString(), "--bootstrap", "0", "--unit", "ECI", "--target", "150");
    assertThat(eci.code()).as(eci.err()).isZero();
    assertThat(eci.out()).contains("in ECI;").contains("target (ECI)");
    CliRun json = run("trend", series.toString(), "--bootstrap", "0", "--unit", "ECI", "--json");
    assertThat(Json.mapper().readTree(json.out()).at("/unit").asText()).isEqualTo("ECI");
  }

  @Test
  void trend_json_hasVerdictBreakpointAndProjections() throws IOException {
    CliRun result =
        run(
            "trend",
            series.toString(),
            "--log",
            "--bootstrap",
            "20",
            "--breakpoint",
            "2023-01-01",
            "--json");
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode json = Json.mapper().readTree(result.out());
    assertThat(json.at("/breakpoint").asText()).isEqualTo("2023-01-01");
    assertThat(json.at("/searched").asBoolean()).isFalse();
    assertThat(json.at("/result/verdict").asText()).isEqualTo("ACCELERATED");
    assertThat(json.at("/result/points").asInt()).isEqualTo(74);
    assertThat(json.at("/result/slopeRatio").asDouble()).isBetween(1.999999, 2.000001);
    assertThat(json.at("/result/ratioInterval/samples").asInt()).isEqualTo(20);
    assertThat(json.at("/result/projections/0/target").asDouble()).isEqualTo(480);
    assertThat(json.at("/result/projections/0/broken").asText()).isEqualTo("2023-01-11");
    assertThat(json.at("/result/comparison/singleBic").isNumber()).isTrue();
  }

  @Test
  void trend_breakpointOutsideRange_exitsTwoWithOneLine() {
    CliRun result = run("trend", series.toString(), "--breakpoint", "2019-06-01");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly(
            "loopwatch: breakpoint 2019-06-01 is outside the data range 2020-01-01..2025-12-30;"
                + " it must fall after the first date and before the last");
  }

  @Test
  void trend_missingValueColumn_exitsTwoNamingFileAndLine() throws IOException {
    Path bad = temp.resolve("bad-series.csv");
    Files.writeString(bad, "date,score\n2024-01-01,1\n");
    CliRun result = run("trend", bad.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines())
        .containsExactly("loopwatch: " + bad + ":1: missing column value (header: date,score)");
  }

  @Test
  void trend_fixedAndSearched_isAUsageError() {
    CliRun result =
        run("trend", series.toString(), "--breakpoint", "2023-01-01", "--search-breakpoint");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("mutually exclusive");
  }

  private com.fasterxml.jackson.databind.JsonNode agents(String... extra) throws IOException {
    return agents(runs, extra);
  }

  private com.fasterxml.jackson.databind.JsonNode agents(Path file, String... extra)
      throws IOException {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "horizon", file.toString(), "--release-dates", dates.toString(), "--json"));
    args.addAll(java.util.List.of(extra));
    CliRun result = run(args.toArray(String[]::new));
    assertThat(result.code()).as(result.err()).isZero();
    return dev.loopwatch.app.cli.Json.mapper().readTree(result.out()).get("agents");
  }

  /**
   * The fixture's runs with a weight column: 1/8 per run, or 2/8 on task t3 and 0.5/8 elsewhere.
   */
  private Path withWeightColumn(boolean skewed) throws IOException {
    java.util.List<String> lines = Files.readAllLines(runs);
    StringBuilder csv = new StringBuilder(lines.getFirst()).append(",invsqrt_task_weight\n");
    for (String line : lines.subList(1, lines.size())) {
      double weight = !skewed ? 1.0 / 8 : line.contains(",t3,") ? 2.0 / 8 : 0.5 / 8;
      csv.append(line).append(',').append(weight).append('\n');
    }
    Path weighted = temp.resolve(skewed ? "skewed.csv" : "weighted.csv");
    Files.writeString(weighted, csv);
    return weighted;
  }

  @Test
  void horizon_equalWeighting_sameAsInvsqrtWhenEveryFamilyHasOneTask() throws IOException {
    assertThat(agents("--weighting", "equal")).isEqualTo(agents());
  }

  @Test
  void horizon_fileWeights_usedWhenAskedFor() throws IOException {
    com.fasterxml.jackson.databind.JsonNode computed = agents();
    assertThat(agents(withWeightColumn(false), "--file-weights")).isEqualTo(computed);
    Path skewed = withWeightColumn(true);
    assertThat(agents(skewed, "--file-weights")).isNotEqualTo(computed);
    assertThat(agents(skewed)).isEqualTo(computed);
  }

  @Test
  void horizon_weightFlags_badUseExitsTwo() {
    CliRun bogus =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--weighting", "x");
    assertThat(bogus.code()).isEqualTo(2);
    assertThat(bogus.err()).contains("--weighting must be invsqrt or equal, got 'x'");
    CliRun missing =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--file-weights");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("has no invsqrt_task_weight");
    CliRun excluded =
        run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--file-weights",
            "--exclude-source",
            "HCAST");
    assertThat(excluded.code()).isEqualTo(2);
    assertThat(excluded.err()).contains("--file-weights cannot be used with --exclude-source");
  }

  @Test
  void horizon_continuousScores_fitsScoreCont() throws IOException {
    java.util.List<String> lines = Files.readAllLines(runs);
    StringBuilder same = new StringBuilder(lines.getFirst()).append(",score_cont\n");
    StringBuilder halved = new StringBuilder(lines.getFirst()).append(",score_cont\n");
    for (String line : lines.subList(1, lines.size())) {
      String score = line.substring(line.lastIndexOf(',') + 1);
      same.append(line).append(',').append(score).append('\n');
      halved.append(line).append(',').append(Double.parseDouble(score) / 2).append('\n');
    }
    Path sameFile = temp.resolve("same.csv");
    Path halvedFile = temp.resolve("halved.csv");
    Files.writeString(sameFile, same);
    Files.writeString(halvedFile, halved);
    com.fasterxml.jackson.databind.JsonNode binary = agents();
    assertThat(agents(sameFile, "--continuous-scores")).isEqualTo(binary);
    assertThat(agents(halvedFile, "--continuous-scores")).isNotEqualTo(binary);
    CliRun missing =
        run("horizon", runs.toString(), "--release-dates", dates.toString(), "--continuous-scores");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains(runs + ":2: missing field score_cont");
  }

  @Test
  void trend_breakpointNamesModel_usesItsReleaseDate() throws IOException {
    Path releases = temp.resolve("models.yaml");
    Files.writeString(releases, "model-x: 2023-01-01\n");
    CliRun byModel =
        run(
            "trend",
            series.toString(),
            "--log",
            "--bootstrap",
            "0",
            "--breakpoint",
            "model-x",
            "--release-dates",
            releases.toString(),
            "--json");
    assertThat(byModel.code()).as(byModel.err()).isZero();
    assertThat(Json.mapper().readTree(byModel.out()).at("/breakpoint").asText())
        .isEqualTo("2023-01-01");
    CliRun unknown =
        run(
            "trend",
            series.toString(),
            "--breakpoint",
            "model-y",
            "--release-dates",
            releases.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("model 'model-y' has no release date in");
    CliRun noDates = run("trend", series.toString(), "--breakpoint", "model-x");
    assertThat(noDates.code()).isEqualTo(2);
    assertThat(noDates.err()).contains("to name a model, give --release-dates");
  }
}
