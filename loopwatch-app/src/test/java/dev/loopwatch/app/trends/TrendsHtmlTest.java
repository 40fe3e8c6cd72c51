package dev.loopwatch.app.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --report} pages of {@code loopwatch horizon} and {@code loopwatch trend}: their text,
 * and what a real headless Chromium makes of them (Debian's {@code /usr/bin/chromium}, name
 * resolution disabled, launched as in {@code HtmlReportBrowserTest}). Fails, never skips, when
 * Chromium is missing.
 */
class TrendsHtmlTest {

  @TempDir Path temp;
  private Path runs;
  private Path dates;
  private Path series;

  @BeforeEach
  void files() throws IOException {
    runs = temp.resolve("runs.csv");
    StringBuilder csv =
        new StringBuilder("alias,task_id,task_family,task_source,human_minutes,score_binarized\n");
    double[] minutes = {1, 2, 16, 32};
    String[][] agents = {
      {"alpha", "2,2,0,0"}, {"beta", "2,2,2,0"}, {"gamma", "0,0,0,0"}, {"<b>x</b>", "2,1,0,0"}
    };
    for (String[] agent : agents) {
      String[] successes = agent[1].split(",");
      for (int t = 0; t < 4; t++) {
        for (int r = 0; r < 2; r++) {
          csv.append(agent[0])
              .append(",t")
              .append(t)
              .append(",f")
              .append(t)
              .append(",HCAST,")
              .append(minutes[t])
              .append(',')
              .append(r < Integer.parseInt(successes[t]) ? 1 : 0)
              .append('\n');
        }
      }
    }
    Files.writeString(runs, csv);
    dates = temp.resolve("release_dates.csv");
    Files.writeString(
        dates, "alpha,2023-01-01\nbeta,2024-01-01\ngamma,2022-06-01\n<b>x</b>,2023-03-01\n");
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

  private String horizonPage(Path page, int bootstrap) throws IOException {
    CliRun result =
        CliRun.run(
            "horizon",
            runs.toString(),
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            String.valueOf(bootstrap),
            "--report",
            page.toString());
    assertThat(result.code()).as(result.err()).isZero();
    return Files.readString(page);
  }

  private String trendPage(Path page) throws IOException {
    CliRun result =
        CliRun.run(
            "trend", series.toString(), "--log", "--bootstrap", "50", "--report", page.toString());
    assertThat(result.code()).as(result.err()).isZero();
    return Files.readString(page);
  }

  @Test
  void horizonReport_tinyDataset_selfContainedWithHeadlines() throws IOException {
    String page = horizonPage(temp.resolve("out/horizon.html"), 0);

    assertThat(page)
        .doesNotContain("src=\"http")
        .doesNotContain("<b>x</b>")
        .contains("<th>&lt;b&gt;x&lt;/b&gt;</th>")
        .contains("\"agent\":\"\\u003cb>x\\u003c/b>\"")
        .contains("<title>Time horizons and doubling time</title>")
        .contains("<div class=\"chart\" id=\"chart-horizon\" data-chart=\"horizon\"></div>")
        .contains(
            "<li>all data: doubling every 43.5 days; frontier gamma, alpha, beta; floored to 0.001"
                + " minutes: gamma</li>",
            "<li>from 2023-01-01: doubling every 178.4 days; frontier alpha, beta</li>",
            "<li>from 2024-01-01: no doubling time, fewer than 2 frontier release dates"
                + " (beta)</li>")
        .contains("echarts");
    try (Stream<Path> files = Files.list(temp.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("horizon.html");
    }
  }

  @Test
  void horizonReport_agentsTable_byReleaseDateInSignificantFigures() throws IOException {
    String page = horizonPage(temp.resolve("table.html"), 200);
    String table = page.substring(page.indexOf("<h2>Agents</h2>"));
    assertThat(table.indexOf("<th>gamma</th>"))
        .isLessThan(table.indexOf("<th>alpha</th>"))
        .isPositive();
    assertThat(table.indexOf("<th>alpha</th>"))
        .isLessThan(table.indexOf("<th>&lt;b&gt;x&lt;/b&gt;</th>"));
    assertThat(table.indexOf("<th>&lt;b&gt;x&lt;/b&gt;</th>"))
        .isLessThan(table.indexOf("<th>beta</th>"));
    // Small bounds keep three significant figures instead of printing as 0.0.
    assertThat(table).doesNotContain(">0.0 to ").doesNotContain(" to 0.0<");
    assertThat(table).containsPattern("<td>0\\.0\\d+ to ");
  }

  @Test
  void horizonReport_fittedLine_insideItsBand() throws IOException {
    String page = horizonPage(temp.resolve("band-line.html"), 200);
    String json =
        page.substring(page.indexOf("id=\"trend-data\">") + "id=\"trend-data\">".length());
    var data =
        dev.loopwatch.app.cli.Json.mapper().readTree(json.substring(0, json.indexOf("</script>")));
    for (var window : data.get("windows")) {
      var line = window.get("line");
      var low = window.get("low");
      var high = window.get("high");
      double lineStart = line.get(0).get(1).asDouble();
      double lineEnd = line.get(1).get(1).asDouble();
      assertThat(lineStart)
          .as(window.get("label").asText() + " start")
          .isBetween(low.get(0).get(1).asDouble(), high.get(0).get(1).asDouble());
      assertThat(lineEnd)
          .as(window.get("label").asText() + " end")
          .isBetween(
              low.get(low.size() - 1).get(1).asDouble(),
              high.get(high.size() - 1).get(1).asDouble());
    }
  }

  @Test
  void horizonReport_withBootstrap_drawsTheSampledBand() throws IOException {
    String page = horizonPage(temp.resolve("band.html"), 40);
    assertThat(page).contains("\"low\":[[").contains("\"high\":[[");
    assertThat(horizonPage(temp.resolve("noband.html"), 0)).doesNotContain("\"low\":[[");
  }

  @Test
  void trendReport_brokenSeries_verdictAndProjections() throws IOException {
    String page = trendPage(temp.resolve("trend.html"));

    assertThat(page)
        .doesNotContain("src=\"http")
        .contains(
            "<p class=\"headline\">Accelerated: the broken line beats the single line on both"
                + " LOO-CV error and BIC, and the whole 95% interval of the slope ratio lies"
                + " above 1.</p>")
        .contains("<li>Slope ratio (after/before): 2.00, 95% CI 2.00 to 2.00</li>")
        .contains(
            "<tr><th>480</th><td>2022-07-14</td><td>2022-06-27 to 2022-08-12</td>"
                + "<td>2023-01-11</td><td>2023-01-11 to 2023-01-11</td></tr>")
        .contains("<div class=\"chart\" id=\"chart-trend\" data-chart=\"trend\"></div>");
  }

  @Test
  void horizonReport_inChromium_chartRenderedWithoutErrors() throws IOException {
    Path page = Path.of("target", "trends-horizon-sample.html").toAbsolutePath();
    horizonPage(page, 40);
    String dom = dumpDom(page);
    assertThat(dom).doesNotContain("class=\"js-error\"");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("1");
    assertThat(dom).containsPattern("id=\"chart-horizon\"[^>]*>.*?<svg");
    screenshot(page, Path.of("target", "trends-horizon-screenshot.png").toAbsolutePath());
  }

  @Test
  void trendReport_inChromium_chartRenderedWithoutErrors() throws IOException {
    Path page = Path.of("target", "trends-trend-sample.html").toAbsolutePath();
    trendPage(page);
    String dom = dumpDom(page);
    assertThat(dom).doesNotContain("class=\"js-error\"");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("1");
    assertThat(dom).containsPattern("id=\"chart-trend\"[^>]*>.*?<svg");
    screenshot(page, Path.of("target", "trends-trend-screenshot.png").toAbsolutePath());
  }

  @Test
  void trendReport_brokenData_errorShownInPage() throws IOException {
    Path page = temp.resolve("broken.html");
    String text = trendPage(page);
    String dataStart = "<script type=\"application/json\" id=\"trend-data\">{";
    assertThat(text).contains(dataStart);
    Files.writeString(page, text.replace(dataStart, dataStart + "oops"));

    String dom = dumpDom(page);

    assertThat(dom).contains("<div class=\"js-error\">Script error: ");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("(missing)");
  }

  private String dumpDom(Path page) throws IOException {
    return new HeadlessChromium(temp).dumpDom(page);
  }

  private void screenshot(Path page, Path png) throws IOException {
    new HeadlessChromium(temp).screenshot(page, png, 1280, 1600);
    assertThat(Files.size(png)).isGreaterThan(20_000);
  }

  private static String bodyAttribute(String dom, String name) {
    return HeadlessChromium.bodyAttribute(dom, name);
  }
}
