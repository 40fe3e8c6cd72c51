package dev.loopwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.Attempt;
import dev.loopwatch.evals.speedup.Check;
import dev.loopwatch.evals.speedup.GradeReport;
import dev.loopwatch.evals.speedup.Speedup;
import dev.loopwatch.evals.speedup.SpeedupStore;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored gradings as a trend series ({@code speedup history --csv}) and as the report's speedup
 * section, drawn in headless Chromium.
 */
class SpeedupSectionBrowserTest {
  @TempDir Path temp;
  private Path db;

  private static GradeReport report(double baseline, double candidate, boolean accepted) {
    GradeReport.Usage none =
        new GradeReport.Usage(
            0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty());
    return new GradeReport(
        "tiny-lm",
        "/work/candidate",
        false,
        true,
        List.of(new GradeReport.SeedVerdict(11, true, "")),
        Optional.of(
            Speedup.of(
                new double[] {baseline, baseline, baseline},
                new double[] {candidate, candidate, candidate})),
        Optional.empty(),
        OptionalDouble.empty(),
        none,
        none,
        List.of(
            new Check("builds", Check.Verdict.PASS, "ok"),
            new Check(
                "diff_scan",
                accepted ? Check.Verdict.PASS : Check.Verdict.FAIL,
                accepted ? "clean" : "patches the clock")),
        accepted,
        List.of(),
        List.of());
  }

  @BeforeEach
  void gradings() {
    db = temp.resolve("store.duckdb");
    try (Store store = Store.open(db, List.of(SpeedupStore.PART))) {
      SpeedupStore.recordAttempt(
          store,
          new Attempt.Result(temp, 0, false, 60, List.of(), report(8, 2, true)),
          "agent-cli --go",
          Optional.of("model-a"),
          Instant.parse("2026-03-01T10:00:00Z"));
      SpeedupStore.recordGrading(store, report(8, 1, false), Instant.parse("2026-04-01T10:00:00Z"));
      SpeedupStore.recordGrading(store, report(9, 1, true), Instant.parse("2026-05-01T10:00:00Z"));
    }
  }

  @Test
  void history_csv_acceptedGradingsAsTrendSeries() {
    CliRun run = CliRun.run("speedup", "history", "--store", db.toString(), "--csv");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "date,value,group,task,low,high,score,verdict\n"
                + "2026-03-01,4.0000,model-a,tiny-lm,4.0000,4.0000,,accepted\n"
                + "2026-05-01,9.0000,/work/candidate,tiny-lm,9.0000,9.0000,,accepted\n");
  }

  @Test
  void history_noStore_usageError() {
    CliRun run =
        CliRun.run("speedup", "history", "--store", temp.resolve("none.duckdb").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no store at");
  }

  @Test
  void report_jsonAndCsv_listEveryGradingWithItsVerdict() throws Exception {
    List<SpeedupStore.HistoryRow> rows;
    try (Store store = Store.open(db, List.of(SpeedupStore.PART))) {
      rows = SpeedupStore.history(store);
    }
    ReportSections sections =
        new ReportSections(Optional.empty(), RetroRun.none(), rows, Optional.empty());
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StringWriter csv = new StringWriter();

    JsonReport.write(ReportFixtures.small(), sections, json);
    CsvReport.write(ReportFixtures.small(), sections, csv);

    JsonNode speedup = new ObjectMapper().readTree(json.toByteArray()).path("speedup");
    assertThat(speedup).hasSize(3);
    assertThat(speedup.get(1).path("accepted").asBoolean()).isFalse();
    assertThat(speedup.get(2).path("median").asDouble()).isEqualTo(9.0);
    assertThat(csv.toString())
        .contains("speedup,2026-03-01T10:00:00Z,accepted:tiny-lm:model-a,true\r\n")
        .contains("speedup,2026-04-01T10:00:00Z,accepted:tiny-lm:/work/candidate,false\r\n")
        .contains("speedup,2026-05-01T10:00:00Z,median:tiny-lm:/work/candidate,9\r\n");
  }

  @Test
  void report_speedupSection_drawsAcceptedGradingsInChromium() throws Exception {
    List<SpeedupStore.HistoryRow> rows;
    try (Store store = Store.open(db, List.of(SpeedupStore.PART))) {
      rows = SpeedupStore.history(store);
    }
    String page =
        HtmlReport.render(
            ReportFixtures.realistic(),
            new ReportSections(Optional.empty(), RetroRun.none(), rows, Optional.empty()));

    String dom = new HeadlessChromium(temp).dumpDom(page);

    assertThat(HeadlessChromium.bodyAttribute(dom, "data-speedup-charts-expected")).isEqualTo("1");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-speedup-charts-rendered")).isEqualTo("1");
    assertThat(dom)
        .contains("<h2>Speedup task</h2>")
        .contains("<td>model-a</td><td>hidden</td><td>accepted</td><td>4.00x [4.00–4.00]</td>")
        .contains("<td>rejected</td><td>8.00x [8.00–8.00]</td><td>-</td><td>diff_scan fail</td>")
        .doesNotContain("<div class=\"js-error\"");
  }
}
