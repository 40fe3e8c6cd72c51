package dev.loopwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in a real headless Chromium (Debian's {@code /usr/bin/chromium}, with name
 * resolution disabled so nothing can come from the network) and checks the DOM after the page's
 * script ran. Fails, never skips, when Chromium is missing: install it with {@code apt-get install
 * -y chromium}.
 */
class HtmlReportBrowserTest {
  private static final Pattern CHART_WITH_SVG =
      Pattern.compile(
          "<div class=\"chart\" id=\"chart-(\\w+)\"[^>]*>(?:(?!</section>).)*?<svg",
          Pattern.DOTALL);

  @TempDir Path folder;

  private String dumpDom(String page) throws IOException {
    return new HeadlessChromium(folder).dumpDom(page);
  }

  private static String bodyAttribute(String dom, String name) {
    return HeadlessChromium.bodyAttribute(dom, name);
  }

  private static List<String> chartsWithSvg(String dom) {
    List<String> charts = new ArrayList<>();
    Matcher matcher = CHART_WITH_SVG.matcher(dom);
    while (matcher.find()) {
      charts.add(matcher.group(1));
    }
    return charts;
  }

  @Test
  void open_realisticReport_allChartsRenderedWithoutScriptErrors() throws IOException {
    String dom = dumpDom(HtmlReport.render(ReportFixtures.realistic()));

    assertThat(dom)
        .contains("<div id=\"js-errors\" role=\"alert\"></div>")
        .doesNotContain("class=\"js-error\"");
    assertThat(bodyAttribute(dom, "data-charts-expected")).isEqualTo("5");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("5");
    assertThat(chartsWithSvg(dom))
        .containsExactly("share", "throughput", "evidence", "live", "paths");
    // The coverage break is drawn on the share chart as a marked line with its label.
    assertThat(bodyAttribute(dom, "data-share-annotations")).isEqualTo("1");
    String shareChart =
        dom.substring(dom.indexOf("id=\"chart-share\""), dom.indexOf("id=\"coverage-breaks\""));
    assertThat(shareChart).contains("claude-code evidence stops 2025-02-17");
    assertThat(dom).contains("<span class=\"card-alt-value\">20.0%</span> with the outlier cut");
    assertThat(dom)
        .contains("Fix &lt;/script&gt;&lt;b&gt;x&lt;/b&gt; escaping — naïve café ✓ 日本語 🚀");
  }

  @Test
  void open_emptyReport_noChartsNoErrors() throws IOException {
    String dom = dumpDom(HtmlReport.render(ReportFixtures.empty()));

    assertThat(dom)
        .contains("<div id=\"js-errors\" role=\"alert\"></div>")
        .doesNotContain("class=\"js-error\"");
    assertThat(bodyAttribute(dom, "data-charts-expected")).isEqualTo("0");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("0");
    assertThat(dom).contains("No merged changes in the scanned range");
  }

  @Test
  void open_brokenData_errorShownInPage() throws IOException {
    String page = HtmlReport.render(ReportFixtures.small());
    String dataStart = "<script type=\"application/json\" id=\"report-data\">{";
    assertThat(page).contains(dataStart);

    String dom = dumpDom(page.replace(dataStart, dataStart + "oops"));

    assertThat(dom).contains("<div class=\"js-error\">Script error: ");
    assertThat(bodyAttribute(dom, "data-charts-rendered")).isEqualTo("(missing)");
  }

  @Test
  void screenshot_realisticReport_pngInTarget() throws IOException {
    Path file = Path.of("target", "html-report-sample.html").toAbsolutePath();
    HtmlReport.write(ReportFixtures.realistic(), file);
    Path png = Path.of("target", "html-report-screenshot.png").toAbsolutePath();
    new HeadlessChromium(folder).screenshot(file, png, 1280, 2400);

    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(50_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }
}
