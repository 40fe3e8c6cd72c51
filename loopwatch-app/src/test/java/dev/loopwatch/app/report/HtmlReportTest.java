package dev.loopwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final Pattern SCRIPT = Pattern.compile("(?s)<script[^>]*>.*?</script>");

  private static String echartsSource() throws IOException {
    try (InputStream in = HtmlReport.class.getResourceAsStream(HtmlReport.ECHARTS_RESOURCE)) {
      assertThat(in).as("echarts webjar on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The page without its script elements: what a reader sees. */
  private static String visibleMarkup(String page) {
    return SCRIPT.matcher(page).replaceAll("");
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  @Test
  void render_realistic_inlinesEchartsAndReferencesNothingExternal() throws IOException {
    String echarts = echartsSource();

    String page = HtmlReport.render(ReportFixtures.realistic());

    assertThat(page).contains(echarts);
    assertThat(page.toLowerCase(Locale.ROOT))
        .doesNotContain("src=\"http")
        .doesNotContain("src='http");
    // The bundle's licence comment names its licence URLs; nothing else in the page may name or
    // load any URL.
    assertThat(page.replace(echarts, "").toLowerCase(Locale.ROOT))
        .doesNotContain("https://")
        .doesNotContain("http://")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("<link")
        .doesNotContain("@import")
        .doesNotContain("url(");
  }

  @Test
  void render_hostileSubject_escapedAndScriptElementsIntact() {
    String page = HtmlReport.render(ReportFixtures.realistic());

    assertThat(page)
        .contains("Fix &lt;/script&gt;&lt;b&gt;x&lt;/b&gt; escaping — naïve café ✓ 日本語 🚀")
        .doesNotContain("</script><b>")
        .doesNotContain("<b>x</b>");
    assertThat(occurrences(page.toLowerCase(Locale.ROOT), "</script"))
        .as("every </script is the end of one of the page's script elements")
        .isEqualTo(occurrences(page, "<script"))
        .isEqualTo(4);
  }

  @Test
  void render_realistic_headlineNumbersExact() {
    String page = HtmlReport.render(ReportFixtures.realistic());

    assertThat(page)
        .contains("<div class=\"card-value\"><span class=\"qualifier\">at least</span> 23.4%</div>")
        .contains(
            "Lower bound: 23,400 of 100,000 counted added lines, every merged change counted, have"
                + " strong or medium AI evidence.")
        .contains(
            "<div class=\"card-trimmed\" id=\"headline-trimmed\"><span class=\"card-alt-value\">20.0%</span>"
                + " with the outlier cut; the cut dropped 41 changes = 67.9% of lines.</div>")
        .contains("<div class=\"card-value\">26.5%</div>")
        .contains("Adds 3,100 lines whose only evidence is weak")
        .contains("<div class=\"card-value\">1.20×</div>")
        .contains(
            "Added lines per engineer per day, 2025-Q4 (5.8, 28 engineers) over 2024-Q2 (4.8, 25 engineers). "
                + "95% interval 1.08× to 1.34× (bootstrap over engineers).")
        .contains("<div class=\"card-value\"><span class=\"qualifier\">at least</span> 22.2%</div>")
        .contains(
            "11,100 of 50,000 lines alive at 3f9c2a1e8b were last changed with strong or medium AI evidence.");
  }

  @Test
  void render_baselineWithFewEngineers_cardSaysInconclusive() {
    String page = HtmlReport.render(ReportFixtures.small());

    assertThat(page)
        .contains("<div class=\"card card-throughput inconclusive\">")
        .contains("<div class=\"card-value\">6.20× inconclusive</div>")
        .contains(
            "Inconclusive: only 2 engineers in 2025-05 (fewer than 5); only 1 engineer in 2025-06"
                + " (fewer than 5).");
  }

  @Test
  void render_realistic_tablesCarryTheNumbers() {
    String page = HtmlReport.render(ReportFixtures.realistic());

    assertThat(page)
        .contains("<tr><th>No AI evidence (unknown)</th><td>73,500</td><td>73.5%</td></tr>")
        .contains(
            "<tr><th>aider</th><td class=\"text\">anthropic/claude-sonnet-4:thinking</td>"
                + "<td class=\"text\"><span class=\"badge strong\">strong</span></td><td>800</td><td>0.8%</td></tr>")
        .contains("<td class=\"text\"><span class=\"muted\">not stated</span></td>")
        .contains(
            "<tr><th>web/src/pages, legacy</th><td>15,000</td><td>3,000</td><td>20.0%</td></tr>")
        .contains("<tr><th>Lock files</th><td>312 files</td><td>184,220</td></tr>")
        .contains(
            "<tr><th>Ignored revisions (.git-blame-ignore-revs)</th><td>3 changes</td><td>25,400</td></tr>")
        .contains(
            "<tr><th>Outlier changes, from throughput and the trimmed share only (per repository, above"
                + " its 99th percentile of added lines, in repositories with 200 or more changes;"
                + " above 5,000 lines)</th><td>41 changes</td><td>212,000</td></tr>")
        .contains(
            "<li class=\"warning\">web-frontend: claude-code evidence stops after 2025-02-17 while 240"
                + " later changes merged (2025-02-18 to 2025-08-22), with its evidence on only 1 of"
                + " them (last on 2025-03-02).</li>")
        .contains("Left out because they have changes in only one of the two periods: infra-tools.")
        .contains(
            "<tr><th>payments-api</th><td>4.1</td><td>12</td><td>5.2</td><td>13</td><td>1.27×</td>"
                + "<td>0.90× to 1.70×</td><td class=\"text\"><span class=\"warning\">inconclusive</span>:"
                + " the 95% interval 0.90x-1.70x includes 1x (no change)</td></tr>")
        .contains(
            "<tr><th>Automation bots: never counted as AI or as an engineer</th><td>610 changes</td>"
                + "<td>48,200</td></tr>")
        .contains("<td class=\"text\"><code>1234abcd56</code></td>")
        .contains("<td class=\"text nowrap\">2025-10-21</td><td>1,880</td><td>1,400</td>")
        .contains(
            "<td class=\"text\">claude-code, copilot</td><td class=\"text\">co-author-trailer</td>")
        .contains("<div class=\"warning\">Shallow clone: older history is missing")
        .contains("<td class=\"text nowrap\">2025-03-01 to 2025-12-12</td>")
        .contains(
            "<li>infra-tools is a shallow clone: its history before 2025-03-01 is missing.</li>")
        .contains(
            "2026-01-05 09:30 UTC · 3 repositories · 4,022 merged changes · quarterly buckets · "
                + "2024-01-03 to 2025-12-19");
    assertThat(occurrences(page, "class=\"chart\"")).isEqualTo(5);
  }

  @Test
  void render_realistic_neverCallsNoEvidenceHuman() {
    String visible = visibleMarkup(HtmlReport.render(ReportFixtures.realistic()));

    Matcher human = Pattern.compile("(?i)human").matcher(visible);
    int found = 0;
    while (human.find()) {
      found++;
      String before = visible.substring(Math.max(0, human.start() - 20), human.start());
      assertThat(before)
          .as("text before 'human' #%d", found)
          .matches("(?s).*(not known to be |not necessarily )");
    }
    assertThat(found).isEqualTo(2);
  }

  @Test
  void render_empty_saysNoMergedChangesAndDrawsNoCharts() {
    String page = HtmlReport.render(ReportFixtures.empty());

    assertThat(page)
        .contains("No merged changes in the scanned range, so there is nothing to chart.")
        .contains("<div class=\"card-value\"><span class=\"qualifier\">at least</span> 0.0%</div>")
        .contains("<div class=\"card-value\">not compared</div>")
        .contains("<span class=\"muted\">no merged changes</span>")
        .doesNotContain("class=\"chart\"")
        .doesNotContain("id=\"live\"");
  }

  @Test
  void write_existingFile_replacedWholeAndNoTemporaryLeft(@TempDir Path folder) throws IOException {
    Path out = folder.resolve("report.html");
    Files.writeString(out, "old");

    HtmlReport.write(ReportFixtures.realistic(), out);

    assertThat(Files.readString(out)).isEqualTo(HtmlReport.render(ReportFixtures.realistic()));
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("report.html");
    }
  }

  @Test
  void write_folderIsAFile_externalErrorAndNothingWritten(@TempDir Path folder) throws IOException {
    Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");

    assertThatThrownBy(
            () -> HtmlReport.write(ReportFixtures.empty(), notAFolder.resolve("report.html")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(notAFolder.resolve("report.html").toString());
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("plain-file");
    }
  }

  @Test
  void escape_markupCharacters_entities() {
    assertThat(HtmlReport.escape("<a href=\"x\">&'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  }

  @Test
  void percent_shares_oneDecimalRootLocale() {
    assertThat(HtmlReport.percent(0.234)).isEqualTo("23.4%");
    assertThat(HtmlReport.percent(1)).isEqualTo("100.0%");
    assertThat(HtmlReport.percent(Double.NaN)).isEqualTo("n/a");
  }
}
