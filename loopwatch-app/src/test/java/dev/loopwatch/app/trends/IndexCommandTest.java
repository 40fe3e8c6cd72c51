package dev.loopwatch.app.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.app.cli.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch index} end to end on scores drawn from the item-response model. */
class IndexCommandTest {
  private static final int MODELS = 30;

  @TempDir Path temp;
  private Path scores;

  @BeforeEach
  void scores() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    int benchmarks = 8;
    double[] difficulty = new double[benchmarks];
    double[] discriminability = new double[benchmarks];
    for (int b = 1; b < benchmarks; b++) {
      difficulty[b] = -1 + 3 * random.nextDouble();
      discriminability[b] = 0.7 + 2 * random.nextDouble();
    }
    discriminability[0] = 1;
    StringBuilder csv =
        new StringBuilder("model_id,benchmark_id,performance,benchmark,Model,date\n");
    for (int m = 0; m < MODELS; m++) {
      // Faster progress after model 20, so the trend has something to find.
      double capability = m < 20 ? -1.5 + 0.08 * m : 0.1 + 0.25 * (m - 20);
      String name =
          switch (m) {
            case 10 -> "Claude 3.5 Sonnet";
            case 25 -> "GPT-5";
            default -> String.format("model-%02d", m);
          };
      LocalDate date = LocalDate.of(2023, 1, 1).plusDays(30L * m);
      for (int b = 0; b < benchmarks; b++) {
        if (b > 0 && random.nextDouble() < 0.25) {
          continue;
        }
        double p =
            1 / (1 + Math.exp(-discriminability[b] * (capability - difficulty[b])))
                + 0.02 * random.nextGaussian();
        csv.append("m")
            .append(m)
            .append(",b")
            .append(b)
            .append(',')
            .append(Math.min(1, Math.max(0, p)))
            .append(',')
            .append(b == 0 ? "Winogrande" : "bench-" + b)
            .append(',')
            .append(name)
            .append(',')
            .append(date)
            .append('\n');
      }
    }
    scores = temp.resolve("scores.csv");
    Files.writeString(scores, csv);
  }

  @Test
  void index_withStoreAndHtml_printsStoresAndWritesThePage() throws Exception {
    Path db = temp.resolve("store.duckdb");
    Path page = temp.resolve("index.html");

    CliRun run =
        CliRun.run(
            "index",
            scores.toString(),
            "--bootstrap",
            "20",
            "--db",
            db.toString(),
            "--html",
            page.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("index: 30 models, 8 benchmarks")
        .contains("90% CI from 20 bootstrap draws")
        .contains("Winogrande (anchor)")
        .contains("stored as fit ");
    assertThat(run.out().lines().filter(l -> l.startsWith("Claude 3.5 Sonnet ")))
        .singleElement()
        .asString()
        .contains("130.00");
    assertThat(Files.readString(page)).contains("<title>Capability index</title>", "GPT-5");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement statement = connection.createStatement()) {
      ResultSet fits = statement.executeQuery("SELECT count(*), min(draws) FROM index_fits");
      fits.next();
      assertThat(fits.getInt(1)).isEqualTo(1);
      assertThat(fits.getInt(2)).isEqualTo(20);
      ResultSet models =
          statement.executeQuery(
              "SELECT count(*), count(low), max(value) FILTER (WHERE model = 'GPT-5')"
                  + " FROM index_models");
      models.next();
      assertThat(models.getInt(1)).isEqualTo(MODELS);
      assertThat(models.getInt(2)).isEqualTo(MODELS - 2);
      assertThat(models.getDouble(3)).isCloseTo(150, within(1e-9));
      ResultSet benchmarks = statement.executeQuery("SELECT count(*) FROM index_benchmarks");
      benchmarks.next();
      assertThat(benchmarks.getInt(1)).isEqualTo(8);
    }
  }

  @Test
  void index_htmlInChromium_chartRenderedWithoutErrors() throws Exception {
    Path page = Path.of("target", "index-sample.html").toAbsolutePath();
    CliRun run =
        CliRun.run(
            "index",
            scores.toString(),
            "--bootstrap",
            "20",
            "--no-store",
            "--trend",
            "--html",
            page.toString());
    assertThat(run.code()).as(run.err()).isZero();

    String dom = new HeadlessChromium(temp).dumpDom(page);

    assertThat(dom).doesNotContain("class=\"js-error\"");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-charts-rendered")).isEqualTo("1");
    assertThat(dom).containsPattern("id=\"chart\"[^>]*>.*?<svg");
  }

  @Test
  void index_csvOutput_feedsTheTrendCommand() throws Exception {
    CliRun index =
        CliRun.run("index", scores.toString(), "--csv", "--no-store", "--bootstrap", "0");
    assertThat(index.code()).as(index.err()).isZero();
    assertThat(index.out())
        .startsWith("model,date,value,low,high,capability,benchmarks,rmse,flags");
    Path series = temp.resolve("eci.csv");
    Files.writeString(series, index.out());

    CliRun trend =
        CliRun.run(
            "trend", series.toString(), "--bootstrap", "50", "--target", "160", "--unit", "ECI");

    assertThat(trend.code()).as(trend.err()).isZero();
    assertThat(trend.out()).contains("series: 30 points").contains("slope ratio (after/before)");
  }

  @Test
  void index_trendFlagAndJson_reportsTheAcceleration() throws Exception {
    CliRun run =
        CliRun.run(
            "index", scores.toString(), "--trend", "--json", "--no-store", "--bootstrap", "0");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode report = Json.mapper().readTree(run.out());
    assertThat(report.at("/fit/models").size()).isEqualTo(MODELS);
    assertThat(report.at("/trend/slopeRatio").asDouble()).isGreaterThan(1.5);
    assertThat(report.at("/stored").isNull() || report.at("/stored").isMissingNode()).isTrue();
  }

  @Test
  void index_reportAlias_writesTheHtmlPage() {
    Path page = temp.resolve("old.html");
    CliRun run =
        CliRun.run(
            "index",
            scores.toString(),
            "--no-store",
            "--bootstrap",
            "0",
            "--report",
            page.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(page).exists();
  }

  @Test
  void index_unknownAnchorBenchmark_exitsTwoWithOneLine() {
    CliRun run = CliRun.run("index", scores.toString(), "--no-store", "--anchor-benchmark", "MMLU");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip().lines())
        .singleElement()
        .asString()
        .contains("anchor benchmark 'MMLU' is not in the scores");
  }

  @Test
  void index_oneAnchor_exitsTwo() {
    CliRun run = CliRun.run("index", scores.toString(), "--no-store", "--anchor", "model-01=100");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--anchor must be given twice");
  }
}
