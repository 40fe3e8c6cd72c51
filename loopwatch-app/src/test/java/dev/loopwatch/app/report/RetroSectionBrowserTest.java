package dev.loopwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.retro.store.RetroStore.IncidentRow;
import dev.loopwatch.retro.store.RetroStore.ReviewCell;
import dev.loopwatch.retro.store.RetroStore.ReviewerRow;
import dev.loopwatch.retro.store.RetroStore.RunModels;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrospective section inside the provenance report, drawn by headless Chromium. */
class RetroSectionBrowserTest {
  @TempDir Path folder;

  private static final List<ReviewerRow> ROWS =
      List.of(
          new ReviewerRow(
              "claude-review",
              12,
              11,
              9,
              9,
              9,
              0,
              1,
              8,
              3,
              Optional.of(new Bootstrap.Interval(0.375, 0.125, 0.75, 0.95)),
              Optional.of(2),
              Optional.of(8),
              Optional.of(new Bootstrap.Interval(0.25, 0.0, 0.5, 0.95)),
              Optional.of(new Bootstrap.Interval(1.5, 0.5, 2.5, 0.95)),
              61_000,
              Optional.of(new BigDecimal("1.230000")),
              0,
              Optional.empty()),
          new ReviewerRow(
              "pmd",
              12,
              11,
              9,
              9,
              9,
              2,
              0,
              7,
              0,
              Optional.of(new Bootstrap.Interval(0.0, 0.0, 0.35, 0.95)),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              4_000,
              Optional.empty(),
              0,
              Optional.empty()));

  private static final List<IncidentRow> INCIDENTS =
      List.of(
          new IncidentRow(
              "INC-1",
              "sev1",
              "reviewed",
              Optional.of("0123456789abcdef0123456789abcdef01234567"),
              false,
              "src/Calc.java:3",
              List.of(
                  new ReviewCell(
                      "claude-review",
                      Optional.empty(),
                      2,
                      Optional.of("src/Calc.java:3 sign flipped <here>"),
                      Optional.of(3),
                      Optional.empty(),
                      Optional.empty()),
                  new ReviewCell(
                      "pmd",
                      Optional.empty(),
                      0,
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of("reads only .java files"),
                      Optional.empty()))),
          new IncidentRow(
              "INC-2",
              "sev2",
              "reviewed",
              Optional.of("89abcdef0123456789abcdef0123456789abcdef"),
              true,
              "",
              List.of(
                  new ReviewCell(
                      "claude-review",
                      Optional.of("exit code 1"),
                      0,
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty()),
                  new ReviewCell(
                      "pmd",
                      Optional.empty(),
                      1,
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty()))),
          new IncidentRow(
              "INC-3", "sev1", "fix-not-found", Optional.empty(), false, "", List.of()));

  private static final RetroRun RUN = new RetroRun(ROWS, INCIDENTS, RunModels.NONE);

  @Test
  void render_withRetroRows_drawsBothRetroChartsAndTheOthers() throws Exception {
    String page = HtmlReport.render(ReportFixtures.realistic(), RUN);

    String dom = new HeadlessChromium(folder).dumpDom(page);

    assertThat(HeadlessChromium.bodyAttribute(dom, "data-retro-charts-expected")).isEqualTo("2");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-retro-charts-rendered")).isEqualTo("2");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-charts-rendered"))
        .isEqualTo(HeadlessChromium.bodyAttribute(dom, "data-charts-expected"));
    assertThat(dom)
        .contains("<h2>Review retrospective</h2>")
        .contains("<td>claude-review</td>")
        .contains(
            "<td>9</td><td>9</td><td>0</td><td>9</td><td>1</td><td>8</td><td>3</td>"
                + "<td>3/8 38% [13–75]</td><td>2</td><td>2/8 25% [0–50]</td>")
        .contains("<td>9</td><td>9</td><td>2</td><td>7</td><td>0</td><td>7</td><td>0</td>")
        .contains("<td>0/7 0% [0–35]</td>")
        .contains("<td>1.50 [0.50–2.50]</td>")
        .contains("<td>1.23</td></tr>")
        .contains("<td>4.0 s</td><td>-</td></tr>")
        .contains("<tr><td>sev1</td><td>1/1 (100%)</td><td>-</td></tr>")
        .contains("<tr><td>sev2</td><td>-</td><td>-</td></tr>")
        .contains(
            "<td>caught by src/Calc.java:3 sign flipped &lt;here&gt;; judged 3 (2 findings)</td>")
        .contains("<td><code>89abcdef0123</code> (declared)</td><td>none traced</td>")
        .contains("<td>not applicable: reads only .java files</td>")
        .contains(
            "<td>reviewer error: exit code 1</td>"
                + "<td>not counted: no traceable buggy line (1 finding)</td>")
        .contains("<td>INC-3</td><td>sev1</td><td>fix-not-found</td><td><code>-</code></td>")
        .doesNotContain("<div class=\"js-error\"");
  }

  @Test
  void render_withoutRetroRows_hasNoRetroSection() {
    assertThat(HtmlReport.render(ReportFixtures.realistic())).doesNotContain("id=\"retro\"");
    assertThat(HtmlReport.render(ReportFixtures.realistic(), RetroRun.none()))
        .doesNotContain("id=\"retro\"");
  }
}
