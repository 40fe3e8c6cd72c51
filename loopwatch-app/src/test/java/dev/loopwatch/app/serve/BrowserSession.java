package dev.loopwatch.app.serve;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium} driven through {@code /usr/bin/chromedriver},
 * package {@code chromium-driver}) with name resolution off except for loopback, so a page can load
 * nothing from the network. Fails, never skips, when either is missing.
 */
final class BrowserSession implements AutoCloseable {
  final ChromeDriver driver;

  private BrowserSession(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts a browser whose profile lives in {@code profile}. */
  static BrowserSession start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1200, 900));
    return new BrowserSession(driver);
  }

  /**
   * Opens {@code path} under {@code base}, waits up to 20 s for the page to draw the charts it
   * declares, and returns the console messages at warning level or above.
   */
  List<String> open(String base, String path) throws InterruptedException {
    driver.get(base + path.substring(1));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      String expected = attribute("data-charts-expected");
      if (expected != null && expected.equals(attribute("data-charts-rendered"))) {
        break;
      }
      Thread.sleep(50);
    }
    List<String> severe = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        severe.add(path + ": " + entry.getMessage());
      }
    }
    return severe;
  }

  /** An attribute of the page's {@code <body>}. */
  String attribute(String name) {
    return driver.findElement(By.tagName("body")).getDomAttribute(name);
  }

  /** The text of the element with {@code id}. */
  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
