package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.process.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code /usr/bin/chromium}, headless, with name resolution disabled so a page can load
 * nothing from the network. Fails, never skips, when Chromium is missing: install it with {@code
 * apt-get install -y chromium}.
 */
public final class HeadlessChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path folder;

  /** A browser whose profile and home live in {@code folder}. */
  public HeadlessChromium(Path folder) {
    this.folder = folder;
  }

  /** The DOM of {@code page} after its scripts ran. */
  public String dumpDom(Path page) throws IOException {
    return run("--dump-dom", page.toUri().toString());
  }

  /** Writes {@code html} to a file and returns its DOM after its scripts ran. */
  public String dumpDom(String html) throws IOException {
    Path file = folder.resolve("page.html");
    Files.writeString(file, html);
    return dumpDom(file);
  }

  /** A PNG screenshot of {@code page} at {@code width} x {@code height} pixels. */
  public void screenshot(Path page, Path png, int width, int height) throws IOException {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run(
        "--hide-scrollbars",
        "--window-size=" + width + "," + height,
        "--screenshot=" + png,
        page.toUri().toString());
  }

  /** The value of attribute {@code name} on the DOM's body, or {@code (missing)}. */
  public static String bodyAttribute(String dom, String name) {
    Matcher matcher = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return matcher.find() ? matcher.group(1) : "(missing)";
  }

  /** Runs Chromium and returns its stdout; fails on a non-zero exit or after the timeout. */
  private String run(String... arguments) throws IOException {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("%s is needed for this test; install it with: apt-get install -y chromium", CHROMIUM)
        .isTrue();
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + folder.resolve("profile"),
                "--virtual-time-budget=5000"));
    command.addAll(List.of(arguments));
    try (ChildProcess chromium =
        ChildProcess.start(command, folder, Map.of("HOME", folder.toString()), TIMEOUT)) {
      String stdout = new String(chromium.stdout().readAllBytes(), StandardCharsets.UTF_8);
      int exit = chromium.waitFor();
      assertThat(exit).as("chromium exit code; stderr:%n%s", chromium.stderrText()).isZero();
      return stdout;
    }
  }
}
