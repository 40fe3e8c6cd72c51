package dev.loopwatch.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ledger init} as a real process under {@code strace} and checks from the system calls
 * that the private key file and its folder are fsync'd, which no in-process test can observe.
 */
class KeyFileDurabilityTest {
  private static final Pattern OPEN =
      Pattern.compile("^(\\d+)\\s+openat\\(AT_FDCWD, \"([^\"]+)\", [^)]*\\) = (\\d+)");
  private static final Pattern SYNC = Pattern.compile("^(\\d+)\\s+f(?:data)?sync\\((\\d+)\\)");

  @TempDir Path temp;

  @Test
  void init_logKey_fileAndFolderFsyncedBeforeExit() throws Exception {
    Path log = temp.resolve("log").toAbsolutePath();
    Path trace = temp.resolve("trace.txt");
    Process process =
        new ProcessBuilder(
                "strace",
                "-f",
                "-e",
                "trace=openat,fsync,fdatasync",
                "-o",
                trace.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.loopwatch.app.Main",
                "ledger",
                "init",
                log.toString(),
                "--origin",
                "durable.example/log")
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("output.txt").toFile())
            .start();
    try {
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("ledger init finished").isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as(Files.readString(temp.resolve("output.txt"))).isZero();
    List<String> lines = Files.readAllLines(trace);
    assertThat(synced(lines, log.resolve("log.key").toString())).as("log.key fsync'd").isTrue();
    assertThat(synced(lines, log.toString())).as("log folder fsync'd").isTrue();
  }

  /** Whether some opening of {@code path} is followed by an fsync of that descriptor. */
  private static boolean synced(List<String> lines, String path) throws IOException {
    List<String[]> opened = new ArrayList<>();
    for (String line : lines) {
      Matcher open = OPEN.matcher(line);
      if (open.find()) {
        String[] key = {open.group(1), open.group(3)};
        opened.removeIf(o -> o[0].equals(key[0]) && o[1].equals(key[1]));
        if (open.group(2).equals(path)) {
          opened.add(key);
        }
        continue;
      }
      Matcher sync = SYNC.matcher(line);
      if (sync.find()) {
        for (String[] o : opened) {
          if (o[1].equals(sync.group(2))) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
