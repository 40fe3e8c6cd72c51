package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real headless Chromium ({@link BrowserSession}), one browser for the class,
 * over a store scanned from a real two-month repository ({@link ServeFixture}).
 */
class ServeBrowserTest {
  @TempDir static Path temp;

  private static ServeFixture fixture;
  private static ServeCommand.Serving serving;
  private static BrowserSession session;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServeFixture.create(temp);
    serving = ServeFixture.serve(Map.of(), "--db", fixture.store.toString(), "--port", "0");
    session = BrowserSession.start(temp.resolve("profile"));
    browser = session.driver;
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
    serving.close();
  }

  /** Opens {@code path}, waits for its charts and returns the console warnings and errors. */
  private static List<String> open(String path) throws InterruptedException {
    return session.open(serving.url(), path);
  }

  private static String attribute(String name) {
    return session.attribute(name);
  }

  @Test
  void everyPage_loads_noConsoleErrorsAndEveryChartDrawn() throws Exception {
    List<String> paths = new ArrayList<>(Pages.NAVIGATION.keySet());
    paths.add("/months/2026-01");
    paths.add("/changes/" + fixture.shas.get("add parser"));
    List<String> problems = new ArrayList<>();
    for (String path : paths) {
      problems.addAll(open(path));
      String expected = attribute("data-charts-expected");
      String rendered = attribute("data-charts-rendered");
      if (expected == null || !expected.equals(rendered)) {
        problems.add(path + ": " + rendered + " of " + expected + " charts drawn");
      }
      if (!browser.findElements(By.cssSelector(".js-error")).isEmpty()) {
        problems.add(path + ": " + browser.findElement(By.cssSelector(".js-error")).getText());
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void code_charts_haveOnePointPerMonthAndDrawnBars() throws Exception {
    assertThat(open("/code")).isEmpty();

    WebElement share = browser.findElement(By.id("chart-share"));
    assertThat(share.getDomAttribute("data-points")).isEqualTo("2");
    assertThat(share.findElements(By.cssSelector("path"))).hasSizeGreaterThan(4);
    assertThat(browser.findElement(By.id("chart-throughput")).getDomAttribute("data-points"))
        .isEqualTo("2");
  }

  @Test
  void drillDown_clickFebruaryBarThenAChange_landsOnThatChange() throws Exception {
    assertThat(open("/code")).isEmpty();
    WebElement chart = browser.findElement(By.id("chart-share"));
    int width = chart.getRect().getWidth();
    int height = chart.getRect().getHeight();
    // The grid leaves 60 px left, 20 right and 40 below; February is the second of two bars.
    int x = 60 + (width - 80) * 3 / 4 - width / 2;
    int y = height / 2 - 60;

    new Actions(browser).moveToElement(chart, x, y).click().perform();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!browser.getCurrentUrl().endsWith("/months/2026-02")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(browser.getCurrentUrl()).endsWith("/months/2026-02");

    browser
        .findElements(By.cssSelector("#change-list a.change"))
        .get(0)
        .click(); // newest first: add exporter

    assertThat(browser.getCurrentUrl()).contains("/changes/" + fixture.shas.get("add exporter"));
    assertThat(browser.findElement(By.id("change")).getDomAttribute("data-sha"))
        .isEqualTo(fixture.shas.get("add exporter"));
    assertThat(browser.findElement(By.id("files")).getText()).contains("src/exporter.txt");
  }

  @Test
  void ladder_fixtureStore_noPhaseHeldOnThreeChangesAMonth() throws Exception {
    assertThat(open("/ladder")).isEmpty();

    assertThat(browser.findElement(By.cssSelector("tr[data-month='2026-02'] td.phase")).getText())
        .isEqualTo("no phase held");
    assertThat(browser.findElement(By.cssSelector("tr[data-month='2026-01'] td.phase")).getText())
        .isEqualTo("no phase held");
    assertThat(browser.findElement(By.id("chart-ladder")).getDomAttribute("data-points"))
        .isEqualTo("2");
  }

  @Test
  void overview_fixtureStore_currentPhaseWithWhatIsMissingForTheNext() throws Exception {
    assertThat(open("/")).isEmpty();

    assertThat(browser.findElement(By.id("current-phase")).getDomAttribute("data-phase"))
        .isEqualTo("none");
    assertThat(browser.findElement(By.id("missing")).getText())
        .contains("missing for P1: AI share of merged lines 95% [0-")
        .contains("the interval straddles 5%");
    assertThat(browser.findElement(By.id("repositories")).getText()).contains("repo");
  }
}
