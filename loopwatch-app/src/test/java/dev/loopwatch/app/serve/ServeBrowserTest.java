package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} driven through {@code
 * /usr/bin/chromedriver}, package {@code chromium-driver}), one browser for the class, with name
 * resolution off except for loopback so a page can load nothing from the network. Fails, never
 * skips, when either is missing.
 */
class ServeBrowserTest {
  @TempDir static Path temp;

  private static ServeFixture fixture;
  private static ServeCommand.Serving serving;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServeFixture.create(temp);
    serving = ServeFixture.serve(Map.of(), "--db", fixture.store.toString(), "--port", "0");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + temp.resolve("profile"),
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1200, 900));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    serving.close();
  }

  /** Opens {@code path}, waits for its charts and returns the severe console messages. */
  private static List<String> open(String path) throws InterruptedException {
    browser.get(serving.url() + path.substring(1));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      WebElement body = browser.findElement(By.tagName("body"));
      String expected = body.getDomAttribute("data-charts-expected");
      if (expected != null && expected.equals(body.getDomAttribute("data-charts-rendered"))) {
        break;
      }
      Thread.sleep(50);
    }
    List<String> severe = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        severe.add(path + ": " + entry.getMessage());
      }
    }
    return severe;
  }

  private static String attribute(String name) {
    return browser.findElement(By.tagName("body")).getDomAttribute(name);
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
  void ladder_fixtureStore_februaryHoldsP1AndJanuaryNone() throws Exception {
    assertThat(open("/ladder")).isEmpty();

    assertThat(browser.findElement(By.cssSelector("tr[data-month='2026-02'] td.phase")).getText())
        .isEqualTo("P1 chatbots and copy/paste");
    assertThat(browser.findElement(By.cssSelector("tr[data-month='2026-01'] td.phase")).getText())
        .isEqualTo("no phase held");
    assertThat(browser.findElement(By.id("chart-ladder")).getDomAttribute("data-points"))
        .isEqualTo("2");
  }

  @Test
  void overview_fixtureStore_currentPhaseWithWhatIsMissingForTheNext() throws Exception {
    assertThat(open("/")).isEmpty();

    assertThat(browser.findElement(By.id("current-phase")).getDomAttribute("data-phase"))
        .isEqualTo("P1");
    assertThat(browser.findElement(By.id("missing")).getText()).contains("missing for P2: ");
    assertThat(browser.findElement(By.id("repositories")).getText()).contains("repo");
  }
}
